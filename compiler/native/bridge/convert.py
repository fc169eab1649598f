"""Python object <-> native value conversions, generated in IR.

Each `to_native_*` reads a borrowed `PyObject*` and yields the native value,
branching to the wrapper's failure block (with a Python exception set) when
the object does not fit. Exact builtin types take a fast path that touches
no Python code; anything else goes through `pyside.coerce`, which accepts
what the bridge table allows (int subclasses, NumPy scalars, ...) and raises
the `TypeError` that names the fn, the parameter and both types.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..layout import F64, I1, I8, I32, I64, PTR, Layout, element_type
from ..runtime.base import alloca_entry
from . import capi
from .capi import api, data, ob_type
from .helpers import call_helper

NULL = ir.Constant(PTR, None)

_INT_RANGES = {8: (-(1 << 7), (1 << 7) - 1), 16: (-(1 << 15), (1 << 15) - 1),
               32: (-(1 << 31), (1 << 31) - 1)}
_UINT_MAX = {8: 255, 16: 65535, 32: (1 << 32) - 1}

# Buffer-protocol format characters per element kind; the item size decides
# the width ("l" and "q" are both 8 bytes here).
_FORMATS = {"signed": "bhilqn", "unsigned": "BHILQN", "float": "efd", "bool": "?"}


class UnsupportedBridgeType(Exception):
    """A parameter or result type the bridge cannot convert."""


@dataclass
class Conversion:
    """The state of one wrapper while its conversions are generated."""

    b: ir.IRBuilder
    layout: Layout
    fn_name: str
    fail: ir.Block
    buffers: list[tuple[ir.Value, ir.Value]] = field(default_factory=list)   # (view, acquired flag)
    owned_refs: list[ir.Value] = field(default_factory=list)                 # slots of PyObject* to decref
    structs: object = None                  # StructBridge of the module (structs.py)
    destroy: object = None                  # (builder, value, type) -> None: codegen's lifecycle
    copy: object = None                     # (builder, value, type) -> value: codegen's lifecycle
    temporaries: list = field(default_factory=list)   # (slot, type) of native values to destroy

    def null_check(self, value: ir.Value) -> None:
        b = self.b
        ok = b.append_basic_block("ok")
        b.cbranch(b.icmp_unsigned("==", value, NULL), self.fail, ok)
        b.position_at_end(ok)

    def keep(self, obj: ir.Value) -> None:
        """Decref `obj` (a new reference) when the wrapper finishes."""
        slot = alloca_entry(self.b, PTR, "ref", init=NULL)
        self.b.store(obj, slot)
        self.owned_refs.append(slot)

    def reject(self, helper: str, fmt: str, *args: ir.Value) -> None:
        """Call the pyside `helper` that sets the Python error (it answers
        None or NULL), then leave through `fail`."""
        b = self.b
        res = call_helper(b, helper, fmt, *args)
        with b.if_then(b.icmp_unsigned("!=", res, NULL)):
            b.call(api(b.module, "Py_DecRef"), [res])
        b.branch(self.fail)

    def reject_value(self, helper: str, obj: ir.Value, expected: T.Type, param: str) -> None:
        """`reject` with the usual arguments: the object, the expected type,
        this fn's name and the parameter."""
        m = self.b.module
        self.reject(helper, "Osss", obj, cstring(m, str(expected)), cstring(m, self.fn_name),
                    cstring(m, param))

    def coerce(self, obj: ir.Value, expected: T.Type, param: str) -> ir.Value:
        """pyside.coerce(obj, expected, fn, param) -> canonical object (new ref)."""
        m = self.b.module
        res = call_helper(self.b, "coerce", "Osss", obj, cstring(m, str(expected)),
                          cstring(m, self.fn_name), cstring(m, param))
        self.null_check(res)
        return res


def _is_exact(b: ir.IRBuilder, obj: ir.Value, type_name: str) -> ir.Value:
    return b.icmp_unsigned("==", ob_type(b, obj), data(b.module, type_name))


def _select_object(conv: Conversion, obj, exact_type, expected, param, size: int | None = None) -> ir.Value:
    """`obj` if its type is exactly `exact_type` (a tuple: of length `size`),
    else pyside.coerce's result."""
    b = conv.b
    slow = b.append_basic_block("slow")
    join = b.append_basic_block("canonical")
    exact = _is_exact(b, obj, exact_type)
    if size is not None:
        sized = b.append_basic_block("sized")
        b.cbranch(exact, sized, slow)
        b.position_at_end(sized)
        exact = b.icmp_signed("==", b.call(api(b.module, "PyTuple_Size"), [obj]), I64(size))
    fast_block = b.block
    b.cbranch(exact, join, slow)
    b.position_at_end(slow)
    coerced = conv.coerce(obj, expected, param)
    conv.keep(coerced)
    slow_end = b.block
    b.branch(join)
    b.position_at_end(join)
    phi = b.phi(PTR, "obj")
    phi.add_incoming(obj, fast_block)
    phi.add_incoming(coerced, slow_end)
    return phi


