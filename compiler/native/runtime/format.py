"""Number formatting with Python's exact text.

- integers: decimal (`%lld` / `%llu`);
- Float64: `repr(float)`: the shortest digit string that reads back to the
  same double, in fixed notation when the decimal exponent is in [-4, 16)
  and scientific otherwise (`1e+16`, `1.5e-05`), always with a `.0` when
  there is no fraction, and `inf`, `-inf`, `nan`, `-0.0`;
- Float32: the same rules with the shortest digits that read back to the
  same 32-bit float (`24.0`, `0.1`).

The shortest digits come from printing with increasing precision (`%.*e`,
glibc rounds correctly) until `strtod`/`strtof` gives the value back. Each
function writes into a caller buffer of at least FORMAT_BUFFER bytes and
returns the length (no NUL).
"""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..layout import F64, I8, I32, I64, PTR
from .base import Var, byte_at, counted_loop, define, put_byte, while_loop
from .libc import F32, libc

FORMAT_BUFFER = 48


def emit_fmt_i64(module: ir.Module, name: str) -> ir.Function:
    return _emit_fmt_int(module, name, "%lld")


def emit_fmt_u64(module: ir.Module, name: str) -> ir.Function:
    return _emit_fmt_int(module, name, "%llu")


def _emit_fmt_int(module: ir.Module, name: str, fmt: str) -> ir.Function:
    fn, b = define(module, name, I64, [I64, PTR])
    n = b.call(libc(module, "snprintf"), [fn.args[1], I64(FORMAT_BUFFER), cstring(module, fmt), fn.args[0]])
    b.ret(b.sext(n, I64))
    return fn


def emit_fmt_f64(module: ir.Module, name: str) -> ir.Function:
    return _emit_fmt_float(module, name, F64, 17)


def emit_fmt_f32(module: ir.Module, name: str) -> ir.Function:
    return _emit_fmt_float(module, name, F32, 9)


def _copy_literal(b: ir.IRBuilder, module: ir.Module, out: ir.Value, text: str) -> None:
    for i, ch in enumerate(text.encode()):
        put_byte(b, out, I64(i), ch)
    b.ret(I64(len(text)))


def _emit_fmt_float(module: ir.Module, name: str, fty: ir.Type, max_digits: int) -> ir.Function:
    fn, b = define(module, name, I64, [fty, PTR])
    x, out = fn.args
    _special_values(b, module, x, out)
    tmp = b.alloca(ir.ArrayType(I8, FORMAT_BUFFER), name="tmp")
    _shortest_digits(b, module, x, tmp, fty, max_digits)
    digits = b.alloca(ir.ArrayType(I8, 24), name="digits")
    ndig, exp, negative = _parse_scientific(b, tmp, digits)
    o = Var(b, I64, I64(0), "o")
    with b.if_then(negative):
        put_byte(b, out, I64(0), ord("-"))
        o.set(I64(1))
    use_exp = b.or_(b.icmp_signed("<", exp, I64(-4)), b.icmp_signed(">=", exp, I64(16)))
    with b.if_else(use_exp) as (sci, fixed):
        with sci:
            _write_scientific(b, out, o, digits, ndig, exp)
        with fixed:
            _write_fixed(b, out, o, digits, ndig, exp)
    b.ret(o.get())
    return fn


def _special_values(b: ir.IRBuilder, module: ir.Module, x: ir.Value, out: ir.Value) -> None:
    with b.if_then(b.fcmp_unordered("uno", x, x)):
        _copy_literal(b, module, out, "nan")
    infinity = ir.Constant(x.type, float("inf"))
    with b.if_then(b.fcmp_ordered("==", x, infinity)):
        _copy_literal(b, module, out, "inf")
    with b.if_then(b.fcmp_ordered("==", x, b.fneg(infinity))):
        _copy_literal(b, module, out, "-inf")
    with b.if_then(b.fcmp_ordered("==", x, ir.Constant(x.type, 0.0))):
        with b.if_else(_sign_bit(b, x)) as (neg, pos):
            with neg:
                _copy_literal(b, module, out, "-0.0")
            with pos:
                _copy_literal(b, module, out, "0.0")
        b.unreachable()


