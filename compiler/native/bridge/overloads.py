"""One Python callable for an overloaded fn (or struct method): a generated
METH_FASTCALL dispatcher that picks the overload and calls its wrapper.

    dispatch(self, args, nargs, kwnames)
      positional call whose argument types hit the inline cache
          -> wrapper[cached index](self, args, nargs, kwnames)
      otherwise: pyside.choose_overload(module, description, values, kwnames)
          (bridge/overload_choice.py: Kiln's overload rule for Python values)
          -> 2 * index + (the types alone decided it) + (arrays mask << 32);
             cached when the types decided it

The cache holds the exact types (`ob_type` addresses) of a few argument
lists, and for exact NumPy arrays of a builtin dtype their dtype and flags;
overload_choice only lets it cache types that live as long as the module
(builtin number/str types, NumPy's scalar and array types, the module's
struct classes). A fn that is not overloaded gets no dispatcher: its wrapper
is the module attribute.
"""
from __future__ import annotations

import json
from typing import Sequence

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..irbuilder import Builder, opaque_global
from ..layout import I64, PTR
from ..runtime.base import alloca_entry, counted_loop
from .capi import api, data, ob_type
from .convert import NULL
from .helpers import call_helper
from .signature import BridgeFn

CACHE_SLOTS = 4
WRAPPER_TYPE = ir.FunctionType(PTR, [PTR, PTR, I64, PTR])


def type_descriptor(t: T.Type, convention: str = "borrowed") -> list:
    """What overload_choice needs to rank a Python value against `t` (JSON)."""
    spelled = str(t)
    if isinstance(t, T.ScalarType):
        return ["scalar", t.name]
    if t in (T.STRING, T.STRING_LITERAL):
        return ["str", spelled]
    if isinstance(t, T.StructType):
        return ["struct", t.name]
    if isinstance(t, T.PointerType) and isinstance(t.pointee, T.ScalarType):
        return ["ptr", t.pointee.dtype.name, spelled]
    if isinstance(t, T.OptionalType):
        return ["optional", type_descriptor(t.element), spelled]
    if isinstance(t, T.SIMDType):
        return ["simd", T.scalar_of(t.dtype).name, t.width, spelled]
    if isinstance(t, T.TupleType):
        return ["tuple", [type_descriptor(e) for e in t.elements], spelled]
    if isinstance(t, T.ListType):
        return ["list", type_descriptor(t.element), convention == "inout", spelled]
    return ["other", spelled]


def signature_text(fn: BridgeFn, skip_self: bool) -> str:
    params = fn.params[1:] if skip_self else fn.params
    text = ", ".join(f"{'inout ' if p.convention == 'inout' else ''}{p.name}: {p.type}" for p in params)
    result = "" if fn.result == T.NONE else f" -> {fn.result}"
    name = fn.display_name[:-len(".__init__")] if fn.display_name.endswith(".__init__") else fn.display_name
    return f"{name}({text}){result}"


def describe(display: str, fns: Sequence[BridgeFn], refused: Sequence[tuple[str, str]] = ()) -> str:
    """The group as overload_choice reads it. `refused`: (signature, reason)
    of overloads that cannot cross the bridge, listed when nothing matches."""
    if display.endswith(".__init__"):           # called as the class: `Pair(1, 2)`
        display = display[:-len(".__init__")]
    candidates = []
    for fn in fns:
        skip_self = bool(fn.params) and fn.params[0].name == "self" and "." in fn.display_name
        candidates.append({"sig": signature_text(fn, skip_self), "self": skip_self,
                           "params": [[p.name, type_descriptor(p.type, p.convention)] for p in fn.params]})
    for sig, reason in refused:
        candidates.append({"sig": sig, "self": False, "params": [], "reason": reason})
    return json.dumps({"name": display, "candidates": candidates}, separators=(",", ":"))