def to_native(conv: Conversion, obj: ir.Value, t: T.Type, param: str) -> ir.Value:
    if isinstance(t, T.ScalarType):
        if t.is_float:
            return _to_float(conv, obj, t, param)
        if t.is_bool:
            return _to_bool(conv, obj, t, param)
        return _to_int(conv, obj, t, param)
    if isinstance(t, T.NamedBuiltin) and t.name in ("String", "StringLiteral"):
        return _to_string(conv, obj, t, param)
    if isinstance(t, T.PointerType):
        return _to_buffer(conv, obj, t, param)
    if isinstance(t, T.SIMDType):
        return _to_simd(conv, obj, t, param)
    if isinstance(t, T.StructType) and conv.structs is not None:
        ptr = conv.structs.storage(conv, obj, t, param)
        return conv.b.load(ptr, typ=conv.layout.llvm(t))
    if isinstance(t, T.ListType) and conv.destroy is not None:
        return conv.b.load(list_to_native(conv, obj, t, param), typ=conv.layout.list)
    if isinstance(t, T.TupleType):
        return _tuple_to_native(conv, obj, t, param)
    if isinstance(t, T.OptionalType):
        return _optional_to_native(conv, obj, t, param)
    raise UnsupportedBridgeType(str(t))


def _tuple_to_native(conv: Conversion, obj, t: T.TupleType, param: str) -> ir.Value:
    """A Python tuple (any sequence of the right length, through pyside.coerce)."""
    b, m = conv.b, conv.b.module
    canonical = _select_object(conv, obj, "PyTuple_Type", t, param, size=len(t.elements))
    value = ir.Constant(conv.layout.llvm(t), ir.Undefined)
    for index, element in enumerate(t.elements):
        item = b.call(api(m, "PyTuple_GetItem"), [canonical, I64(index)])
        value = b.insert_value(value, to_native(conv, item, element, f"{param}[{index}]"), index)
    return value


def _optional_to_native(conv: Conversion, obj, t: T.OptionalType, param: str) -> ir.Value:
    """None -> {false, undef}; anything else -> {true, the converted value}."""
    b, m = conv.b, conv.b.module
    ty = conv.layout.llvm(t)
    slot = alloca_entry(b, ty, f"{param}.optional")
    b.store(ir.Constant(ty, ir.Undefined), slot)
    is_none = b.icmp_unsigned("==", obj, data(m, "_Py_NoneStruct"))
    with b.if_else(is_none) as (then, otherwise):
        with then:
            b.store(b.insert_value(ir.Constant(ty, ir.Undefined), I1(0), 0), slot)
        with otherwise:
            inner = to_native(conv, obj, t.element, param)
            present = b.insert_value(ir.Constant(ty, ir.Undefined), I1(1), 0)
            b.store(b.insert_value(present, inner, 1), slot)
    return b.load(slot, typ=ty)


def list_to_native(conv: Conversion, obj: ir.Value, t: T.ListType, param: str) -> ir.Value:
    """A native copy of a Python list (any sequence goes through pyside.coerce)
    in a slot the wrapper destroys when it finishes; returns the slot."""
    from ..runtime.base import counted_loop
    from ..runtime.libc import libc
    b, m = conv.b, conv.b.module
    canonical = _select_object(conv, obj, "PyList_Type", t, param)
    n = b.call(api(m, "PyList_Size"), [canonical])
    elem_ty = conv.layout.llvm(t.element)
    size = conv.layout.size(t.element)
    data = b.call(libc(m, "malloc"), [b.mul(b.select(b.icmp_signed("<", n, I64(1)), I64(1), n), I64(size))])
    empty = ir.Constant(conv.layout.list, [ir.Constant(PTR, None), I64(0), I64(0)])
    slot = alloca_entry(b, conv.layout.list, f"{param}.list", init=empty)
    b.store(b.insert_value(b.insert_value(empty, data, 0), n, 2), slot)
    conv.temporaries.append((slot, t))
    with counted_loop(b, I64(0), n, "item") as i:
        item = b.call(api(m, "PyList_GetItem"), [canonical, i])
        value = to_native(conv, item, t.element, f"{param}[i]")
        if isinstance(t.element, T.StructType) and conv.copy is not None:
            value = conv.copy(b, value, t.element)    # the list owns its elements; Python keeps its objects
        b.store(value, b.gep(data, [i], source_etype=elem_ty))
        current = b.load(slot, typ=conv.layout.list)
        b.store(b.insert_value(current, b.add(i, I64(1)), 1), slot)
    return slot


