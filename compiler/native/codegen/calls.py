"""Calls (a mixin of FunctionEmitter): free fns, methods and operator
dunders, struct construction, nested-fn closures. Arguments follow the
callee's conventions: `inout` passes the caller's storage, `owned` passes an
owned value (copied unless moved with `^` or a temporary), `borrowed` passes
the value as is."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import CallTarget, FnKey
from ..layout import I32, I64, PTR
from ..runtime.base import alloca_entry
from ..runtime.errors import RAISED
from .context import Declared
from .values import Val


class CallsMixin:
    def call_node(self, node: ast.AST) -> Val:
        target = self.inst.calls.get(node)
        if target is None:
            raise self.internal(f"no call target recorded for `{ast.unparse(node)}`", node)
        if isinstance(node, ast.Call):
            self.at(node)
        elif isinstance(node, ast.For):
            self.at(node.iter)
        if target.kind == "builtin":
            return self.builtin_call(node, target)
        if target.kind == "init":
            return self.construct(node, target)
        if target.instance is None:
            raise self.internal(f"call target `{target.name}` has no instance", node)
        declared = self.ctx.declared(target.instance)
        if target.instance == self.inst.key and self.recursion_target is not None:
            declared = self.recursion_target
        args = self.call_arguments(declared, target.arguments, node)
        if declared.signature.has_env:
            args.insert(0, self.closure_env(declared))
        return self.invoke(declared, args, node)

    def invoke(self, declared: Declared, args: list[ir.Value], node: ast.AST) -> Val:
        sig = declared.signature
        self.stack_guard(declared, node)
        outcome = self.b.call(declared.function, args)
        value = self.check_call(outcome, sig.may_fail, sig.returns_value, node)
        if not sig.returns_value:
            return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)
        return self.owned_temp(value, sig.result)

    def call_arguments(self, declared: Declared, arguments, node, *, skip: int = 0) -> list[ir.Value]:
        params = declared.instance.params[skip:]
        arguments = list(arguments)
        if len(arguments) > len(params):
            arguments = arguments[len(arguments) - len(params):]
        values = []
        for i, param in enumerate(params):
            expr = arguments[i] if i < len(arguments) else None
            values.append(self.argument(expr, param, declared, node))
        return values

    def argument(self, expr, param, declared: Declared, node) -> ir.Value:
        if expr is None:
            return self.default_argument(param, declared, node)
        if param.convention == "inout":
            if self.addressable(expr):
                return self.address(expr)[0]
            ptr, _ = self.address(expr)
            return ptr
        val = self.expr(expr)
        if val.type != param.type and isinstance(param.type, (T.ScalarType, T.SIMDType)):
            val = self.cast_value(val, param.type, expr)
        if param.convention == "owned":
            return self.take(val)
        return val.value

    def default_argument(self, param, declared: Declared, node) -> ir.Value:
        default = getattr(param.node, "default", None) if param.node is not None else None
        value = _constant_value(default)
        if value is _NO_CONSTANT:
            raise self.internal(f"the default of `{param.name}` in `{declared.instance.key.decl_id}` "
                                "is not a compile-time constant", node)
        return self.materialize(value, param.type, node)

    # -- structs ---------------------------------------------------------------------
    def construct(self, node: ast.AST, target: CallTarget) -> Val:
        t = target.self_type if target.self_type is not None else target.signature.result
        if not isinstance(t, T.StructType):
            return self.builtin_call(node, target)
        ty = self.layout.llvm(t)
        if target.instance is None or target.synthesized:
            lay = self.ctx.structs[t]
            value = ir.Constant(ty, ir.Undefined)
            for i, (f, arg) in enumerate(zip(lay.fields, target.arguments)):
                part = self.take(self.cast_value(self.expr(arg), f.type, arg))
                value = self.b.insert_value(value, part, i)
            return self.owned_temp(value, t)
        declared = self.ctx.declared(target.instance)
        slot = alloca_entry(self.b, ty, f"{t.name}.new")
        args = [slot] + self.call_arguments(declared, target.arguments, node, skip=1)
        self.invoke(declared, args, node)
        return self.owned_temp(self.b.load(slot, typ=ty), t)

    def method_of(self, t: T.StructType, name: str) -> Declared | None:
        lay = self.ctx.structs.get(t)
        if lay is None or name not in lay.methods or not lay.methods[name]:
            return None
        return self.ctx.declared(lay.methods[name][0])

    def call_method_value(self, declared: Declared, receiver: Val, extra: list[ir.Value], node) -> Val:
        first = declared.instance.params[0]
        if first.convention == "inout":
            slot = alloca_entry(self.b, receiver.value.type, "self")
            self.b.store(receiver.value, slot)
            self_arg = slot
        else:
            self_arg = receiver.value
        return self.invoke(declared, [self_arg, *extra], node)

    def struct_str(self, val: Val, node) -> Val:
        declared = self.method_of(val.type, "__str__")
        if declared is None:
            raise self.internal(f"{val.type} has no __str__", node)
        return self.call_method_value(declared, val, [], node)

    def struct_truthy(self, val: Val, node) -> ir.Value:
        declared = self.method_of(val.type, "__bool__")
        if declared is None:
            raise self.internal(f"{val.type} has no __bool__", node)
        return self.call_method_value(declared, val, [], node).value

    def move_value(self, value: ir.Value, t: T.Type, node) -> Val:
        """A moved value; a struct's own `__moveinit__` runs if it declares one."""
        if isinstance(t, T.StructType):
            lay = self.ctx.structs.get(t)
            if lay is not None and "__moveinit__" in lay.methods and "__moveinit__" not in lay.synthesized:
                declared = self.ctx.declared(lay.methods["__moveinit__"][0])
                slot = alloca_entry(self.b, value.type, "moved")
                self.invoke(declared, [slot, value], node)
                return self.owned_temp(self.b.load(slot, typ=value.type), t)
        return self.owned_temp(value, t)

    def augmented_dunder(self, node: ast.AugAssign, target: CallTarget) -> None:
        declared = self.ctx.declared(target.instance)
        first = declared.instance.params[0]
        if first.convention == "inout":             # __iadd__(inout self, rhs)
            ptr, _ = self.address(node.target)
            rest = self.call_arguments(declared, target.arguments, node, skip=1)
            self.invoke(declared, [ptr, *rest], node)
            return
        result = self.call_node(node)               # __add__ gives the new value
        self.assign(node.target, result)

    def augmented_subscript(self, node: ast.AugAssign) -> None:
        """`s[i] op= v` on a struct: `__getitem__`, the operator, `__setitem__`
        (the index expressions are evaluated once)."""
        getter = self.inst.calls[node.target]
        receiver_t = getter.self_type
        declared_get = self.ctx.declared(getter.instance)
        index_nodes = list(getter.arguments)[1:]
        ptr, _ = self.address(node.target.value)
        indices = [self.expr(a) for a in index_nodes]
        receiver = Val(self.b.load(ptr, typ=self.layout.llvm(receiver_t)), receiver_t)
        current = self.call_method_value(declared_get, receiver, [v.value for v in indices], node)
        result = self.binary(node.op, current, self.expr(node.value), current.type, node)
        setter = self._setitem_for(receiver_t, len(indices), node)
        value = self.take(result) if setter.instance.params[-1].convention == "owned" else result.value
        self.invoke(setter, [self._receiver_arg(setter, ptr, receiver_t), *[v.value for v in indices], value], node)

    def _receiver_arg(self, declared: Declared, ptr: ir.Value, t: T.Type) -> ir.Value:
        """`self` for a method: the storage for `inout self`, else the value."""
        if declared.instance.params[0].convention == "inout":
            return ptr
        return self.b.load(ptr, typ=self.layout.llvm(t))

    def _setitem_for(self, t: T.StructType, n_indices: int, node) -> Declared:
        lay = self.ctx.structs.get(t)
        for key in (lay.methods.get("__setitem__", []) if lay else []):
            declared = self.ctx.declared(key)
            if len(declared.instance.params) == n_indices + 2:
                return declared
        raise self.internal(f"{t} has no matching __setitem__", node)

    def setitem_dunder(self, node: ast.Subscript, val: Val) -> None:
        target = self.inst.calls[node]
        declared = self.ctx.declared(target.instance)
        ptr, _ = self.address(node.value)
        params = declared.instance.params
        index_args = [self.argument(a, p, declared, node)
                      for a, p in zip(list(target.arguments)[1:], params[1:-1])]
        last = params[-1]
        value = self.take(val) if last.convention == "owned" else val.value
        receiver_t = self.type_of(node.value)
        self.invoke(declared, [self._receiver_arg(declared, ptr, receiver_t), *index_args, value], node)

    # -- closures --------------------------------------------------------------------
    def closure_env(self, declared: Declared) -> ir.Value:
        """The environment for calling a nested fn of `declared`'s parent."""
        parent = declared.instance.enclosing
        if parent == self.inst.key:
            captured = self.ctx.environment_of(parent)
            cells = [self.slot_of(var) for var in captured] + \
                [self.live_flag_ref(var) for var in self.life.flagged(captured)]
            env_type = ir.ArrayType(PTR, max(len(cells), 1))
            env = alloca_entry(self.b, env_type, "env")
            for i, cell in enumerate(cells):
                self.b.store(cell, self.b.gep(env, [I64(0), I64(i)], source_etype=env_type))
            return env
        if self.env is not None and self.inst.enclosing == parent:
            return self.env                      # a sibling closure shares the parent's env
        raise self.internal(f"cannot build the environment of `{declared.instance.key.decl_id}` here")

    # -- errors as values --------------------------------------------------------------
    def error_value(self, val: Val, node) -> ir.Value:
        if val.type == T.ERROR:
            return self.take(val)
        if val.type in (T.STRING, T.STRING_LITERAL):
            return self.b.call(self.ctx.runtime.get("kiln_error_new"),
                               [I32(RAISED), self.b.extract_value(val.value, 0), self.b.extract_value(val.value, 1)])
        raise self.internal(f"cannot raise a value of type {val.type}", node)

    def fault_with_text(self, kind: int, text: Val, node) -> None:
        err = self.b.call(self.ctx.runtime.get("kiln_error_new"),
                          [I32(kind), self.b.extract_value(text.value, 0), self.b.extract_value(text.value, 1)])
        self.b.call(self.ctx.runtime.get("kiln_error_push"), [err, self.site_of(node)])
        self.propagate(err)


_NO_CONSTANT = object()


def _constant_value(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _constant_value(node.operand)
        return -inner if isinstance(inner, (int, float)) else _NO_CONSTANT
    return _NO_CONSTANT


def fn_key_args(target: CallTarget) -> list[FnKey]:
    return [a for a in target.comptime_args if isinstance(a, FnKey)]