def _sign_bit(b: ir.IRBuilder, x: ir.Value) -> ir.Value:
    width = 32 if isinstance(x.type, ir.FloatType) else 64
    bits = b.bitcast(x, ir.IntType(width))
    return b.icmp_signed("<", bits, ir.IntType(width)(0))


def _shortest_digits(b, module, x, tmp, fty, max_digits) -> None:
    """Fill `tmp` with the shortest `%.{p-1}e` text that reads back as x.

    At each precision the correctly rounded text is tried first; when it
    misses (possible next to a power of two, where the rounding interval is
    lopsided) its neighbour on the other side of x is tried too, as
    David Gay's shortest mode (Python's repr) would find it."""
    as_double = x if fty == F64 else b.fpext(x, F64)
    fmt = cstring(module, "%.*e")
    other = b.alloca(ir.ArrayType(I8, FORMAT_BUFFER), name="other")
    p = Var(b, I32, I32(1), "p")
    with while_loop(b, lambda: b.icmp_signed("<=", p.get(), I32(max_digits)), "digits") as done:
        b.call(libc(module, "snprintf"), [tmp, I64(FORMAT_BUFFER), fmt, b.sub(p.get(), I32(1)), as_double])
        back = _read_back(b, module, tmp, fty)
        with b.if_then(b.fcmp_ordered("==", back, x)):
            b.branch(done)
        b.call(libc(module, "memcpy"), [other, tmp, I64(FORMAT_BUFFER)])
        # Step the digits away from zero when x lies beyond the text's value.
        negative = b.fcmp_ordered("<", x, ir.Constant(x.type, 0.0))
        magnitude_up = b.select(negative, b.fcmp_ordered(">", back, x), b.fcmp_ordered("<", back, x))
        stepped = _step_last_digit(b, other, up=magnitude_up)
        with b.if_then(stepped):
            with b.if_then(b.fcmp_ordered("==", _read_back(b, module, other, fty), x)):
                b.call(libc(module, "memcpy"), [tmp, other, I64(FORMAT_BUFFER)])
                b.branch(done)
        p.set(b.add(p.get(), I32(1)))


def _read_back(b, module, text, fty):
    name = "strtod" if fty == F64 else "strtof"
    return b.call(libc(module, name), [text, ir.Constant(PTR, None)])


def _step_last_digit(b, text, up) -> ir.Value:
    """Add (up) or subtract one unit in the last mantissa digit of
    `[-]d.ddde+XX`, in place; false when the first digit would overflow or
    vanish (then this neighbour needs a different exponent: skip it)."""
    e_index = Var(b, I64, I64(0), "e")
    with while_loop(b, lambda: b.icmp_unsigned("!=", byte_at(b, text, e_index.get()), I8(ord("e"))), "find_e"):
        e_index.set(b.add(e_index.get(), I64(1)))
    pos = Var(b, I64, b.sub(e_index.get(), I64(1)), "pos")
    wrap_from = b.select(up, I8(ord("9")), I8(ord("0")))
    wrap_to = b.select(up, I8(ord("0")), I8(ord("9")))
    ok = Var(b, ir.IntType(1), ir.IntType(1)(1), "ok")

    def carrying():
        ch = byte_at(b, text, pos.get())
        at_digit = b.icmp_signed(">=", pos.get(), I64(0))
        return b.and_(at_digit, b.or_(b.icmp_unsigned("==", ch, wrap_from),
                                      b.icmp_unsigned("==", ch, I8(ord(".")))))
    with while_loop(b, carrying, "carry"):
        with b.if_then(b.icmp_unsigned("!=", byte_at(b, text, pos.get()), I8(ord(".")))):
            put_byte(b, text, pos.get(), wrap_to)
        pos.set(b.sub(pos.get(), I64(1)))
    start = b.zext(b.icmp_unsigned("==", byte_at(b, text, I64(0)), I8(ord("-"))), I64)
    with b.if_else(b.icmp_signed("<", pos.get(), start)) as (overflow, digit):
        with overflow:
            ok.set(ir.IntType(1)(0))
        with digit:
            ch = byte_at(b, text, pos.get())
            stepped = b.select(up, b.add(ch, I8(1)), b.sub(ch, I8(1)))
            put_byte(b, text, pos.get(), stepped)
            vanished = b.and_(b.icmp_signed("==", pos.get(), start),
                              b.icmp_unsigned("==", stepped, I8(ord("0"))))
            ok.set(b.not_(vanished))
    return ok.get()