def struct_address(conv: Conversion, obj: ir.Value, t: T.StructType, param: str) -> ir.Value:
    """For `inout` struct parameters: the storage inside the Python object."""
    return conv.structs.storage(conv, obj, t, param)


def _to_int(conv: Conversion, obj, t: T.ScalarType, param: str) -> ir.Value:
    b, m = conv.b, conv.b.module
    canonical = _select_object(conv, obj, "PyLong_Type", t, param)
    unsigned = not t.dtype.is_signed
    value = b.call(api(m, "PyLong_AsUnsignedLongLong" if unsigned else "PyLong_AsLongLong"), [canonical])
    maybe_error = b.icmp_signed("==", value, I64(-1))
    with b.if_then(maybe_error, likely=False):
        with b.if_then(b.icmp_unsigned("!=", b.call(api(m, "PyErr_Occurred"), []), NULL)):
            b.call(api(m, "PyErr_Clear"), [])
            _out_of_range(conv, canonical, t, param)
    bits = t.bits
    if bits < 64:
        if unsigned:
            bad = b.icmp_unsigned(">", value, I64(_UINT_MAX[bits]))
        else:
            lo, hi = _INT_RANGES[bits]
            bad = b.or_(b.icmp_signed("<", value, I64(lo)), b.icmp_signed(">", value, I64(hi)))
        with b.if_then(bad, likely=False):
            _out_of_range(conv, canonical, t, param)
        return b.trunc(value, ir.IntType(bits))
    return value


def _out_of_range(conv: Conversion, obj, t: T.Type, param: str) -> None:
    b = conv.b
    conv.reject_value("out_of_range", obj, t, param)
    # Keep building in a fresh (unreachable) block so callers can continue.
    b.position_at_end(b.append_basic_block("after_raise"))


def _to_float(conv: Conversion, obj, t: T.ScalarType, param: str) -> ir.Value:
    b = conv.b
    canonical = _select_object(conv, obj, "PyFloat_Type", t, param)
    # PyFloatObject.ob_fval follows the 16-byte object header.
    value = b.load(b.gep(canonical, [I64(16)], source_etype=I8), typ=F64)
    return value if t.bits == 64 else b.fptrunc(value, element_type(t.dtype))


def _to_bool(conv: Conversion, obj, t: T.ScalarType, param: str) -> ir.Value:
    b, m = conv.b, conv.b.module
    true = data(m, "_Py_TrueStruct")
    is_true = b.icmp_unsigned("==", obj, true)
    is_false = b.icmp_unsigned("==", obj, data(m, "_Py_FalseStruct"))
    exact = b.block
    slow = b.append_basic_block("bool.slow")
    join = b.append_basic_block("bool.done")
    b.cbranch(b.or_(is_true, is_false), join, slow)
    b.position_at_end(slow)
    coerced = conv.coerce(obj, t, param)
    slow_value = b.icmp_unsigned("==", coerced, true)
    b.call(api(m, "Py_DecRef"), [coerced])
    slow_end = b.block
    b.branch(join)
    b.position_at_end(join)
    phi = b.phi(I1, "flag")
    phi.add_incoming(is_true, exact)
    phi.add_incoming(slow_value, slow_end)
    return phi


def _to_string(conv: Conversion, obj, t: T.Type, param: str) -> ir.Value:
    """A borrowed view of the str's UTF-8 (capacity -1: never freed or mutated
    in place, and copied when kept); valid for the call."""
    b, m = conv.b, conv.b.module
    canonical = _select_object(conv, obj, "PyUnicode_Type", t, param)
    size = alloca_entry(b, I64, "size")
    text = b.call(api(m, "PyUnicode_AsUTF8AndSize"), [canonical, size])
    bad, ok = b.append_basic_block("text.bad"), b.append_basic_block("text.ok")
    b.cbranch(b.icmp_unsigned("==", text, NULL), bad, ok)
    b.position_at_end(bad)                   # lone surrogates: say which fn and parameter
    b.call(api(m, "PyErr_Clear"), [])
    conv.reject_value("bad_text", canonical, t, param)
    b.position_at_end(ok)
    value = ir.Constant(conv.layout.string, ir.Undefined)
    value = b.insert_value(value, text, 0)
    value = b.insert_value(value, b.load(size, typ=I64), 1)
    return b.insert_value(value, I64(-1), 2)


