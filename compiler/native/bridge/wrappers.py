"""One METH_FASTCALL|METH_KEYWORDS wrapper per exported fn.

    PyObject *wrapper(PyObject *self, PyObject *const *args, Py_ssize_t nargs,
                      PyObject *kwnames)

The common call (positional arguments of the exact builtin types) checks the
count, converts each argument inline, calls the native fn directly (LLVM may
inline it into the wrapper) and boxes the result: no Python code runs.
Keyword arguments are first bound to positions by `pyside.bind_keywords`.
"""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import Builder
from ..layout import I64, PTR, Layout
from ..runtime.base import alloca_entry
from . import capi, output_capture
from .capi import api
from .convert import NULL, Conversion, to_native, to_python
from .helpers import call_helper
from .signature import BridgeFn

WRAPPER_TYPE = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])


def emit_wrapper(module: ir.Module, layout: Layout, fn: BridgeFn, debug=None,
                 structs=None, copy_owned=None, destroy=None) -> ir.Function:
    wrapper = ir.Function(module, WRAPPER_TYPE, module.get_unique_name(f"kiln.bridge.{fn.python_name}"))
    wrapper.linkage = "internal"
    wrapper.attributes.add("uwtable")
    b = Builder(wrapper.append_basic_block("entry"))
    if debug is not None and fn.source is not None:
        # With a subprogram, the fn inlined into its wrapper keeps its own
        # frames in DWARF (py-spy and gdb show `work (prog.kiln:12)`).
        path, line = fn.source
        sp = debug.subprogram(wrapper, name=wrapper.name, path=path, line=line, result=None,
                              params=[], local=True, optimized=True)
        b.debug_metadata = debug.location(line, 1, sp)
    _, args_in, nargs, kwnames = wrapper.args
    fail = wrapper.append_basic_block("fail")
    conv = Conversion(b, layout, fn.display_name, fail, structs=structs, destroy=destroy, copy=copy_owned)
    args = _bind_arguments(conv, fn, args_in, nargs, kwnames)
    native_args = _convert_arguments(conv, fn, args, copy_owned)
    capture = output_capture.begin(b) if fn.prints else None
    if fn.guarded:
        landed = wrapper.append_basic_block("landed")
        outcome = _guarded_call(conv, fn, native_args, landed)
    else:
        outcome = b.call(fn.native, native_args)
    if capture is not None:
        output_capture.finish(b, capture)
    result = _check_error(conv, fn, outcome)
    obj = to_python(conv, result, fn.result)
    _copy_back_inout(conv, fn, args)
    _cleanup(conv)
    if capture is not None:
        output_capture.raise_if_failed(b, capture, obj)
    b.ret(obj)
    b.position_at_end(fail)
    _cleanup(conv)
    if capture is not None:
        output_capture.drop_error(b, capture)
    b.ret(NULL)
    if fn.guarded:
        b.position_at_end(landed)
        if capture is not None:
            output_capture.finish(b, capture, error_pending=True)   # what printed before the fault
        _release_python_objects(conv)
        b.ret(NULL)
    return wrapper


def _guarded_call(conv: Conversion, fn: BridgeFn, native_args, landed: ir.Block) -> ir.Value:
    """The call under a landing (runtime/fault.py). The fn is not inlined
    into the wrapper: code after a returns_twice call is optimised
    conservatively. A fault abandons the fn's frames mid-flight, so native
    temporaries (lists copied in) are leaked rather than destroyed in an
    unknown state; buffers and references are released (`landed`)."""
    from ..runtime.fault import guarded_call
    b = conv.b

    def raise_fault(err):
        _raise_native_error(conv, err)
        b.branch(landed)
    return guarded_call(b, lambda: b.call(fn.native, native_args, attrs=("noinline",)), raise_fault)


def _raise_native_error(conv: Conversion, err: ir.Value) -> None:
    """Set the Python exception for a native error object (which is freed)."""
    b, m = conv.b, conv.b.module
    address = b.call(api(m, "PyLong_FromVoidPtr"), [err])
    exc = call_helper(b, "native_error", "N", address)
    with b.if_then(b.icmp_unsigned("!=", exc, NULL)):
        kind = capi.ob_type(b, exc)
        b.call(api(m, "PyErr_SetObject"), [kind, exc])
        b.call(api(m, "Py_DecRef"), [exc])


def _release_python_objects(conv: Conversion) -> None:
    b, m = conv.b, conv.b.module
    for view, acquired in conv.buffers:
        with b.if_then(b.load(acquired, typ=ir.IntType(1))):
            b.call(api(m, "PyBuffer_Release"), [view])
            b.store(ir.IntType(1)(0), acquired)
    for slot in conv.owned_refs:
        b.call(api(m, "Py_DecRef"), [b.load(slot, typ=PTR)])
        b.store(NULL, slot)


