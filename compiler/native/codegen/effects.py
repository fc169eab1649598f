"""Whole-program effects of each fn instance, computed to a fixpoint over the
call graph: may it fail (raise an Error or hit a runtime fault, itself or in
anything it calls)? does it print? is it on a cycle of the call graph (it can
recurse, so it checks the stack on entry)? is it *guarded*: can it, or
anything it calls, run out of stack or touch raw memory through a pointer
(the faults that jump to a landing, runtime/fault.py, instead of being
returned)? Failing fns get the error-returning signature; fns that cannot
fail pay nothing for error handling. Printing fns make the bridge flush
Python's stdout buffer first; guarded fns make it set a landing."""
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
    recursive: frozenset[FnKey] = frozenset()
    guarded: dict[FnKey, bool] = field(default_factory=dict)


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
    parallel_bodies: dict[FnKey, set[FnKey]] = {}
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
                    if target.name.rsplit(".", 1)[-1] in PARALLEL_BUILTINS:
                        parallel_bodies.setdefault(key, set()).update(_callees(inst, node, by_decl))
                callees.update(_callees(inst, node, by_decl))
        fails[key], prints[key], edges[key] = fail, out, callees
    recursive = on_cycles(edges)
    guarded = _closure(edges, {key: key in recursive or _touches_memory(inst) for key, inst in instances.items()})
    for key, bodies in parallel_bodies.items():
        # a fault in a worker lands in the worker and is returned by parallelize
        fails[key] = fails[key] or any(guarded.get(body, False) for body in bodies)
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
    return Effects(fails, prints, recursive, guarded)


PARALLEL_BUILTINS = frozenset({"parallelize", "sync_parallelize"})


def _closure(edges: dict[FnKey, set[FnKey]], flags: dict[FnKey, bool]) -> dict[FnKey, bool]:
    """`flags` made true for every fn that calls one with the flag."""
    changed = True
    while changed:
        changed = False
        for key, callees in edges.items():
            if not flags[key] and any(flags.get(c, False) for c in callees):
                flags[key] = changed = True
    return flags


def _touches_memory(instance: FnInstance) -> bool:
    """Any pointer value in the fn: a load or store through it may fault."""
    return any(isinstance(p.type, T.PointerType) for p in instance.params) or \
        any(isinstance(t, T.PointerType) for t in instance.expr_types.values())


def on_cycles(edges: dict[FnKey, set[FnKey]]) -> frozenset[FnKey]:
    """The fns that can reach themselves (Tarjan's strongly connected
    components, iterative: call graphs of generated code can be deep)."""
    index: dict[FnKey, int] = {}
    low: dict[FnKey, int] = {}
    stack: list[FnKey] = []
    on_stack: set[FnKey] = set()
    found: set[FnKey] = set()
    for root in edges:
        if root in index:
            continue
        work = [(root, iter(edges[root] & edges.keys()))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child] & edges.keys())))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.update(component)
    return frozenset(found)