def _buffer_kind(dtype: T.DType) -> str:
    if dtype.is_float:
        return "float"
    if dtype.name == "bool":
        return "bool"
    return "signed" if dtype.is_signed else "unsigned"


def _to_buffer(conv: Conversion, obj, t: T.PointerType, param: str) -> ir.Value:
    b, m = conv.b, conv.b.module
    pointee = t.pointee
    if not isinstance(pointee, T.ScalarType):
        raise UnsupportedBridgeType(str(t))
    view = alloca_entry(b, capi.PY_BUFFER, "view")
    acquired = alloca_entry(b, I1, "acquired", init=I1(0))
    conv.buffers.append((view, acquired))
    flags = capi.PyBUF_WRITABLE | capi.PyBUF_FORMAT | capi.PyBUF_C_CONTIGUOUS
    rc = b.call(api(m, "PyObject_GetBuffer"), [obj, view, I32(flags)])
    bad = b.append_basic_block("buffer.bad")
    got = b.append_basic_block("buffer.got")
    b.cbranch(b.icmp_signed("!=", rc, I32(0)), bad, got)
    b.position_at_end(got)
    b.store(I1(1), acquired)
    itemsize = b.load(b.gep(view, [I64(24)], source_etype=I8), typ=I64)
    fmt = b.load(b.gep(view, [I64(40)], source_etype=I8), typ=PTR)
    size = pointee.bits // 8 if not pointee.is_bool else 1
    ok = b.and_(b.icmp_signed("==", itemsize, I64(size)),
                _format_matches(b, fmt, _FORMATS[_buffer_kind(pointee.dtype)]))
    good = b.append_basic_block("buffer.ok")
    b.cbranch(ok, good, bad)
    b.position_at_end(bad)
    b.call(api(m, "PyErr_Clear"), [])
    conv.reject_value("bad_buffer", obj, t, param)
    b.position_at_end(good)
    return b.load(view, typ=PTR)


def _format_matches(b: ir.IRBuilder, fmt: ir.Value, allowed: str) -> ir.Value:
    """Is `fmt` one allowed character, optionally after a native/little-endian
    byte-order prefix (`@`, `=`, `<`)? A NULL format means unsigned bytes."""
    is_null = b.icmp_unsigned("==", fmt, NULL)
    safe = b.select(is_null, cstring(b.module, "B"), fmt)
    first = b.load(safe, typ=I8)
    prefixed = b.or_(b.or_(b.icmp_unsigned("==", first, I8(ord("@"))),
                           b.icmp_unsigned("==", first, I8(ord("=")))),
                     b.icmp_unsigned("==", first, I8(ord("<"))))
    start = b.select(prefixed, I64(1), I64(0))
    code = b.load(b.gep(safe, [start], source_etype=I8), typ=I8)
    after = b.load(b.gep(safe, [b.add(start, I64(1))], source_etype=I8), typ=I8)
    match = ir.Constant(I1, 0)
    for ch in allowed:
        match = b.or_(match, b.icmp_unsigned("==", code, I8(ord(ch))))
    return b.and_(match, b.icmp_unsigned("==", after, I8(0)))


def _to_simd(conv: Conversion, obj, t: T.SIMDType, param: str) -> ir.Value:
    b, m = conv.b, conv.b.module
    canonical = _select_object(conv, obj, "PyTuple_Type", t, param)
    size = b.call(api(m, "PyTuple_Size"), [canonical])
    with b.if_then(b.icmp_signed("!=", size, I64(t.width)), likely=False):
        _out_of_range(conv, canonical, t, param)
    scalar = T.scalar_of(t.dtype)
    vector = ir.Constant(conv.layout.llvm(t), ir.Undefined)
    for lane in range(t.width):
        item = b.load(b.gep(canonical, [I64(capi.TUPLE_ITEMS_OFFSET + 8 * lane)], source_etype=I8), typ=PTR)
        vector = b.insert_element(vector, to_native(conv, item, scalar, f"{param}[{lane}]"), I32(lane))
    return vector


# -- results -------------------------------------------------------------------

