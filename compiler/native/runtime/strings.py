"""String runtime. A String is `{ptr data, i64 length, i64 capacity}` with the
bytes NUL-terminated. capacity > 0: owned heap buffer; 0: static data (a
literal, never freed); -1: borrowed bytes (a Python str seen by the bridge
for the duration of a call). Only capacity > 0 buffers are freed or
written in place; appending to the others copies first."""
from __future__ import annotations

from llvmlite import ir

from ..layout import I1, I8, I32, I64, PTR, VOID
from .base import define
from .libc import libc

STRING = ir.LiteralStructType([PTR, I64, I64])


def _parts(b, s):
    return b.extract_value(s, 0), b.extract_value(s, 1), b.extract_value(s, 2)


def _make(b, data, length, cap):
    v = ir.Constant(STRING, ir.Undefined)
    v = b.insert_value(v, data, 0)
    v = b.insert_value(v, length, 1)
    return b.insert_value(v, cap, 2)


def emit_str_from_bytes(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_from_bytes(ptr, i64 n) -> String: an owned copy."""
    fn, b = define(module, name, STRING, [PTR, I64])
    data, n = fn.args
    cap = b.add(n, I64(1))
    buf = b.call(libc(module, "malloc"), [cap])
    b.call(libc(module, "memcpy"), [buf, data, n])
    b.store(I8(0), b.gep(buf, [n], source_etype=I8))
    b.ret(_make(b, buf, n, cap))
    return fn


def emit_str_copy(module: ir.Module, name: str) -> ir.Function:
    fn, b = define(module, name, STRING, [STRING])
    data, n, cap = _parts(b, fn.args[0])
    with b.if_then(b.icmp_signed("==", cap, I64(0))):
        b.ret(fn.args[0])               # static data is shared, never freed
    b.ret(b.call(_get(module, "kiln_str_from_bytes"), [data, n]))
    return fn


def emit_str_free(module: ir.Module, name: str) -> ir.Function:
    fn, b = define(module, name, VOID, [STRING])
    data, _, cap = _parts(b, fn.args[0])
    with b.if_then(b.icmp_signed(">", cap, I64(0))):
        b.call(libc(module, "free"), [data])
    b.ret_void()
    return fn


def emit_str_append(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_append(ptr string_slot, ptr bytes, i64 n): grow in place."""
    fn, b = define(module, name, VOID, [PTR, PTR, I64])
    slot, data, n = fn.args
    cur = b.load(slot, typ=STRING)
    old, length, cap = _parts(b, cur)
    needed = b.add(b.add(length, n), I64(1))
    owned = b.icmp_signed(">", cap, I64(0))
    with b.if_then(b.or_(b.not_(owned), b.icmp_signed(">", needed, cap))):
        doubled = b.mul(b.select(owned, cap, I64(8)), I64(2))
        new_cap = b.select(b.icmp_signed(">", needed, doubled), needed, doubled)
        buf = b.call(libc(module, "malloc"), [new_cap])
        b.call(libc(module, "memcpy"), [buf, old, length])
        with b.if_then(owned):
            b.call(libc(module, "free"), [old])
        b.store(_make(b, buf, length, new_cap), slot)
    cur = b.load(slot, typ=STRING)
    buf = b.extract_value(cur, 0)
    b.call(libc(module, "memcpy"), [b.gep(buf, [length], source_etype=I8), data, n])
    new_len = b.add(length, n)
    b.store(I8(0), b.gep(buf, [new_len], source_etype=I8))
    b.store(b.insert_value(cur, new_len, 1), slot)
    b.ret_void()
    return fn


def emit_str_compare(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_compare(String a, String b) -> i32 (<0, 0, >0), bytewise like Python on UTF-8."""
    fn, b = define(module, name, I32, [STRING, STRING])
    da, na, _ = _parts(b, fn.args[0])
    db, nb, _ = _parts(b, fn.args[1])
    shorter = b.select(b.icmp_signed("<", na, nb), na, nb)
    c = b.call(libc(module, "memcmp"), [da, db, shorter])
    with b.if_then(b.icmp_signed("!=", c, I32(0))):
        b.ret(c)
    b.ret(b.sub(b.zext(b.icmp_signed(">", na, nb), I32), b.zext(b.icmp_signed("<", na, nb), I32)))
    return fn


def emit_str_eq(module: ir.Module, name: str) -> ir.Function:
    fn, b = define(module, name, I1, [STRING, STRING])
    da, na, _ = _parts(b, fn.args[0])
    db, nb, _ = _parts(b, fn.args[1])
    with b.if_then(b.icmp_signed("!=", na, nb)):
        b.ret(I1(0))
    c = b.call(libc(module, "memcmp"), [da, db, na])
    b.ret(b.icmp_signed("==", c, I32(0)))
    return fn


def _get(module: ir.Module, name: str) -> ir.Function:
    from . import Runtime
    return Runtime(module).get(name)
