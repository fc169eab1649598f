"""Whole-program effects of each fn instance, computed to a fixpoint over the
call graph: may it fail (raise an Error or hit a runtime fault, itself or in
anything it calls)? does it print? Failing fns get the error-returning
signature; fns that cannot fail pay nothing for error handling. Printing fns
make the bridge flush Python's stdout buffer first."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Iterator

from ...semantic import types as T
from ...semantic.typed_model import FnInstance, FnKey, TypedProgram
from ...syntax import nodes as K

FAULTING_BUILTINS = frozenset({"List.pop", "Optional.value", "sys.exit"})


@dataclass
class Effects:
    may_fail: dict[FnKey, bool] = field(default_factory=dict)
    prints: dict[FnKey, bool] = field(default_factory=dict)


def body_nodes(instance: FnInstance) -> Iterator[ast.AST]:
    """Every node of the instance's own body (nested fn bodies excluded)."""
    stack = list(reversed(instance.node.body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, K.FnDef):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _is_integer(t: T.Type | None) -> bool:
    if isinstance(t, T.ScalarType):
        return t.is_integer
    return isinstance(t, T.SIMDType) and not t.dtype.is_float and t.dtype.name != "bool"


def _is_signed(t: T.Type | None) -> bool:
    return _is_integer(t) and t.dtype.is_signed


def nonnegative_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and node.value >= 0


def nonzero_constant(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, int) and node.value != 0


def type_of(instance: FnInstance, node: ast.AST) -> T.Type | None:
    """The recorded type of an expression (a Name in Store context through its variable)."""
    t = instance.expr_types.get(node)
    if t is None:
        binding = instance.names.get(node)
        if binding is not None and binding.var is not None:
            t = binding.var.type
    return t


def _local_fault(instance: FnInstance, node: ast.AST) -> bool:
    if isinstance(node, (ast.Assert, ast.Raise)):
        return True
    if isinstance(node, ast.For) and _range_step_may_be_zero(instance, node.iter):
        return True
    if node in instance.calls:                       # a struct dunder: its own effects
        target = instance.calls[node]
        if target.kind == "builtin" and target.name == "pow":             # a negative integer exponent
            return _is_signed(type_of(instance, node)) and \
                not (len(node.args) >= 2 and nonnegative_constant(node.args[1]))
        return target.kind == "builtin" and target.name == "UnsafePointer.alloc" \
            and not (node.args and nonnegative_constant(node.args[-1]))     # a negative count
    division = (ast.FloorDiv, ast.Mod, ast.Div)
    if isinstance(node, ast.BinOp) and isinstance(node.op, division):
        return _is_integer(type_of(instance, node.left)) and not nonzero_constant(node.right)
    if isinstance(node, ast.AugAssign) and isinstance(node.op, division):
        return _is_integer(type_of(instance, node.target)) and not nonzero_constant(node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return _is_signed(type_of(instance, node.left)) and not nonnegative_constant(node.right)
    if isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Pow):
        return _is_signed(type_of(instance, node.target)) and not nonnegative_constant(node.value)
    if isinstance(node, ast.Subscript):
        base = type_of(instance, node.value)
        if isinstance(base, T.ListType) or base in (T.STRING, T.STRING_LITERAL):
            return True                          # bounds
        return isinstance(base, (T.SIMDType, T.ScalarType)) and not _constant_index(node.slice)
    return False


def _range_step_may_be_zero(instance: FnInstance, call: ast.AST) -> bool:
    target = instance.calls.get(call)
    return (isinstance(call, ast.Call) and target is not None and target.kind == "builtin"
            and target.name == "range" and len(call.args) == 3 and not nonzero_constant(call.args[2]))


def _constant_index(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int)


def _callees(instance: FnInstance, node: ast.AST,
             by_decl: dict[str, list[FnKey]]) -> Iterator[FnKey]:
    target = instance.calls.get(node)
    if target is None:
        return
    if target.instance is not None:
        yield target.instance
    for arg in target.comptime_args:
        if isinstance(arg, FnKey):
            yield arg
        elif isinstance(arg, str):               # a closure passed by declaration
            yield from by_decl.get(arg, ())


def analyze(program: TypedProgram) -> Effects:
    instances = {key: inst for mod in program.modules.values() for key, inst in mod.functions.items()}
    by_decl: dict[str, list[FnKey]] = {}
    for key in instances:
        by_decl.setdefault(key.decl_id, []).append(key)
    fails: dict[FnKey, bool] = {}
    prints: dict[FnKey, bool] = {}
    edges: dict[FnKey, set[FnKey]] = {}
    for key, inst in instances.items():
        fail = inst.raises
        out = False
        callees: set[FnKey] = set()
        for node in body_nodes(inst):
            fail = fail or _local_fault(inst, node)
            target = inst.calls.get(node)
            if target is not None:
                if target.kind == "builtin":
                    out = out or target.name == "print"
                    fail = fail or target.name in FAULTING_BUILTINS or target.raises
                callees.update(_callees(inst, node, by_decl))
        fails[key], prints[key], edges[key] = fail, out, callees
    changed = True
    while changed:
        changed = False
        for key, callees in edges.items():
            for callee in callees:
                if callee not in instances:
                    continue
                if fails[callee] and not fails[key]:
                    fails[key] = changed = True
                if prints[callee] and not prints[key]:
                    prints[key] = changed = True
    return Effects(fails, prints)
