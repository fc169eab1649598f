"""`Int / Int` as Python computes it: the exact quotient rounded once to a
Float64. Converting both operands to Float64 first rounds twice when one is
above 2**53 (`1 / (2**53 + 1)` would be off by one unit in the last place).

    kiln_int_true_div(i64 a, i64 b) -> double       (signed)
    kiln_uint_true_div(i64 a, i64 b) -> double      (unsigned)

Operands within +-2**53 convert exactly and a single `fdiv` is correctly
rounded (the common case, inline in the caller after inlining). Otherwise
the magnitude of `a` is shifted to the top of a 128-bit integer and divided
by `b`: the quotient has at least 64 significant bits, a nonzero remainder
is folded into its lowest bit (below the rounding position), so the one
128-bit -> double conversion rounds exactly as the true quotient would; the
power-of-two scale back is exact. The divisor is known to be nonzero."""
from __future__ import annotations

from llvmlite import ir

from ..layout import F64, I64
from .base import define
from .libc import intrinsic

I128 = ir.IntType(128)
EXACT = 1 << 53


def emit_int_true_div(module: ir.Module, name: str) -> ir.Function:
    return _emit(module, name, signed=True)


def emit_uint_true_div(module: ir.Module, name: str) -> ir.Function:
    return _emit(module, name, signed=False)


def _emit(module: ir.Module, name: str, signed: bool) -> ir.Function:
    fn, b = define(module, name, F64, [I64, I64])
    a, c = fn.args
    if signed:
        neg_a, neg_c = b.icmp_signed("<", a, I64(0)), b.icmp_signed("<", c, I64(0))
        mag_a = b.select(neg_a, b.sub(I64(0), a), a)        # INT_MIN -> 2**63 as unsigned
        mag_c = b.select(neg_c, b.sub(I64(0), c), c)
    else:
        mag_a, mag_c = a, c
    small = b.and_(b.icmp_unsigned("<=", mag_a, I64(EXACT)), b.icmp_unsigned("<=", mag_c, I64(EXACT)))
    with b.if_then(small, likely=True):
        to_float = b.sitofp if signed else b.uitofp
        b.ret(b.fdiv(to_float(a, F64), to_float(c, F64)))
    zero = F64(0.0)
    if signed:
        negative = b.xor(neg_a, neg_c)
        zero = b.select(negative, F64(-0.0), F64(0.0))     # 0 / -x is -0.0 in Python
    with b.if_then(b.icmp_unsigned("==", mag_a, I64(0))):
        b.ret(zero)
    ctlz = intrinsic(module, "llvm.ctlz.i64", I64, [I64, ir.IntType(1)])
    shift = b.add(b.call(ctlz, [mag_a, ir.IntType(1)(1)]), I64(64))
    top = b.shl(b.zext(mag_a, I128), b.zext(shift, I128))
    divisor = b.zext(mag_c, I128)
    quotient = b.udiv(top, divisor)
    sticky = b.zext(b.icmp_unsigned("!=", b.urem(top, divisor), I128(0)), I128)
    rounded = b.uitofp(b.or_(quotient, sticky), F64)
    scale = b.bitcast(b.shl(b.sub(I64(1023), shift), I64(52)), F64)      # 2**-shift, a normal number
    result = b.fmul(rounded, scale)
    b.ret(b.select(negative, b.fneg(result), result) if signed else result)
    return fn
