"""The CPython extension module around a Kiln module's compiled tier:
a `PyModuleDef` with one `PyMethodDef` per exported fn, and `PyInit_<name>`,
which creates the module and fetches the Python helpers the wrappers use.
Importing the shared object with `importlib` runs it."""
from __future__ import annotations

from typing import Sequence

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import Builder, opaque_global
from ..layout import I32, I64, PTR, Layout
from .capi import METH_FASTCALL, METH_KEYWORDS, PYTHON_API_VERSION, api
from .convert import NULL
from .helpers import call_helper, helper_slot, load_helpers
from .overloads import describe, emit_dispatcher, signature_text
from .signature import BridgeFn
from .wrappers import emit_wrapper

METHOD_DEF = ir.LiteralStructType([PTR, PTR, I32, PTR])
MODULE_DEF = ir.LiteralStructType([I64, PTR, PTR, I64, PTR,      # m_base
                                   PTR, PTR, I64, PTR, PTR, PTR, PTR, PTR])


def method_table(module: ir.Module, entries: Sequence[tuple[str, ir.Function, str]],
                 name: str) -> ir.GlobalVariable:
    """A NULL-terminated PyMethodDef array of (name, wrapper, doc)."""
    flags = I32(METH_FASTCALL | METH_KEYWORDS)
    rows = [ir.Constant(METHOD_DEF, [cstring(module, n), w, flags, cstring(module, doc)])
            for n, w, doc in entries]
    rows.append(ir.Constant(METHOD_DEF, [NULL, NULL, I32(0), NULL]))
    arr = ir.ArrayType(METHOD_DEF, len(rows))
    gv = opaque_global(module, arr, name)
    gv.initializer = ir.Constant(arr, rows)
    gv.linkage = "internal"
    return gv


def emit_extension(module: ir.Module, layout: Layout, name: str,
                   fns: Sequence[BridgeFn], doc: str = "", debug=None, structs=None,
                   copy_owned=None, destroy=None,
                   extra: Sequence[tuple[str, ir.Function, str]] = (),
                   refused: dict[str, list[tuple[str, str]]] | None = None) -> ir.Function:
    """`refused`: per overloaded name, (signature, reason) of the overloads
    that cannot cross the bridge (named when no other overload matches)."""
    refused = refused or {}
    groups: dict[str, list[BridgeFn]] = {}
    for fn in fns:
        groups.setdefault(fn.python_name, []).append(fn)
    entries = []
    for python_name, group in groups.items():
        wrappers = [(fn, emit_wrapper(module, layout, fn, debug, structs, copy_owned, destroy)) for fn in group]
        if len(group) == 1 and not refused.get(python_name):
            entries.append((python_name, wrappers[0][1], group[0].text_signature() + group[0].doc))
            continue
        # overloads share one attribute: a dispatcher picks the wrapper (overloads.py)
        description = describe(group[0].display_name, group, refused.get(python_name, ()))
        dispatcher = emit_dispatcher(module, python_name, wrappers, description, debug)
        doc = "overloads:\n" + "\n".join(signature_text(fn, False) for fn in group)
        entries.append((python_name, dispatcher, doc))
    if structs is not None and structs.order:
        from .structs import SETTER_NAME
        entries.append((SETTER_NAME, structs.emit_setter(), ""))
    entries.extend(extra)
    methods = method_table(module, entries, "kiln.module_methods")
    moddef = opaque_global(module, MODULE_DEF, "kiln.module_def")
    moddef.linkage = "internal"
    moddef.initializer = ir.Constant(MODULE_DEF, [
        I64(1), NULL, NULL, I64(0), NULL,
        cstring(module, name), cstring(module, doc), I64(-1), methods,
        NULL, NULL, NULL, NULL])
    init = ir.Function(module, ir.FunctionType(PTR, []), f"PyInit_{name}")
    b = Builder(init.append_basic_block("entry"))
    fail = init.append_basic_block("fail")
    mod = b.call(api(module, "PyModule_Create2"), [moddef, I32(PYTHON_API_VERSION)])
    ok = init.append_basic_block("created")
    b.cbranch(b.icmp_unsigned("==", mod, NULL), fail, ok)
    b.position_at_end(ok)
    landings = "kiln_fault_error" in module.globals
    if landings:
        helper_slot(module, "claim_fault_handler")
    load_helpers(b, fail)
    if landings:
        _install_fault_handler(b)
    b.ret(mod)
    b.position_at_end(fail)
    b.ret(NULL)
    return init


def _install_fault_handler(b: ir.IRBuilder) -> None:
    """The SIGSEGV/SIGBUS handler of runtime/fault.py, once per process
    (pyside.claim_fault_handler says whether this module is the first)."""
    from ..runtime import Runtime
    from .capi import data
    module = b.module
    first = call_helper(b, "claim_fault_handler", "")
    with b.if_then(b.icmp_unsigned("==", first, data(module, "_Py_TrueStruct"))):
        b.call(Runtime(module).get("kiln_fault_install"), [])
    with b.if_then(b.icmp_unsigned("!=", first, NULL)):
        b.call(api(module, "Py_DecRef"), [first])
    b.call(api(module, "PyErr_Clear"), [])
