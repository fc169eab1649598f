"""Module-level constant data: NUL-terminated strings, interned per module."""
from __future__ import annotations

from llvmlite import ir

from .irbuilder import opaque_global
from .layout import I8


def cstring(module: ir.Module, text: str | bytes, *, prefix: str = ".str") -> ir.GlobalVariable:
    """A private constant holding `text` + NUL; the same text gives the same global."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    cache = module.__dict__.setdefault("_kiln_cstrings", {})
    gv = cache.get(data)
    if gv is None:
        arr = ir.ArrayType(I8, len(data) + 1)
        gv = opaque_global(module, arr, module.get_unique_name(prefix))
        gv.initializer = ir.Constant(arr, bytearray(data + b"\0"))
        gv.global_constant = True
        gv.linkage = "private"
        gv.unnamed_addr = True
        cache[data] = gv
    return gv
