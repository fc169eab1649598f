"""References from generated code to the Python helpers in `pyside`.

The module initialiser imports `kiln.compiler.native.bridge.pyside` once and
stores each helper it needs in an internal global; generated wrappers call
them with `PyObject_CallFunction` on slow and error paths only.
"""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import opaque_global
from ..layout import PTR
from .capi import api

PYSIDE_MODULE = "kiln.compiler.native.bridge.pyside"
HELPERS = ("coerce", "bad_buffer", "out_of_range", "wrong_count", "bind_keywords",
           "native_error", "struct_type_error", "new_struct", "bad_text",
           "claim_fault_handler", "choose_overload", "end_output", "uninitialised_struct")


def helper_slot(module: ir.Module, name: str) -> ir.GlobalVariable:
    assert name in HELPERS, name
    gv = module.globals.get(f"kiln.helper.{name}")
    if gv is None:
        gv = opaque_global(module, PTR, f"kiln.helper.{name}")
        gv.linkage = "internal"
        gv.initializer = ir.Constant(PTR, None)
    return gv


def call_helper(b: ir.IRBuilder, name: str, fmt: str, *args: ir.Value) -> ir.Value:
    """`PyObject_CallFunction(helper, fmt, *args)`: a new reference or NULL."""
    module = b.module
    fn = b.load(helper_slot(module, name), typ=PTR)
    return b.call(api(module, "PyObject_CallFunction"), [fn, cstring(module, fmt), *args])


def load_helpers(b: ir.IRBuilder, fail: ir.Block) -> None:
    """In PyInit: fetch every helper the module uses (branch to `fail` on error)."""
    module = b.module
    used = [h for h in HELPERS if f"kiln.helper.{h}" in module.globals]
    if not used:
        return
    pyside = b.call(api(module, "PyImport_ImportModule"), [cstring(module, PYSIDE_MODULE)])
    _fail_if_null(b, pyside, fail)
    for name in used:
        obj = b.call(api(module, "PyObject_GetAttrString"), [pyside, cstring(module, name)])
        _fail_if_null(b, obj, fail)
        b.store(obj, helper_slot(module, name))


def _fail_if_null(b: ir.IRBuilder, value: ir.Value, fail: ir.Block) -> None:
    ok = b.append_basic_block("ok")
    b.cbranch(b.icmp_unsigned("==", value, ir.Constant(PTR, None)), fail, ok)
    b.position_at_end(ok)
