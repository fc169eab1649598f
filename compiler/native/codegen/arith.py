"""Numeric semantics of the compiled tier (language.md section 4):
fixed-width two's-complement integers that wrap; `//` and `%` with Python's
floor semantics; integer division by zero is a fault; `/` on integers gives
Float64; IEEE floats rounded after every operation (no contraction or
reassociation unless the fn is `@fastmath`); Python's float `//` and `%`.
Scalars and SIMD vectors share the code (lane-wise)."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ..layout import I1, I64, element_type
from ..runtime.errors import VALUE, ZERO_DIVISION
from .effects import nonnegative_constant, nonzero_constant

_INT_OPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.BitAnd: "and_",
            ast.BitOr: "or_", ast.BitXor: "xor"}
_FLOAT_OPS = {ast.Add: "fadd", ast.Sub: "fsub", ast.Mult: "fmul", ast.Div: "fdiv"}
_CMP = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def dtype_of(t: T.Type) -> T.DType:
    if isinstance(t, (T.ScalarType, T.SIMDType)):
        return t.dtype
    raise TypeError(f"not a numeric type: {t}")


def is_float(t: T.Type) -> bool:
    return isinstance(t, (T.ScalarType, T.SIMDType)) and t.dtype.is_float


def splat(b: ir.IRBuilder, scalar: ir.Value, width: int) -> ir.Value:
    vty = ir.VectorType(scalar.type, width)
    v = b.insert_element(ir.Constant(vty, ir.Undefined), scalar, ir.IntType(32)(0))
    return b.shuffle_vector(v, ir.Constant(vty, ir.Undefined), ir.Constant(ir.VectorType(ir.IntType(32), width), [0] * width))


def const_like(ty: ir.Type, value) -> ir.Value:
    if isinstance(ty, ir.VectorType):
        return ir.Constant(ty, [ir.Constant(ty.element, value)] * ty.count)
    return ir.Constant(ty, value)


class ArithMixin:
    @property
    def fast_math(self) -> bool:
        """The fn is `@fastmath`, or the whole build is (`--fast-math`)."""
        return self.inst.fastmath or self.ctx.options.fast_math

    def fastmath_flags(self) -> tuple[str, ...]:
        return ("fast",) if self.fast_math else ()

    def int_binary(self, op: ast.operator, a: ir.Value, c: ir.Value, t: T.Type, node: ast.AST) -> ir.Value:
        b = self.b
        signed = dtype_of(t).is_signed
        kind = type(op)
        if kind in _INT_OPS:
            return getattr(b, _INT_OPS[kind])(a, c)
        if kind in (ast.FloorDiv, ast.Mod):
            self._zero_division_check(c, node)
            if not signed:
                return b.udiv(a, c) if kind is ast.FloorDiv else b.urem(a, c)
            return self._floor_div(a, c) if kind is ast.FloorDiv else self._floor_mod(a, c)
        if kind is ast.LShift:
            return self._shift(a, c, left=True, signed=signed)
        if kind is ast.RShift:
            return self._shift(a, c, left=False, signed=signed)
        if kind is ast.Pow:
            if signed and not _literal_exponent(node):
                self._negative_exponent_check(c, node)
            return self._int_pow(a, c, t)
        raise self.internal(f"operator {kind.__name__} on {t}", node)

    def _negative_exponent_check(self, exponent: ir.Value, node: ast.AST) -> None:
        """Python's `2 ** -1` is 0.5, which no integer type holds: a fault,
        never a silently wrong integer."""
        b = self.b
        negative = b.icmp_signed("<", exponent, const_like(exponent.type, 0))
        if isinstance(exponent.type, ir.VectorType):
            negative = b.call(self.intrinsic("llvm.vector.reduce.or", I1, [negative.type], [negative.type]),
                              [negative])
        with b.if_then(negative, likely=False):
            self.fault(VALUE, "negative exponent in an integer power (convert the base to Float64)", node)

    def _zero_division_check(self, divisor: ir.Value, node: ast.AST) -> None:
        if isinstance(divisor, ir.Constant) and not isinstance(divisor.type, ir.VectorType) \
                and divisor.constant not in (0, None):
            return
        if _literal_divisor(node):
            return      # effects.py decided this cannot fault (`v // 2` on SIMD too): agree with it
        b = self.b
        zero = b.icmp_signed("==", divisor, const_like(divisor.type, 0))
        if isinstance(divisor.type, ir.VectorType):
            zero = b.call(self.intrinsic("llvm.vector.reduce.or", I1, [zero.type], [zero.type]), [zero])
        with b.if_then(zero, likely=False):
            self.fault(ZERO_DIVISION, "integer division or modulo by zero", node)

    def _floor_div(self, a, c) -> ir.Value:
        b = self.b
        ty = a.type
        minus_one = b.icmp_signed("==", c, const_like(ty, -1))
        safe_c = b.select(minus_one, const_like(ty, 1), c)      # INT_MIN // -1 must wrap, not trap
        q = b.sdiv(a, safe_c)
        r = b.srem(a, safe_c)
        adjust = b.and_(b.icmp_signed("!=", r, const_like(ty, 0)),
                        b.icmp_signed("!=", b.icmp_signed("<", r, const_like(ty, 0)),
                                      b.icmp_signed("<", safe_c, const_like(ty, 0))))
        q = b.sub(q, b.zext(adjust, ty) if not isinstance(ty, ir.VectorType) else b.zext(adjust, ty))
        return b.select(minus_one, b.sub(const_like(ty, 0), a), q)

    def _floor_mod(self, a, c) -> ir.Value:
        b = self.b
        ty = a.type
        minus_one = b.icmp_signed("==", c, const_like(ty, -1))
        safe_c = b.select(minus_one, const_like(ty, 1), c)
        r = b.srem(a, safe_c)
        adjust = b.and_(b.icmp_signed("!=", r, const_like(ty, 0)),
                        b.icmp_signed("!=", b.icmp_signed("<", r, const_like(ty, 0)),
                                      b.icmp_signed("<", safe_c, const_like(ty, 0))))
        return b.select(adjust, b.add(r, safe_c), r)

    def _shift(self, a, c, *, left: bool, signed: bool) -> ir.Value:
        b = self.b
        ty = a.type
        bits = (ty.element if isinstance(ty, ir.VectorType) else ty).width
        too_far = b.icmp_unsigned(">=", c, const_like(ty, bits))
        amount = b.select(too_far, const_like(ty, bits - 1), c)
        if left:
            return b.select(too_far, const_like(ty, 0), b.shl(a, amount))
        shifted = b.ashr(a, amount) if signed else b.lshr(a, amount)
        if signed:
            return shifted                      # saturates to the sign fill
        return b.select(too_far, const_like(ty, 0), shifted)

    def _int_pow(self, base, exp, t) -> ir.Value:
        """Exponentiation by squaring (wrapping); a negative exponent gives 0
        except for bases 1 and -1 (the checker types int ** int as Int)."""
        b = self.b
        ty = base.type
        result = self.var_slot(ty, const_like(ty, 1))
        acc = self.var_slot(ty, base)
        e = self.var_slot(ty, exp)
        head, body, done = (b.append_basic_block(n) for n in ("pow.head", "pow.body", "pow.done"))
        b.branch(head)
        b.position_at_end(head)
        b.cbranch(b.icmp_signed(">", b.load(e, typ=ty), const_like(ty, 0)), body, done)
        b.position_at_end(body)
        odd = b.trunc(b.and_(b.load(e, typ=ty), const_like(ty, 1)), I1)
        with b.if_then(odd):
            b.store(b.mul(b.load(result, typ=ty), b.load(acc, typ=ty)), result)
        b.store(b.mul(b.load(acc, typ=ty), b.load(acc, typ=ty)), acc)
        b.store(b.ashr(b.load(e, typ=ty), const_like(ty, 1)), e)
        b.branch(head)
        b.position_at_end(done)
        return b.load(result, typ=ty)

    def float_binary(self, op: ast.operator, a: ir.Value, c: ir.Value, t: T.Type, node) -> ir.Value:
        b = self.b
        kind = type(op)
        flags = self.fastmath_flags()
        if kind in _FLOAT_OPS:
            return getattr(b, _FLOAT_OPS[kind])(a, c, flags=flags)
        if kind is ast.Pow:
            if flags or isinstance(a.type, ir.VectorType):
                return b.call(self.intrinsic("llvm.pow", a.type, [a.type], [a.type, a.type]), [a, c])
            # libm's pow, as CPython calls it: `nobuiltin` keeps LLVM from
            # turning x ** 0.5 into sqrt(x) or x ** -1.0 into 1 / x (different roundings)
            name = "pow" if a.type == ir.DoubleType() else "powf"
            fn = self.ctx.module.globals.get(name)
            if fn is None:
                fn = ir.Function(self.ctx.module, ir.FunctionType(a.type, [a.type, a.type]), name)
                fn.attributes.add("nobuiltin")
            return b.call(fn, [a, c])
        if kind is ast.Mod:
            return self._float_mod(a, c)
        if kind is ast.FloorDiv:
            return self._float_floordiv(a, c)
        raise self.internal(f"operator {kind.__name__} on {t}", node)

    def _float_mod(self, a, c) -> ir.Value:
        """Python's float %: the result takes the divisor's sign."""
        b = self.b
        ty = a.type
        zero = const_like(ty, 0.0)
        r = b.frem(a, c)
        fix = b.and_(b.fcmp_ordered("!=", r, zero),
                     b.icmp_unsigned("!=", b.fcmp_ordered("<", r, zero), b.fcmp_ordered("<", c, zero)))
        r = b.select(fix, b.fadd(r, c), r)
        signed_zero = b.call(self.intrinsic("llvm.copysign", ty, [ty], [ty, ty]), [zero, c])
        return b.select(b.fcmp_ordered("==", r, zero), signed_zero, r)

    def _float_floordiv(self, a, c) -> ir.Value:
        """Python's float //: floor((a - a % c) / c), corrected as CPython does."""
        b = self.b
        ty = a.type
        zero = const_like(ty, 0.0)
        mod = b.frem(a, c)
        fix = b.and_(b.fcmp_ordered("!=", mod, zero),
                     b.icmp_unsigned("!=", b.fcmp_ordered("<", mod, zero), b.fcmp_ordered("<", c, zero)))
        div = b.fdiv(b.fsub(a, mod), c)
        div = b.select(fix, b.fsub(div, const_like(ty, 1.0)), div)
        floor = b.call(self.intrinsic("llvm.floor", ty, [ty], [ty]), [div])
        over = b.fcmp_ordered(">", b.fsub(div, floor), const_like(ty, 0.5))
        floor = b.select(over, b.fadd(floor, const_like(ty, 1.0)), floor)
        quotient = b.fdiv(a, c)
        signed_zero = b.call(self.intrinsic("llvm.copysign", ty, [ty], [ty, ty]), [zero, quotient])
        return b.select(b.fcmp_ordered("==", div, zero), signed_zero, floor)

    def compare(self, op: ast.cmpop, a: ir.Value, c: ir.Value, t: T.Type) -> ir.Value:
        b = self.b
        sym = _CMP[type(op)]
        if is_float(t):
            if sym == "!=":
                return b.fcmp_unordered("!=", a, c)     # nan != nan is True
            return b.fcmp_ordered(sym, a, c)
        if isinstance(t, (T.ScalarType, T.SIMDType)) and not dtype_of(t).is_signed:
            return b.icmp_unsigned(sym, a, c)
        return b.icmp_signed(sym, a, c)


def _literal_divisor(node: ast.AST) -> bool:
    """A nonzero integer literal divisor (the rule effects.py uses)."""
    if isinstance(node, ast.BinOp):
        return nonzero_constant(node.right)
    if isinstance(node, ast.AugAssign):
        return nonzero_constant(node.value)
    return False


def _literal_exponent(node: ast.AST) -> bool:
    if isinstance(node, ast.BinOp):
        return nonnegative_constant(node.right)
    if isinstance(node, ast.Call):                 # pow(a, b)
        return len(node.args) >= 2 and nonnegative_constant(node.args[1])
    if isinstance(node, ast.AugAssign):
        return nonnegative_constant(node.value)
    return False