def _parse_scientific(b, tmp, digits):
    """Split `[-]D[.DDD]e[+-]XX` into (digit count, decimal exponent, negative)."""
    minus = b.icmp_unsigned("==", byte_at(b, tmp, I64(0)), I8(ord("-")))
    pos = Var(b, I64, b.zext(minus, I64), "pos")
    nd = Var(b, I64, I64(0), "nd")

    def current():
        return byte_at(b, tmp, pos.get())

    with while_loop(b, lambda: b.icmp_unsigned("!=", current(), I8(ord("e"))), "mantissa"):
        ch = current()
        with b.if_then(b.icmp_unsigned("!=", ch, I8(ord(".")))):
            put_byte(b, digits, nd.get(), ch)
            nd.set(b.add(nd.get(), I64(1)))
        pos.set(b.add(pos.get(), I64(1)))
    pos.set(b.add(pos.get(), I64(1)))
    exp_negative = b.icmp_unsigned("==", current(), I8(ord("-")))
    pos.set(b.add(pos.get(), I64(1)))
    exp = Var(b, I64, I64(0), "exp")
    with while_loop(b, lambda: b.icmp_unsigned("!=", current(), I8(0)), "exponent"):
        digit = b.zext(b.sub(current(), I8(ord("0"))), I64)
        exp.set(b.add(b.mul(exp.get(), I64(10)), digit))
        pos.set(b.add(pos.get(), I64(1)))
    value = b.select(exp_negative, b.neg(exp.get()), exp.get())
    return nd.get(), value, minus


def _emit_byte(b, out, o: Var, value) -> None:
    put_byte(b, out, o.get(), value)
    o.set(b.add(o.get(), I64(1)))


def _write_scientific(b, out, o: Var, digits, ndig, exp) -> None:
    _emit_byte(b, out, o, byte_at(b, digits, I64(0)))
    with b.if_then(b.icmp_signed(">", ndig, I64(1))):
        _emit_byte(b, out, o, ord("."))
        with counted_loop(b, I64(1), ndig, "frac") as k:
            _emit_byte(b, out, o, byte_at(b, digits, k))
    _emit_byte(b, out, o, ord("e"))
    negative = b.icmp_signed("<", exp, I64(0))
    _emit_byte(b, out, o, b.select(negative, I8(ord("-")), I8(ord("+"))))
    magnitude = b.select(negative, b.neg(exp), exp)
    with b.if_then(b.icmp_signed(">=", magnitude, I64(100))):
        _emit_byte(b, out, o, b.add(b.trunc(b.sdiv(magnitude, I64(100)), I8), I8(ord("0"))))
    tens = b.srem(b.sdiv(magnitude, I64(10)), I64(10))
    _emit_byte(b, out, o, b.add(b.trunc(tens, I8), I8(ord("0"))))
    _emit_byte(b, out, o, b.add(b.trunc(b.srem(magnitude, I64(10)), I8), I8(ord("0"))))


def _write_fixed(b, out, o: Var, digits, ndig, exp) -> None:
    with b.if_else(b.icmp_signed(">=", exp, I64(0))) as (whole, fraction_only):
        with whole:
            int_digits = b.add(exp, I64(1))
            with counted_loop(b, I64(0), int_digits, "int") as k:
                have = b.icmp_signed("<", k, ndig)
                _emit_byte(b, out, o, b.select(have, byte_at(b, digits, b.select(have, k, I64(0))), I8(ord("0"))))
            _emit_byte(b, out, o, ord("."))
            with b.if_else(b.icmp_signed(">", ndig, int_digits)) as (more, none):
                with more:
                    with counted_loop(b, int_digits, ndig, "frac") as k:
                        _emit_byte(b, out, o, byte_at(b, digits, k))
                with none:
                    _emit_byte(b, out, o, ord("0"))
        with fraction_only:
            _emit_byte(b, out, o, ord("0"))
            _emit_byte(b, out, o, ord("."))
            with counted_loop(b, I64(1), b.neg(exp), "zeros"):
                _emit_byte(b, out, o, ord("0"))
            with counted_loop(b, I64(0), ndig, "frac") as k:
                _emit_byte(b, out, o, byte_at(b, digits, k))
