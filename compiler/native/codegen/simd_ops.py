"""SIMD methods (a mixin): reductions, fma, select, cast. Float reductions are
ordered (lane 0 first, as a Python loop would add) unless the fn is
`@fastmath`, which lets LLVM reassociate them into a tree."""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..layout import I1
from .arith import const_like, is_float
from .values import Val


class SIMDMixin:
    def simd_builtins(self) -> dict:
        return {
            "SIMD.reduce_add": lambda n, t: self._reduce(n, t, "add"),
            "SIMD.reduce_mul": lambda n, t: self._reduce(n, t, "mul"),
            "SIMD.reduce_max": lambda n, t: self._reduce(n, t, "max"),
            "SIMD.reduce_min": lambda n, t: self._reduce(n, t, "min"),
            "SIMD.reduce_and": lambda n, t: self._reduce(n, t, "and"),
            "SIMD.reduce_or": lambda n, t: self._reduce(n, t, "or"),
            "SIMD.fma": self.simd_fma,
            "SIMD.select": self.simd_select,
            "SIMD.cast": self.simd_cast,
            "SIMD.min": lambda n, t: self._lanewise_extremum(n, t, "<"),
            "SIMD.max": lambda n, t: self._lanewise_extremum(n, t, ">"),
            "SIMD.clamp": self.simd_clamp,
            "SIMD.__len__": self.simd_len,
            "SIMD.join": self.simd_join,
            "SIMD.slice": self.simd_slice,
            "SIMD.splat": self.simd_splat,
            "SIMD.insert": self.simd_insert,
        }

    def _lanes(self, v: ir.Value) -> int:
        return v.type.count if isinstance(v.type, ir.VectorType) else 1

    def _as_vector(self, v: ir.Value) -> ir.Value:
        if isinstance(v.type, ir.VectorType):
            return v
        from .arith import splat
        return splat(self.b, v, 1)

    def simd_join(self, node, target) -> Val:
        """a.join(b): the lanes of a then those of b."""
        val, rest = self._receiver(node, target)
        other = self.cast_value(self.expr(rest[0]), val.type, node).value
        a, c = self._as_vector(val.value), self._as_vector(other)
        n = self._lanes(a)
        mask = ir.Constant(ir.VectorType(ir.IntType(32), 2 * n), list(range(2 * n)))
        return Val(self.b.shuffle_vector(a, c, mask), self.result_type(node, target))

    def simd_slice(self, node, target) -> Val:
        """v.slice[size](offset): `size` lanes from a compile-time offset."""
        val, rest = self._receiver(node, target)
        t = self.result_type(node, target)
        size = t.width if isinstance(t, T.SIMDType) else 1
        offset = self.constant_int(rest[0]) if rest else 0
        if offset is None:
            raise self.unsupported("`slice` needs a compile-time offset in compiled code", node)
        v = self._as_vector(val.value)
        if size == 1:
            return Val(self.b.extract_element(v, ir.IntType(32)(offset)), t)
        mask = ir.Constant(ir.VectorType(ir.IntType(32), size), list(range(offset, offset + size)))
        return Val(self.b.shuffle_vector(v, v, mask), t)

    def simd_splat(self, node, target) -> Val:
        val, rest = self._receiver(node, target)
        t = self.result_type(node, target)
        return self.cast_value(self.expr(rest[0]), t, node) if rest else val

    def simd_insert(self, node, target) -> Val:
        """v.insert[offset=k](w): w's lanes written over v's from lane k."""
        val, rest = self._receiver(node, target)
        offset = next((a for a in target.comptime_args if isinstance(a, int)), 0)
        part = self._as_vector(self.expr(rest[0]).value)
        v = val.value
        for lane in range(self._lanes(part)):
            v = self.b.insert_element(v, self.b.extract_element(part, ir.IntType(32)(lane)),
                                      ir.IntType(32)(offset + lane))
        return Val(v, val.type)

    def _lanewise_extremum(self, node, target, op: str) -> Val:
        val, rest = self._receiver(node, target)
        other = self.cast_value(self.expr(rest[0]), val.type, node).value
        import ast as _ast
        cmp = self.compare(_ast.Lt() if op == "<" else _ast.Gt(), other, val.value, val.type)
        return Val(self.b.select(cmp, other, val.value), val.type)

    def simd_clamp(self, node, target) -> Val:
        val, rest = self._receiver(node, target)
        lo = self.cast_value(self.expr(rest[0]), val.type, node).value
        hi = self.cast_value(self.expr(rest[1]), val.type, node).value
        import ast as _ast
        v = self.b.select(self.compare(_ast.Lt(), val.value, lo, val.type), lo, val.value)
        v = self.b.select(self.compare(_ast.Gt(), v, hi, val.type), hi, v)
        return Val(v, val.type)

    def simd_len(self, node, target) -> Val:
        val, _ = self._receiver(node, target)
        from ..layout import I64
        return Val(I64(val.type.width if isinstance(val.type, T.SIMDType) else 1), T.INT)

    def _receiver(self, node, target) -> tuple[Val, list]:
        args = self.args_of(node, target)
        return self.expr(args[0]), args[1:]

    def _reduce(self, node, target, op: str) -> Val:
        val, _ = self._receiver(node, target)
        t = val.type
        result_t = self.result_type(node, target)
        if isinstance(t, T.ScalarType):
            return val
        v = val.value
        elem = v.type.element
        b = self.b
        if is_float(t):
            if op in ("add", "mul"):
                start = ir.Constant(elem, -0.0 if op == "add" else 1.0)
                fn = self.intrinsic(f"llvm.vector.reduce.f{op}", elem, [v.type], [elem, v.type])
                call = b.call(fn, [start, v], fastmath=("reassoc",) if self.fast_math else ())
                return Val(call, result_t)
            name = {"max": "llvm.vector.reduce.fmax", "min": "llvm.vector.reduce.fmin"}[op]
        elif op in ("max", "min"):
            prefix = "s" if t.dtype.is_signed else "u"
            name = f"llvm.vector.reduce.{prefix}{op}"
        else:
            name = f"llvm.vector.reduce.{op}"
        return Val(b.call(self.intrinsic(name, elem, [v.type], [v.type]), [v]), result_t)

    def simd_fma(self, node, target) -> Val:
        val, rest = self._receiver(node, target)
        t = val.type
        m = self.cast_value(self.expr(rest[0]), t, node).value
        a = self.cast_value(self.expr(rest[1]), t, node).value
        v = val.value
        return Val(self.b.call(self.intrinsic("llvm.fma", v.type, [v.type], [v.type] * 3), [v, m, a]), t)

    def simd_select(self, node, target) -> Val:
        mask, rest = self._receiver(node, target)
        t = self.result_type(node, target)
        yes = self.cast_value(self.expr(rest[0]), t, node).value
        no = self.cast_value(self.expr(rest[1]), t, node).value
        cond = mask.value
        if isinstance(t, T.SIMDType) and not isinstance(cond.type, ir.VectorType):
            from .arith import splat
            cond = splat(self.b, cond, t.width)
        return Val(self.b.select(cond, yes, no), t)

    def simd_cast(self, node, target) -> Val:
        val, _ = self._receiver(node, target)
        return self.cast_value(val, self.result_type(node, target), node)

    def simd_all_true(self, vector: ir.Value) -> ir.Value:
        if not isinstance(vector.type, ir.VectorType):
            return vector
        return self.b.call(self.intrinsic("llvm.vector.reduce.and", I1, [vector.type], [vector.type]), [vector])

    def zero_of(self, t: T.Type) -> ir.Value:
        return const_like(self.layout.llvm(t), 0)