def emit_dispatcher(module: ir.Module, python_name: str, targets: Sequence[tuple[BridgeFn, ir.Function]],
                    description: str, debug=None) -> ir.Function:
    fn = ir.Function(module, WRAPPER_TYPE, module.get_unique_name(f"kiln.bridge.dispatch.{python_name}"))
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    first = targets[0][0]
    if debug is not None and first.source is not None:
        # the wrappers carry DWARF; calls that LLVM inlines here need a scope
        path, line = first.source
        sp = debug.subprogram(fn, name=fn.name, path=path, line=line, result=None,
                              params=[], local=True, optimized=True)
        b.debug_metadata = debug.location(line, 1, sp)
    arities = sorted({len(f.params) for f, _ in targets})
    width = max(arities + [1])
    # nargs, index, which arguments are arrays, their types, the arrays' dtype+flags keys
    entry_ty = ir.LiteralStructType([I64, I64, I64, ir.ArrayType(PTR, width), ir.ArrayType(I64, width)])
    cache = _cache_global(module, python_name, entry_ty, width)
    cursor = opaque_global(module, I64, module.get_unique_name(f"kiln.dispatch.next.{python_name}"))
    cursor.linkage = "internal"
    cursor.initializer = I64(0)
    self_obj, args, nargs, kwnames = fn.args
    slow = fn.append_basic_block("slow")
    dispatch = fn.append_basic_block("dispatch")
    chosen = ir.IRBuilder(dispatch).phi(I64, "index")
    by_count = fn.append_basic_block("positional")
    b.cbranch(b.icmp_unsigned("!=", kwnames, NULL), slow, by_count)
    b.position_at_end(by_count)
    switch = b.switch(nargs, slow)
    for arity in arities:
        block = fn.append_basic_block(f"nargs{arity}")
        switch.add_case(I64(arity), block)
        b.position_at_end(block)
        _probe_cache(b, cache, entry_ty, args, arity, slow, dispatch, chosen)
    b.position_at_end(slow)
    index = _choose(b, self_obj, args, nargs, kwnames, description, cache, entry_ty, cursor)
    chosen.add_incoming(index, b.block)
    b.branch(dispatch)
    b.position_at_end(dispatch)
    unreachable = fn.append_basic_block("unknown")
    switch = b.switch(chosen, unreachable)
    for i, (_, wrapper) in enumerate(targets):
        block = fn.append_basic_block(f"call{i}")
        switch.add_case(I64(i), block)
        b.position_at_end(block)
        b.ret(b.call(wrapper, [self_obj, args, nargs, kwnames], tail=True))
    b.position_at_end(unreachable)
    b.ret(NULL)
    return fn


def _cache_global(module: ir.Module, name: str, entry_ty: ir.Type, width: int) -> ir.GlobalVariable:
    empty = ir.Constant(entry_ty, [I64(-1), I64(0), I64(0), ir.Constant(ir.ArrayType(PTR, width), [NULL] * width),
                                   ir.Constant(ir.ArrayType(I64, width), [I64(0)] * width)])
    ty = ir.ArrayType(entry_ty, CACHE_SLOTS)
    gv = opaque_global(module, ty, module.get_unique_name(f"kiln.dispatch.cache.{name}"))
    gv.linkage = "internal"
    gv.initializer = ir.Constant(ty, [empty] * CACHE_SLOTS)
    return gv


# NumPy's PyArrayObject (stable ABI, numpy 1.x and 2.x): `descr` at 56, `flags` at 64
_ARRAY_DESCR_OFFSET, _ARRAY_FLAGS_OFFSET = 56, 64
_ARRAY_KEY_FLAGS = 0x0001 | 0x0400              # NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_WRITEABLE


def _array_key(b: ir.IRBuilder, obj: ir.Value) -> ir.Value:
    """An exact ndarray's element type and the flags the bridge needs, as one
    word: a builtin dtype is a singleton, so its address names it."""
    descr = b.load(b.gep(obj, [I64(_ARRAY_DESCR_OFFSET)], source_etype=ir.IntType(8)), typ=PTR)
    flags = b.load(b.gep(obj, [I64(_ARRAY_FLAGS_OFFSET)], source_etype=ir.IntType(8)), typ=ir.IntType(32))
    key = b.shl(b.ptrtoint(descr, I64), I64(16))
    return b.or_(key, b.and_(b.zext(flags, I64), I64(_ARRAY_KEY_FLAGS)))


def _field(b: ir.IRBuilder, cache, slot, *path) -> ir.Value:
    i32 = ir.IntType(32)
    return b.gep(cache, [I64(0), slot if isinstance(slot, ir.Value) else i32(slot),
                         *[i32(p) if isinstance(p, int) else p for p in path]],
                 source_etype=cache.value_type)


def _probe_cache(b: ir.IRBuilder, cache, entry_ty, args, arity: int, miss: ir.Block,
                 hit: ir.Block, chosen: ir.PhiInstr) -> None:
    """Compare the argument types (and arrays' keys) with each cache entry of this arity."""
    objs = [b.load(b.gep(args, [I64(i)], source_etype=PTR), typ=PTR) for i in range(arity)]
    types = [ob_type(b, obj) for obj in objs]
    for slot in range(CACHE_SLOTS):
        same = b.icmp_signed("==", b.load(_field(b, cache, slot, 0), typ=I64), I64(arity))
        for i, t in enumerate(types):
            cached = b.load(_field(b, cache, slot, 3, I64(i)), typ=PTR)
            same = b.and_(same, b.icmp_unsigned("==", cached, t))
        arrays = b.append_basic_block(f"arrays{arity}.{slot}")
        found = b.append_basic_block(f"hit{arity}.{slot}")
        nxt = b.append_basic_block(f"probe{arity}.{slot + 1}")
        b.cbranch(same, arrays, nxt)
        b.position_at_end(arrays)
        mask = b.load(_field(b, cache, slot, 2), typ=I64)
        plain = b.append_basic_block(f"arrays{arity}.{slot}.0")
        b.cbranch(b.icmp_unsigned("==", mask, I64(0)), found, plain)
        b.position_at_end(plain)
        for i, obj in enumerate(objs):       # the cached type is ndarray where a bit is set
            with b.if_then(b.trunc(b.lshr(mask, I64(i)), ir.IntType(1))):
                cached = b.load(_field(b, cache, slot, 4, I64(i)), typ=I64)
                differs = b.icmp_unsigned("!=", cached, _array_key(b, obj))
                other = b.append_basic_block(f"arrays{arity}.{slot}.{i}.same")
                b.cbranch(differs, nxt, other)
                b.position_at_end(other)
        b.branch(found)
        b.position_at_end(found)
        chosen.add_incoming(b.load(_field(b, cache, slot, 1), typ=I64), found)
        b.branch(hit)
        b.position_at_end(nxt)
    b.branch(miss)