def to_python(conv: Conversion, value: ir.Value, t: T.Type) -> ir.Value:
    """A new reference (NULL with an exception set on failure)."""
    b, m = conv.b, conv.b.module
    if t == T.NONE:
        none = data(m, "_Py_NoneStruct")
        b.call(api(m, "Py_IncRef"), [none])
        return none
    if isinstance(t, T.ScalarType):
        if t.is_float:
            return b.call(api(m, "PyFloat_FromDouble"), [value if t.bits == 64 else b.fpext(value, F64)])
        if t.is_bool:
            return b.call(api(m, "PyBool_FromLong"), [b.zext(value, I64)])
        if t.dtype.is_signed:
            wide = value if t.bits == 64 else b.sext(value, I64)
            return b.call(api(m, "PyLong_FromLongLong"), [wide])
        wide = value if t.bits == 64 else b.zext(value, I64)
        return b.call(api(m, "PyLong_FromUnsignedLongLong"), [wide])
    if isinstance(t, T.NamedBuiltin) and t.name in ("String", "StringLiteral"):
        return _string_to_python(conv, value)
    if isinstance(t, T.SIMDType):
        return _simd_to_python(conv, value, t)
    if isinstance(t, T.PointerType):
        return b.call(api(m, "PyLong_FromVoidPtr"), [value])
    if isinstance(t, T.StructType) and conv.structs is not None:
        return conv.structs.to_python(conv, value, t)
    if isinstance(t, T.ListType) and conv.destroy is not None:
        out = list_to_python(conv, value, t)
        conv.destroy(b, value, t)                 # the result list was the wrapper's
        return out
    if isinstance(t, T.TupleType):
        return _tuple_to_python(conv, value, t)
    if isinstance(t, T.OptionalType):
        return _optional_to_python(conv, value, t)
    raise UnsupportedBridgeType(str(t))


def _tuple_to_python(conv: Conversion, value: ir.Value, t: T.TupleType) -> ir.Value:
    b, m = conv.b, conv.b.module
    tup = b.call(api(m, "PyTuple_New"), [I64(len(t.elements))])
    conv.null_check(tup)
    for index, element in enumerate(t.elements):
        item = to_python(conv, b.extract_value(value, index), element)
        conv.null_check(item)
        b.call(api(m, "PyTuple_SetItem"), [tup, I64(index), item])
    return tup


def _optional_to_python(conv: Conversion, value: ir.Value, t: T.OptionalType) -> ir.Value:
    b, m = conv.b, conv.b.module
    slot = alloca_entry(b, PTR, "optional.object")
    with b.if_else(b.extract_value(value, 0)) as (then, otherwise):
        with then:
            b.store(to_python(conv, b.extract_value(value, 1), t.element), slot)
        with otherwise:
            none = data(m, "_Py_NoneStruct")
            b.call(api(m, "Py_IncRef"), [none])
            b.store(none, slot)
    return b.load(slot, typ=PTR)


def list_to_python(conv: Conversion, value: ir.Value, t: T.ListType) -> ir.Value:
    """A new Python list with the elements converted (the native list is not consumed)."""
    from ..runtime.base import counted_loop
    b, m = conv.b, conv.b.module
    n = b.extract_value(value, 1)
    out = b.call(api(m, "PyList_New"), [n])
    conv.null_check(out)
    elem_ty = conv.layout.llvm(t.element)
    with counted_loop(b, I64(0), n, "item") as i:
        item = b.load(b.gep(b.extract_value(value, 0), [i], source_etype=elem_ty), typ=elem_ty)
        if t.element in (T.STRING, T.STRING_LITERAL):
            obj = b.call(api(m, "PyUnicode_DecodeUTF8"), [b.extract_value(item, 0), b.extract_value(item, 1), NULL])
        elif isinstance(t.element, T.StructType) and conv.copy is not None:
            obj = to_python(conv, conv.copy(b, item, t.element), t.element)   # the list is destroyed after
        else:
            obj = to_python(conv, item, t.element)
        b.call(api(m, "PyList_SetItem"), [out, i, obj])
    return out


def _string_to_python(conv: Conversion, value: ir.Value) -> ir.Value:
    from ..runtime.libc import libc
    b, m = conv.b, conv.b.module
    data_ptr = b.extract_value(value, 0)
    obj = b.call(api(m, "PyUnicode_DecodeUTF8"), [data_ptr, b.extract_value(value, 1), NULL])
    with b.if_then(b.icmp_signed(">", b.extract_value(value, 2), I64(0))):
        b.call(libc(m, "free"), [data_ptr])
    return obj


def _simd_to_python(conv: Conversion, value: ir.Value, t: T.SIMDType) -> ir.Value:
    b, m = conv.b, conv.b.module
    tup = b.call(api(m, "PyTuple_New"), [I64(t.width)])
    conv.null_check(tup)
    scalar = T.scalar_of(t.dtype)
    for lane in range(t.width):
        item = to_python(conv, b.extract_element(value, I32(lane)), scalar)
        b.call(api(m, "PyTuple_SetItem"), [tup, I64(lane), item])
    return tup
