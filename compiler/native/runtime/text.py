"""String methods with Python's results on the bytes of UTF-8 strings
(`find`, `count`, `startswith`, `strip`, `replace`, `split`, case changes
of ASCII letters). Indices are byte offsets, as `len` counts bytes."""
from __future__ import annotations

from llvmlite import ir

from ..layout import I1, I8, I32, I64, PTR, VOID
from .base import Var, byte_at, define, put_byte, while_loop
from .libc import libc
from .strings import STRING, _make, _parts

WHITESPACE = b" \t\n\r\x0b\x0c"


def _rt(module: ir.Module, name: str) -> ir.Function:
    from . import Runtime
    return Runtime(module).get(name)


def _matches_at(b, module, hay, pos, needle, n) -> ir.Value:
    c = b.call(libc(module, "memcmp"), [b.gep(hay, [pos], source_etype=I8), needle, n])
    return b.icmp_signed("==", c, I32(0))


def emit_find(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_find(String s, String sub, i64 start, i1 last) -> i64 (-1 if absent)."""
    fn, b = define(module, name, I64, [STRING, STRING, I64, I1])
    hay, hn, _ = _parts(b, fn.args[0])
    needle, nn, _ = _parts(b, fn.args[1])
    start, last = fn.args[2], fn.args[3]
    start = b.select(b.icmp_signed("<", start, I64(0)), b.add(start, hn), start)
    start = b.select(b.icmp_signed("<", start, I64(0)), I64(0), start)
    limit = b.sub(hn, nn)
    found = Var(b, I64, I64(-1), "found")
    pos = Var(b, I64, b.select(last, limit, start), "pos")
    step = b.select(last, I64(-1), I64(1))

    def searching():
        p = pos.get()
        inside = b.and_(b.icmp_signed(">=", p, start), b.icmp_signed("<=", p, limit))
        return b.and_(inside, b.icmp_signed("==", found.get(), I64(-1)))
    with while_loop(b, searching, "search"):
        with b.if_then(_matches_at(b, module, hay, pos.get(), needle, nn)):
            found.set(pos.get())
        pos.set(b.add(pos.get(), step))
    b.ret(found.get())
    return fn


def emit_count(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_count(String s, String sub) -> i64: non-overlapping occurrences."""
    fn, b = define(module, name, I64, [STRING, STRING])
    hay, hn, _ = _parts(b, fn.args[0])
    needle, nn, _ = _parts(b, fn.args[1])
    with b.if_then(b.icmp_signed("==", nn, I64(0))):
        b.ret(b.add(hn, I64(1)))
    count = Var(b, I64, I64(0), "count")
    pos = Var(b, I64, I64(0), "pos")
    with while_loop(b, lambda: b.icmp_signed("<=", pos.get(), b.sub(hn, nn)), "scan"):
        with b.if_else(_matches_at(b, module, hay, pos.get(), needle, nn)) as (hit, miss):
            with hit:
                count.set(b.add(count.get(), I64(1)))
                pos.set(b.add(pos.get(), nn))
            with miss:
                pos.set(b.add(pos.get(), I64(1)))
    b.ret(count.get())
    return fn


def emit_affix(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_affix(String s, String part, i1 at_end) -> i1: startswith/endswith."""
    fn, b = define(module, name, I1, [STRING, STRING, I1])
    data, n, _ = _parts(b, fn.args[0])
    part, pn, _ = _parts(b, fn.args[1])
    with b.if_then(b.icmp_signed(">", pn, n)):
        b.ret(I1(0))
    pos = b.select(fn.args[2], b.sub(n, pn), I64(0))
    b.ret(_matches_at(b, module, data, pos, part, pn))
    return fn


def emit_case(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_case(String s, i1 upper) -> String: ASCII letters changed."""
    fn, b = define(module, name, STRING, [STRING, I1])
    data, n, _ = _parts(b, fn.args[0])
    out = b.call(_rt(module, "kiln_str_from_bytes"), [data, n])
    buf = b.extract_value(out, 0)
    lo, hi = b.select(fn.args[1], I8(ord("a")), I8(ord("A"))), b.select(fn.args[1], I8(ord("z")), I8(ord("Z")))
    from .base import counted_loop
    with counted_loop(b, I64(0), n, "ch") as i:
        ch = byte_at(b, buf, i)
        letter = b.and_(b.icmp_unsigned(">=", ch, lo), b.icmp_unsigned("<=", ch, hi))
        with b.if_then(letter):
            put_byte(b, buf, i, b.xor(ch, I8(0x20)))
    b.ret(out)
    return fn


def _in_set(b, module, ch, chars, cn) -> ir.Value:
    """Is byte `ch` one of `chars[0:cn]`? (cn < 0: Python's whitespace)."""
    ws = ir.Constant(I1, 0)
    for w in WHITESPACE:
        ws = b.or_(ws, b.icmp_unsigned("==", ch, I8(w)))
    hit = Var(b, I1, I1(0), "hit")
    from .base import counted_loop
    with counted_loop(b, I64(0), b.select(b.icmp_signed("<", cn, I64(0)), I64(0), cn), "set") as k:
        with b.if_then(b.icmp_unsigned("==", byte_at(b, chars, k), ch)):
            hit.set(I1(1))
    return b.select(b.icmp_signed("<", cn, I64(0)), ws, hit.get())


def emit_strip(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_strip(String s, ptr chars, i64 nchars (-1: whitespace), i32 sides) -> String;
    sides: 1 = left, 2 = right, 3 = both."""
    fn, b = define(module, name, STRING, [STRING, PTR, I64, I32])
    data, n, _ = _parts(b, fn.args[0])
    chars, cn, sides = fn.args[1], fn.args[2], fn.args[3]
    start = Var(b, I64, I64(0), "start")
    end = Var(b, I64, n, "end")
    left = b.icmp_unsigned("!=", b.and_(sides, I32(1)), I32(0))
    right = b.icmp_unsigned("!=", b.and_(sides, I32(2)), I32(0))
    with while_loop(b, lambda: b.and_(b.and_(left, b.icmp_signed("<", start.get(), end.get())),
                                      _in_set(b, module, byte_at(b, data, start.get()), chars, cn)), "lstrip"):
        start.set(b.add(start.get(), I64(1)))
    with while_loop(b, lambda: b.and_(b.and_(right, b.icmp_signed("<", start.get(), end.get())),
                                      _in_set(b, module, byte_at(b, data, b.sub(end.get(), I64(1))), chars, cn)),
                    "rstrip"):
        end.set(b.sub(end.get(), I64(1)))
    b.ret(b.call(_rt(module, "kiln_str_from_bytes"),
                 [b.gep(data, [start.get()], source_etype=I8), b.sub(end.get(), start.get())]))
    return fn


def emit_replace(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_replace(String s, String old, String new) -> String (all occurrences)."""
    fn, b = define(module, name, STRING, [STRING, STRING, STRING])
    data, n, _ = _parts(b, fn.args[0])
    old, on, _ = _parts(b, fn.args[1])
    new, nn, _ = _parts(b, fn.args[2])
    out = b.alloca(STRING, name="out")
    b.store(b.call(_rt(module, "kiln_str_from_bytes"), [data, I64(0)]), out)
    append = _rt(module, "kiln_str_append")
    pos = Var(b, I64, I64(0), "pos")
    with while_loop(b, lambda: b.icmp_signed("<", pos.get(), n), "scan"):
        fits = b.and_(b.icmp_signed(">", on, I64(0)), b.icmp_signed("<=", b.add(pos.get(), on), n))
        hit = Var(b, I1, I1(0), "hit")
        with b.if_then(fits):
            hit.set(_matches_at(b, module, data, pos.get(), old, on))
        with b.if_else(hit.get()) as (yes, no):
            with yes:
                b.call(append, [out, new, nn])
                pos.set(b.add(pos.get(), on))
            with no:
                b.call(append, [out, b.gep(data, [pos.get()], source_etype=I8), I64(1)])
                pos.set(b.add(pos.get(), I64(1)))
    b.ret(b.load(out, typ=STRING))
    return fn


def emit_split(module: ir.Module, name: str) -> ir.Function:
    """kiln_str_split(String s, String sep, i1 whitespace, ptr list_slot): appends the
    parts (owned Strings) to the List[String] in `list_slot`, as `str.split`."""
    fn, b = define(module, name, VOID, [STRING, STRING, I1, PTR])
    data, n, _ = _parts(b, fn.args[0])
    sep, sn, _ = _parts(b, fn.args[1])
    whitespace, slot = fn.args[2], fn.args[3]
    push = _rt(module, "kiln_list_push_string")
    start = Var(b, I64, I64(0), "start")
    pos = Var(b, I64, I64(0), "pos")
    empty = ir.Constant(PTR, None)
    with b.if_else(whitespace) as (ws, by_sep):
        with ws:
            with while_loop(b, lambda: b.icmp_signed("<", pos.get(), n), "words"):
                is_space = _in_set(b, module, byte_at(b, data, pos.get()), empty, I64(-1))
                with b.if_else(is_space) as (space, word):
                    with space:
                        pos.set(b.add(pos.get(), I64(1)))
                    with word:
                        start.set(pos.get())
                        with while_loop(b, lambda: b.and_(
                                b.icmp_signed("<", pos.get(), n),
                                b.not_(_in_set(b, module, byte_at(b, data, pos.get()), empty, I64(-1)))), "word"):
                            pos.set(b.add(pos.get(), I64(1)))
                        b.call(push, [slot, b.gep(data, [start.get()], source_etype=I8),
                                      b.sub(pos.get(), start.get())])
        with by_sep:
            with while_loop(b, lambda: b.icmp_signed("<=", b.add(pos.get(), sn), n), "parts"):
                with b.if_else(_matches_at(b, module, data, pos.get(), sep, sn)) as (hit, miss):
                    with hit:
                        b.call(push, [slot, b.gep(data, [start.get()], source_etype=I8),
                                      b.sub(pos.get(), start.get())])
                        pos.set(b.add(pos.get(), sn))
                        start.set(pos.get())
                    with miss:
                        pos.set(b.add(pos.get(), I64(1)))
            b.call(push, [slot, b.gep(data, [start.get()], source_etype=I8), b.sub(n, start.get())])
    b.ret_void()
    return fn


def emit_list_push_string(module: ir.Module, name: str) -> ir.Function:
    """kiln_list_push_string(ptr list_slot, ptr bytes, i64 n): append an owned copy."""
    fn, b = define(module, name, VOID, [PTR, PTR, I64])
    slot = fn.args[0]
    from .lists import LIST
    cur = b.load(slot, typ=LIST)
    length = b.extract_value(cur, 1)
    size = I64(24)
    b.call(_rt(module, "kiln_list_reserve"), [slot, b.add(length, I64(1)), size])
    cur = b.load(slot, typ=LIST)
    text = b.call(_rt(module, "kiln_str_from_bytes"), [fn.args[1], fn.args[2]])
    b.store(text, b.gep(b.extract_value(cur, 0), [length], source_etype=STRING))
    b.store(b.insert_value(cur, b.add(length, I64(1)), 1), slot)
    b.ret_void()
    return fn