def _choose(b: ir.IRBuilder, self_obj, args, nargs, kwnames, description: str,
            cache, entry_ty, cursor) -> ir.Value:
    """pyside.choose_overload(...) -> the index; caches a type-decided answer."""
    m = b.module
    text = _description_object(b, description)
    values = _values_tuple(b, args, nargs, kwnames)
    none = data(m, "_Py_NoneStruct")
    names = b.select(b.icmp_unsigned("==", kwnames, NULL), none, kwnames)
    res = call_helper(b, "choose_overload", "OOOO", self_obj, text, values, names)
    b.call(api(m, "Py_DecRef"), [values])
    failed = b.append_basic_block("no_overload")
    chosen = b.append_basic_block("chosen")
    b.cbranch(b.icmp_unsigned("==", res, NULL), failed, chosen)
    b.position_at_end(failed)
    b.ret(NULL)
    b.position_at_end(chosen)
    answer = b.call(api(m, "PyLong_AsLongLong"), [res])
    b.call(api(m, "Py_DecRef"), [res])
    index = b.and_(b.lshr(answer, I64(1)), I64(0x7FFFFFFF))
    mask = b.lshr(answer, I64(32))
    with b.if_then(b.trunc(answer, ir.IntType(1))):
        at = b.urem(b.load(cursor, typ=I64), I64(CACHE_SLOTS))
        b.store(b.add(b.load(cursor, typ=I64), I64(1)), cursor)
        b.store(I64(-1), _field(b, cache, at, 0))             # invalid while it is written
        with counted_loop(b, I64(0), nargs, "slot") as i:
            item = b.load(b.gep(args, [i], source_etype=PTR), typ=PTR)
            b.store(ob_type(b, item), _field(b, cache, at, 3, i))
            b.store(I64(0), _field(b, cache, at, 4, i))
            with b.if_then(b.trunc(b.lshr(mask, i), ir.IntType(1))):
                b.store(_array_key(b, item), _field(b, cache, at, 4, i))
        b.store(mask, _field(b, cache, at, 2))
        b.store(index, _field(b, cache, at, 1))
        b.store(nargs, _field(b, cache, at, 0))
    return index


def _description_object(b: ir.IRBuilder, description: str) -> ir.Value:
    """The description as a str made once (its hash is kept: a cheap dict key)."""
    m = b.module
    slot = opaque_global(m, PTR, m.get_unique_name("kiln.dispatch.description"))
    slot.linkage = "internal"
    slot.initializer = NULL
    with b.if_then(b.icmp_unsigned("==", b.load(slot, typ=PTR), NULL), likely=False):
        text = b.call(api(m, "PyUnicode_FromString"), [cstring(m, description)])
        with b.if_then(b.icmp_unsigned("==", text, NULL), likely=False):
            b.ret(NULL)
        b.store(text, slot)
    return b.load(slot, typ=PTR)


def _values_tuple(b: ir.IRBuilder, args, nargs, kwnames) -> ir.Value:
    """The positional then keyword argument values as a new tuple."""
    m = b.module
    total_slot = alloca_entry(b, I64, "nvalues")
    b.store(nargs, total_slot)
    with b.if_then(b.icmp_unsigned("!=", kwnames, NULL)):
        b.store(b.add(nargs, b.call(api(m, "PyTuple_Size"), [kwnames])), total_slot)
    total = b.load(total_slot, typ=I64)
    tup = b.call(api(m, "PyTuple_New"), [total])
    with b.if_then(b.icmp_unsigned("==", tup, NULL), likely=False):
        b.ret(NULL)
    with counted_loop(b, I64(0), total, "value") as i:
        item = b.load(b.gep(args, [i], source_etype=PTR), typ=PTR)
        b.call(api(m, "Py_IncRef"), [item])
        b.call(api(m, "PyTuple_SetItem"), [tup, i, item])
    return tup
