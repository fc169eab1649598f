"""Builtin calls (a mixin of FunctionEmitter): the one table from the
checker's builtin names (`CallTarget(kind="builtin").name`) to the methods
that generate them. The families live in their own mixins: SIMD methods,
pointers and memory, List/String, math/time/random, vectorize/parallelize."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import CallTarget
from ..layout import I1, I32, I64
from ..runtime.errors import RAISED
from .algorithm_ops import AlgorithmMixin
from .arith import const_like, is_float
from .collections import CollectionsMixin
from .mathlib import MathMixin
from .memory_ops import MemoryMixin
from .simd_ops import SIMDMixin
from .string_ops import StringsMixin
from .values import Val

UNIT = ir.Constant(ir.LiteralStructType([]), [])


class BuiltinsMixin(SIMDMixin, MemoryMixin, CollectionsMixin, StringsMixin, MathMixin, AlgorithmMixin):
    def builtin_table(self) -> dict:
        return {
            "print": self.builtin_print,
            "len": self.builtin_len,
            "str": self.builtin_str,
            "String": self.builtin_str,
            "abs": self.builtin_abs,
            "min": self.builtin_min,
            "max": self.builtin_max,
            "convert": self.builtin_convert,
            "SIMD": self.builtin_convert,
            "round": self.builtin_round,
            "pow": self.builtin_pow,
            "Error": self.builtin_error,
            **self.simd_builtins(),
            **self.memory_builtins(),
            **self.collection_builtins(),
            **self.string_builtins(),
            **self.math_builtins(),
            **self.algorithm_builtins(),
        }

    def builtin_call(self, node: ast.AST, target: CallTarget) -> Val:
        table = getattr(self, "_builtins", None)
        if table is None:
            table = self._builtins = self.builtin_table()
        handler = table.get(target.name)
        if handler is None and target.name.startswith("math."):
            handler = self.math_function
        if handler is None:
            raise self.unsupported(f"builtin `{target.name}` is not supported in compiled code yet", node)
        return handler(node, target)

    def args_of(self, node: ast.AST, target: CallTarget) -> list[ast.AST]:
        """The argument expressions (receiver first for methods)."""
        if target.arguments:
            return [a for a in target.arguments if a is not None]
        if isinstance(node, ast.Call):
            receiver = [node.func.value] if isinstance(node.func, ast.Attribute) and target.self_type else []
            return receiver + list(node.args)
        return []

    def result_type(self, node: ast.AST, target: CallTarget) -> T.Type:
        t = self.inst.expr_types.get(node)
        return t if t is not None else target.signature.result

    # -- core builtins -------------------------------------------------------------
    def builtin_len(self, node, target) -> Val:
        (arg,) = self.args_of(node, target)
        val = self.expr(arg)
        if isinstance(val.type, (T.ListType,)) or val.type in (T.STRING, T.STRING_LITERAL):
            return Val(self.b.extract_value(val.value, 1), T.INT)
        if isinstance(val.type, T.SIMDType):
            return Val(I64(val.type.width), T.INT)
        if isinstance(val.type, T.TupleType):
            return Val(I64(len(val.type.elements)), T.INT)
        declared = self.method_of(val.type, "__len__") if isinstance(val.type, T.StructType) else None
        if declared is not None:
            return self.call_method_value(declared, val, [], node)
        raise self.internal(f"len() of {val.type}", node)

    def builtin_str(self, node, target) -> Val:
        args = self.args_of(node, target)
        if not args:
            return self.owned_temp(self.b.load(self.new_string_slot(), typ=self.layout.string), T.STRING)
        val = self.expr(args[0])
        if val.type in (T.STRING, T.STRING_LITERAL):
            return Val(self.take(val), T.STRING, owned=True) if val.owned else \
                self.owned_temp(self.life.copy(self.b, val.value, val.type), T.STRING)
        return self.to_string(val)

    def builtin_abs(self, node, target) -> Val:
        (arg,) = self.args_of(node, target)
        val = self.expr(arg)
        v = val.value
        if is_float(val.type):
            return Val(self.b.call(self.intrinsic("llvm.fabs", v.type, [v.type], [v.type]), [v]), val.type)
        negative = self.b.icmp_signed("<", v, const_like(v.type, 0))
        return Val(self.b.select(negative, self.b.sub(const_like(v.type, 0), v), v), val.type)

    def _extremum(self, node, target, keep_new) -> Val:
        t = self.result_type(node, target)
        args = self.args_of(node, target)
        vals = [self.cast_value(self.expr(a), t, a).value for a in args]
        best = vals[0]
        for v in vals[1:]:
            best = self.b.select(keep_new(v, best, t), v, best)   # Python keeps the first of equals
        return Val(best, t)

    def builtin_min(self, node, target) -> Val:
        return self._extremum(node, target, lambda v, best, t: self.compare(ast.Lt(), v, best, t))

    def builtin_max(self, node, target) -> Val:
        return self._extremum(node, target, lambda v, best, t: self.compare(ast.Gt(), v, best, t))

    def builtin_convert(self, node, target) -> Val:
        to = self.result_type(node, target)
        args = self.args_of(node, target)
        if to in (T.STRING, T.STRING_LITERAL):
            return self.builtin_str(node, target)
        if isinstance(to, T.SIMDType) and len(args) == to.width and to.width > 1:
            lane_t = T.scalar_of(to.dtype)
            vector = ir.Constant(self.layout.llvm(to), ir.Undefined)
            for i, a in enumerate(args):
                lane = self.cast_value(self.expr(a), lane_t, a).value
                vector = self.b.insert_element(vector, lane, I32(i))
            return Val(vector, to)
        if not args:
            return Val(self.materialize(0, to, node), to)
        val = self.expr(args[0])
        if to == T.BOOL and not isinstance(val.type, (T.ScalarType, T.SIMDType)):
            return Val(self.truthy(val, args[0]), T.BOOL)
        return self.cast_value(val, to, node)

    def builtin_round(self, node, target) -> Val:
        t = self.result_type(node, target)
        (arg,) = self.args_of(node, target)
        val = self.expr(arg)
        if not is_float(val.type):
            return val
        v = val.value
        rounded = self.b.call(self.intrinsic("llvm.roundeven", v.type, [v.type], [v.type]), [v])
        return self.cast_value(Val(rounded, val.type), t, node)

    def builtin_pow(self, node, target) -> Val:
        t = self.result_type(node, target)
        a, c = (self.cast_value(self.expr(x), t, x) for x in self.args_of(node, target))
        return self.binary(ast.Pow(), a, c, t, node)

    def builtin_error(self, node, target) -> Val:
        args = self.args_of(node, target)
        if args:
            text = self.to_string(self.expr(args[0]))
            data, length = self.b.extract_value(text.value, 0), self.b.extract_value(text.value, 1)
        else:
            from ..constants import cstring
            data, length = cstring(self.ctx.module, b""), I64(0)
        err = self.b.call(self.ctx.runtime.get("kiln_error_new"), [I32(RAISED), data, length])
        return self.owned_temp(err, T.ERROR)
