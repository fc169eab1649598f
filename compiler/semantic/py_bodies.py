"""Binding and resolving one Python-tier `def` again after an edit inside
its body, below the file.

Python's scoping makes a function's body self-contained: whether a name is
local is decided by that body alone, nothing outside a function can name its
locals, and a method cannot see its class body's names. So when an edit
stays inside the body of one top-level `def` (or of a method of a top-level
class), and that body neither declares `global` names, imports, nor holds
compiled declarations (the three ways a body reaches the module's own
tables), everything outside the def's scope is still right. `DefScope` is
what the full analysis' binder and resolver made of that scope: its
`PyScope`s (contiguous in walk order), their symbols (contiguous in the
table), the references and diagnostics inside the body. `rebind` walks the
new body with the real binder (`PythonBinder._function_scope`, the def's
own scope only: decorators, defaults and annotations belong to the
enclosing scope and stay) and resolves its names with the real resolver,
against the module's bindings.

CPython's verdict on the file changes with the body (a `SyntaxWarning`, a
`nonlocal` with no binding): `def_verdict` compiles the def alone (under the
file's `__future__` imports, inside its class for a method), which is what
compiling the whole file says about it when the rest of the file compiled
cleanly.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from ..diagnostics.diagnostic import Diagnostic
from ..syntax import nodes as K
from ..syntax.source import SourceFile, Span
from .node_spans import NodeSpans
from .py_resolve import PythonResolver, ResolveEnv
from .py_scopes import BindResult, PyScope, PythonBinder
from .scopes import ScopeKind
from .symbols import Reference, Symbol

# What makes a body reach outside its own scope's tables.
_LEAKS = (ast.Global, ast.Import, ast.ImportFrom, K.FnDef, K.StructDef, K.TraitDef, K.AliasDef)
PY_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def self_contained(body: list[ast.stmt]) -> bool:
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, _LEAKS):
                return False
    return True


@dataclass
class DefScope:
    """What the analysis holds of one def's own scope (old positions)."""
    outer: PyScope               # the module's or the class's PyScope
    first: int                   # index of the def's PyScope in BindResult.scopes
    scopes: list[PyScope]        # the def's PyScope and those nested in it
    symbols: list[Symbol]        # their bindings, in table order
    at: int                      # where those symbols start in the table


def find_def_scope(bound: BindResult, symbols: list[Symbol], node: ast.AST) -> DefScope | None:
    scopes = bound.scopes
    first = next((i for i, ps in enumerate(scopes) if ps.node is node
                  and ps.kind is ScopeKind.FUNCTION), None)
    if first is None or scopes[first].parent is None:
        return None
    inner = {id(scopes[first])}
    last = first + 1
    while last < len(scopes) and id(scopes[last].parent) in inner:
        inner.add(id(scopes[last]))
        last += 1
    run = scopes[first:last]
    own = {id(s) for ps in run for s in ps.bindings.values()}
    # The binder defines the def's own symbol just before walking its scope
    # (decorators, defaults and annotations come first): the scope's symbols
    # follow it, even when there are none.
    sym = run[0].parent.bindings.get(getattr(node, "name", None))
    if sym is None or sym.node is not node:
        return None                   # a second `def` of a name re-uses the first symbol
    at = next((i for i, s in enumerate(symbols) if s is sym), None)
    if at is None:
        return None
    at += 1
    found = symbols[at:at + len(own)]
    if len(found) != len(own) or any(id(s) not in own for s in found):
        return None                   # not one contiguous run: not the layout we know
    return DefScope(scopes[first].parent, first, run, found, at)


@dataclass
class Rebound:
    scopes: list[PyScope]
    symbols: list[Symbol]
    references: list[Reference]
    diags: list[Diagnostic]
    sole_values: dict[Symbol, ast.expr]


def rebind(node: ast.AST, outer: PyScope, module: PyScope, spans: NodeSpans, table,
           env: ResolveEnv, sole_values: dict) -> Rebound | None:
    """The def's scope bound and resolved again: symbols and references are
    appended to `table`; None if the new body makes the module's globals
    dynamic (`globals()`, `exec`: every module name may then be defined)."""
    first_symbol, first_reference = len(table.symbols), len(table.references)
    source = spans.source
    binder = PythonBinder(source, table, module.scope, spans=spans)
    binder.module, binder.cur = module, outer
    binder._run(binder._function_scope(node, node.args, node.body))
    binder._dispatch.clear()       # its bound methods hold the binder: no cycle left behind
    if binder.dynamic_globals:
        return None
    sole = {sym: value for sym, value in binder.assigned.items() if binder.binds.get(sym, 1) == 1}
    scopes = binder.scopes[1:]              # [0] is the binder's own module scope, unused
    bound = BindResult(False, module, binder.pending, binder.attributes, [], binder.diags,
                       scopes, {**sole_values, **sole})
    diags = [*binder.diags, *PythonResolver(bound, table, env, source).run()]
    return Rebound(scopes, table.symbols[first_symbol:], table.references[first_reference:],
                   diags, sole)


def within(span: Span, lo: int, hi: int) -> bool:
    return lo <= span.start and span.end <= hi


def def_verdict(module: ast.Module, stmt: ast.stmt, target: ast.AST,
                source: SourceFile) -> list[Diagnostic]:
    """CPython's verdict on `target` (top-level statement `stmt`, or a method
    of it) compiled alone: lowering errors, its first compile error, else its
    warnings."""
    from ..pytier.compile_check import compile_diagnostics
    from ..pytier.lowering import lower_module
    future = [s for s in module.body if isinstance(s, ast.ImportFrom) and s.module == "__future__"]
    unit = target
    if stmt is not target:
        unit = ast.ClassDef(name=stmt.name, bases=[], keywords=[], body=[target],
                            decorator_list=[])
        ast.copy_location(unit, stmt)
    lowered = lower_module(ast.Module(body=[*future, unit], type_ignores=[]), source)
    if not lowered.ok:
        return list(lowered.diagnostics)
    return compile_diagnostics(lowered.tree, source)


__all__ = ["DefScope", "PY_DEFS", "Rebound", "def_verdict", "find_def_scope", "rebind",
           "self_contained", "within"]