def _bind_arguments(conv: Conversion, fn: BridgeFn, args_in, nargs, kwnames) -> ir.Value:
    """The argument array in parameter order (binding keywords if any)."""
    b, m = conv.b, conv.b.module
    count = len(fn.params)
    args = alloca_entry(b, PTR, "args")
    b.store(args_in, args)
    with b.if_else(b.icmp_unsigned("!=", kwnames, NULL), likely=False) as (keywords, positional):
        with keywords:
            bound = _bind_call(conv, fn, args_in, nargs, kwnames)
            conv.null_check(bound)
            conv.keep(bound)
            b.store(b.gep(bound, [I64(capi.TUPLE_ITEMS_OFFSET)], source_etype=ir.IntType(8)), args)
        with positional:
            with b.if_then(b.icmp_signed("!=", nargs, I64(count)), likely=False):
                conv.reject("wrong_count", "snn", cstring(m, fn.display_name), I64(count), nargs)
                b.position_at_end(b.append_basic_block("unreachable"))
    return b.load(args, typ=PTR)


def _bind_call(conv: Conversion, fn: BridgeFn, args_in, nargs, kwnames) -> ir.Value:
    """pyside.bind_keywords(display_name, "a,b", args_tuple, kwnames) -> tuple"""
    b, m = conv.b, conv.b.module
    nkw = b.call(api(m, "PyTuple_Size"), [kwnames])
    total = b.add(nargs, nkw)
    tup = b.call(api(m, "PyTuple_New"), [total])
    conv.null_check(tup)
    conv.keep(tup)
    from ..runtime.base import counted_loop
    with counted_loop(b, I64(0), total, "kw") as i:
        item = b.load(b.gep(args_in, [i], source_etype=PTR), typ=PTR)
        b.call(api(m, "Py_IncRef"), [item])
        b.call(api(m, "PyTuple_SetItem"), [tup, i, item])
    names = cstring(m, ",".join(p.name for p in fn.params))
    return call_helper(b, "bind_keywords", "ssOO", cstring(m, fn.display_name), names, tup, kwnames)


def _convert_arguments(conv: Conversion, fn: BridgeFn, args: ir.Value, copy_owned=None) -> list[ir.Value]:
    from ...semantic import types as T
    from .convert import struct_address
    b = conv.b
    values = []
    for i, p in enumerate(fn.params):
        obj = b.load(b.gep(args, [I64(i)], source_etype=PTR), typ=PTR)
        if p.convention == "inout" and isinstance(p.type, T.StructType):
            values.append(struct_address(conv, obj, p.type, p.name))   # mutate the object itself
            continue
        if isinstance(p.type, T.ListType) and conv.destroy is not None:
            from .convert import list_to_native
            slot = list_to_native(conv, obj, p.type, p.name)          # destroyed by _cleanup
            if p.convention == "inout":
                values.append(slot)
            else:
                value = b.load(slot, typ=layout_list(conv))
                values.append(copy_owned(b, value, p.type) if p.convention == "owned" else value)
            continue
        value = to_native(conv, obj, p.type, p.name)
        if p.convention == "owned" and copy_owned is not None:
            value = copy_owned(b, value, p.type)          # Python keeps its object
        if p.convention == "inout":
            slot = alloca_entry(b, value.type, f"{p.name}.inout")
            b.store(value, slot)
            value = slot
        values.append(value)
    return values


def _check_error(conv: Conversion, fn: BridgeFn, outcome: ir.Value) -> ir.Value | None:
    """The fn's result; a native error becomes a Python exception (-> fail)."""
    if not fn.may_fail:
        return outcome
    b, m = conv.b, conv.b.module
    has_result = fn.result != _none_type()
    err = b.extract_value(outcome, 1) if has_result else outcome
    with b.if_then(b.icmp_unsigned("!=", err, NULL), likely=False):
        _raise_native_error(conv, err)
        b.branch(conv.fail)
        b.position_at_end(b.append_basic_block("unreachable"))
    return b.extract_value(outcome, 0) if has_result else None


def _none_type():
    from ...semantic.types import NONE
    return NONE


def layout_list(conv: Conversion):
    return conv.layout.list


def _copy_back_inout(conv: Conversion, fn: BridgeFn, args: ir.Value) -> None:
    """An inout List was copied in; its new contents replace the Python list's.
    (Scalars passed as inout cannot change the caller's immutable ints;
    buffers and structs are shared, so they need nothing.)"""
    from ...semantic import types as T
    from .convert import list_to_python
    b, m = conv.b, conv.b.module
    lists = iter(slot for slot, t in conv.temporaries)
    for i, p in enumerate(fn.params):
        if not isinstance(p.type, T.ListType):
            continue
        slot = next(lists)
        if p.convention != "inout":
            continue
        obj = b.load(b.gep(args, [I64(i)], source_etype=PTR), typ=PTR)
        fresh = list_to_python(conv, b.load(slot, typ=conv.layout.list), p.type)
        b.call(api(m, "PyList_SetSlice"), [obj, I64(0), I64((1 << 63) - 1), fresh])
        b.call(api(m, "Py_DecRef"), [fresh])


def _cleanup(conv: Conversion) -> None:
    b = conv.b
    empty = ir.Constant(conv.layout.list, [NULL, I64(0), I64(0)])
    for slot, t in conv.temporaries:
        conv.destroy(b, b.load(slot, typ=conv.layout.list), t)
        b.store(empty, slot)
    _release_python_objects(conv)
