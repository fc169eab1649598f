"""Python-tier resolution: the second pass of Python name resolution.

Every load recorded by the binder is looked up with CPython's rules: local if
the name is bound anywhere in the scope (and not declared `global`/
`nonlocal`); otherwise the enclosing function scopes (class bodies are
invisible to the functions nested in them); then the module; then names
brought in by star imports; then the builtins. A name found nowhere is K0101
unless a star import from a module whose names we cannot know could have
defined it (no false positives in Python code).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import Span
from .py_overloads import pick_overload
from .py_scopes import BindResult, PendingName, PyScope
from .scopes import ScopeKind
from .symbols import Reference, Symbol, SymbolKind, SymbolTable


@dataclass
class ResolveEnv:
    """What resolution needs from outside this file."""

    builtin: Callable[[str], Symbol | None]          # Python builtins + Kiln prelude
    star_exports: dict[str, Symbol] = field(default_factory=dict)
    unknown_star: bool = False                       # a `*` import we cannot see into
    module_exports: Callable[[Symbol], dict[str, Symbol] | None] = lambda sym: None


_CLASS_BODY_NAMES = frozenset({"__module__", "__qualname__"})


class PythonResolver:
    def __init__(self, bound: BindResult, table: SymbolTable, env: ResolveEnv, source=None) -> None:
        self.bound = bound
        self.source = source
        self.table = table
        self.env = env
        self.module = bound.module
        self.diags: list[Diagnostic] = []
        self.resolved: dict[int, Symbol] = {}
        self._node_symbols: dict[int, Symbol] | None = None

    def run(self) -> list[Diagnostic]:
        for p in self.bound.pending:
            self._resolve(p)
        for a in self.bound.attributes:
            base = self.resolved.get(id(a.base))
            if base is None:
                continue
            exports = self.env.module_exports(base)
            if exports is not None and a.attr in exports:
                self.table.add_reference(Reference(a.span, exports[a.attr]))
                continue
            member = self._struct_member(base, a.attr)
            if member is not None:
                self.table.add_reference(Reference(a.span, member, is_write=a.is_store))
        return self.diags

    def _struct_member(self, base: Symbol, attr: str) -> Symbol | None:
        """`p.x` in Python code where `p = Point(...)` is `p`'s only binding and
        `Point` a compiled struct: `x` is that struct's field or method (for
        references and rename across the tiers)."""
        import ast
        value = self.bound.sole_values.get(base)
        if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
            return None
        callee = self._by_node().get(id(value.func))
        struct = callee.resolved() if callee is not None else None
        if struct is None or struct.kind is not SymbolKind.STRUCT:
            return None
        for child in struct.children:
            if child.name == attr and child.kind in (SymbolKind.FIELD, SymbolKind.METHOD):
                return child
        return None

    def _by_node(self) -> dict[int, Symbol]:
        if self._node_symbols is None:
            self._node_symbols = {id(p.node): self.resolved[id(p)] for p in self.bound.pending
                                  if id(p) in self.resolved}
        return self._node_symbols

    def _resolve(self, p: PendingName) -> None:
        if p.is_store and p.name in p.scope.nonlocals:
            sym = self._enclosing_function_binding(p.scope.parent, p.name)
            if sym is None:
                if p.span == p.scope.nonlocals[p.name]:
                    self.diags.append(make.error(
                        "K0106", self.stmt_span(p), f"no binding for nonlocal `{p.name}` found",
                        hint=f"`nonlocal` needs an enclosing function that assigns `{p.name}`"))
                return
        else:
            sym = self.lookup(p.scope, p.name)
        if sym is not None:
            if p.call is not None and sym.resolved().kind is SymbolKind.FN:
                picked = pick_overload(sym.resolved(), p.call)
                sym = sym if picked is sym.resolved() else picked
            self.resolved[id(p)] = sym
            self.table.add_reference(Reference(p.span, sym, is_write=p.is_store))
            if p.call is not None and p.call.keywords:
                self._keyword_references(sym.resolved(), p.call)
            return
        if p.is_store:
            return
        if self.env.unknown_star:
            return
        self.diags.append(self._undefined(p))

    def _keyword_references(self, callee: Symbol, call) -> None:
        """`lerp(t=0.5)` calling a compiled `fn`: `t` names its parameter."""
        if callee.kind is SymbolKind.FN:
            params = {q.name: q.symbol for q in getattr(callee.decl, "params", ())}
        elif callee.kind is SymbolKind.STRUCT and getattr(callee.decl, "is_value", False) \
                and not callee.decl.methods.get("__init__"):
            params = {f.name: f.symbol for f in callee.decl.fields}     # `P(first=1)`
        elif callee.kind is SymbolKind.STRUCT and len(getattr(callee.decl, "methods", {}).get("__init__", ())) == 1:
            params = {q.name: q.symbol for q in callee.decl.methods["__init__"][0].params[1:]}
        else:
            params = {}
        for kw in call.keywords:
            target = params.get(kw.arg)
            if target is not None and self.source is not None:
                start = self.source.offset(kw.lineno, kw.col_offset)
                self.table.add_reference(Reference(
                    Span(self.source.path, start, start + len(kw.arg.encode())), target))

    def stmt_span(self, p: PendingName):
        import ast
        if isinstance(p.node, (ast.Global, ast.Nonlocal)):
            return self.source.span_of(p.node)
        return p.span

    def _undefined(self, p: PendingName) -> Diagnostic:
        hint = None
        close = difflib.get_close_matches(p.name, self._visible_names(p.scope), n=1, cutoff=0.75)
        if close:
            hint = f"did you mean `{close[0]}`?"
        else:
            hint = f"define `{p.name}` (assign it, `def` it, or import it) before using it"
        return make.error("K0101", p.span, f"undefined name `{p.name}`", hint=hint)

    def _visible_names(self, ps: PyScope | None) -> list[str]:
        names: set[str] = set()
        while ps is not None:
            names.update(ps.bindings)
            ps = ps.parent
        names.update(self.env.star_exports)
        return sorted(names)

    # -- lookup ----------------------------------------------------------------
    def lookup(self, ps: PyScope, name: str) -> Symbol | None:
        if name in ps.globals:
            return self.module_lookup(name)
        if ps.kind is ScopeKind.MODULE:
            return self.module_lookup(name)
        if name in ps.nonlocals:
            return self._enclosing_function_binding(ps.parent, name)
        sym = ps.bindings.get(name)
        if sym is not None:
            return sym
        if ps.kind is ScopeKind.CLASS and name in _CLASS_BODY_NAMES:
            return self.env.builtin("__name__")
        if name == "__class__" and self._inside_method(ps):
            return self.env.builtin("__class__")
        return self._free_lookup(ps.parent, name)

    def _free_lookup(self, ps: PyScope | None, name: str) -> Symbol | None:
        while ps is not None:
            if ps.kind is ScopeKind.MODULE:
                return self.module_lookup(name)
            if ps.kind is not ScopeKind.CLASS:
                if name in ps.globals:
                    return self.module_lookup(name)
                sym = ps.bindings.get(name)
                if sym is not None and name not in ps.nonlocals:
                    return sym
            ps = ps.parent
        return self.module_lookup(name)

    def _enclosing_function_binding(self, ps: PyScope | None, name: str) -> Symbol | None:
        while ps is not None and ps.kind is not ScopeKind.MODULE:
            if ps.kind is not ScopeKind.CLASS:
                if name in ps.globals:
                    return None
                sym = ps.bindings.get(name)
                if sym is not None and name not in ps.nonlocals:
                    return sym
            ps = ps.parent
        return None

    def module_lookup(self, name: str) -> Symbol | None:
        sym = self.module.bindings.get(name)
        if sym is not None:
            return sym
        sym = self.env.star_exports.get(name)
        if sym is not None:
            return sym
        return self.env.builtin(name)

    @staticmethod
    def _inside_method(ps: PyScope | None) -> bool:
        while ps is not None:
            if ps.method_of_class:
                return True
            ps = ps.parent
        return False
