"""Python-tier binding: the first of the two passes of Python name resolution.

This pass walks the whole module once and records, per Python scope (module,
class, def, lambda, comprehension), every name bound in it (assignment,
import, def, class, parameter, `for`/`with`/`except`/`match` target, `del`,
walrus), its `global`/`nonlocal` declarations, and every name it loads. Loads
are resolved afterwards (`py_resolve.py`), once all bindings are known,
because Python decides whether a name is local from the whole function body.

Compiled-tier declarations met along the way (`fn`, `struct`, `trait`,
`alias`) are handed to a `CompiledDeclarer`; their bodies belong to the type
checker, which resolves names by Kiln's block rules.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Callable, Iterator, Protocol

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic, Fix, Note, TextEdit
from ..syntax import nodes as K
from ..syntax.source import SourceFile, Span
from .name_spans import alias_binding_span, decl_name_span, find_word
from .node_spans import NodeSpans
from .scopes import Scope, ScopeKind
from .symbols import COMPILED, PYTHON, Reference, Symbol, SymbolKind, SymbolTable


@dataclass(eq=False)
class PyScope:
    kind: ScopeKind
    scope: Scope
    parent: "PyScope | None"
    node: ast.AST | None = None
    bindings: dict[str, Symbol] = field(default_factory=dict)
    globals: dict[str, Span] = field(default_factory=dict)
    nonlocals: dict[str, Span] = field(default_factory=dict)
    params: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)      # names met so far (for `global` order)
    method_of_class: bool = False                    # a def directly in a class body

    @property
    def is_function_like(self) -> bool:
        return self.kind in (ScopeKind.FUNCTION, ScopeKind.COMPREHENSION)


@dataclass(eq=False)
class PendingName:
    """A name to resolve once every binding is known."""

    scope: PyScope
    name: str
    span: Span
    is_store: bool                 # a store to a global/nonlocal-declared name
    node: ast.AST
    call: ast.Call | None = None   # the call this name is the callee of (overloads)


@dataclass(eq=False)
class PendingAttribute:
    """`mod.name` where `mod` may turn out to be an imported Kiln module, or
    `p.x` where `p` is only ever bound to a compiled struct's instance."""

    base: PendingName
    attr: str
    span: Span
    is_store: bool = False


@dataclass(eq=False)
class ImportInfo:
    module: str                    # dotted name as written ("" for `from . import x`)
    level: int
    name: str | None               # from-import: the imported name; None for `import m`
    symbol: Symbol | None          # the binding (None for `*`)
    module_span: Span
    name_span: Span | None
    node: ast.stmt
    is_star: bool = False
    scope: "PyScope | None" = None
    binds_top: bool = False          # `import a.b`: binds `a`
    guarded: bool = False            # under `try/except ImportError` or a platform test


class CompiledDeclarer(Protocol):
    def declare(self, node: ast.stmt, scope: Scope, container: Symbol | None) -> Symbol | None:
        """Create the symbols of a compiled-tier declaration; return the one
        its name binds in the enclosing scope (None: binds nothing)."""


@dataclass
class BindResult:
    dynamic_globals: bool
    module: PyScope
    pending: list[PendingName]
    attributes: list[PendingAttribute]
    imports: list[ImportInfo]
    diagnostics: list[Diagnostic]
    scopes: list[PyScope]
    sole_values: dict[Symbol, ast.expr] = field(default_factory=dict)  # bound once, by `name = value`


_BINDING_KIND = {
    "def": SymbolKind.DEF_FUNCTION,
    "class": SymbolKind.CLASS,
    "import": SymbolKind.IMPORT,
    "param": SymbolKind.PARAMETER,
    "var": SymbolKind.PY_VARIABLE,
}


class PythonBinder:
    def __init__(self, source: SourceFile, table: SymbolTable, module_scope: Scope,
                 declarer: CompiledDeclarer | None = None, spans: NodeSpans | None = None) -> None:
        self.source = source
        self.spans = spans or NodeSpans(source)
        self.table = table
        self.declarer = declarer
        self.pending: list[PendingName] = []
        self.attributes: list[PendingAttribute] = []
        self.imports: list[ImportInfo] = []
        self.diags: list[Diagnostic] = []
        self.scopes: list[PyScope] = []
        self.module = self._new_scope(ScopeKind.MODULE, module_scope, None, None)
        self.cur = self.module
        self.loop_depth = 0
        self.in_function = False
        self.guard_depth = 0             # > 0: imports here may legitimately be missing
        self.dynamic_globals = False     # `globals()[...] = ...`: module names we cannot list
        self.binds: dict[Symbol, int] = {}          # how many times each name is bound
        self.assigned: dict[Symbol, ast.expr] = {}  # the value of a `name = value` binding
        self.lets: dict[Symbol, Span] = {}  # names a Python-tier `let` declared (immutable)
        self._dispatch: dict[type, Callable] = self._build_dispatch()

    # -- entry -----------------------------------------------------------------
    def bind_module(self, module: ast.Module) -> BindResult:
        self._run(iter(module.body))
        sole = {sym: value for sym, value in self.assigned.items() if self.binds.get(sym, 1) == 1}
        return BindResult(self.dynamic_globals, self.module, self.pending, self.attributes,
                          self.imports, self.diags, self.scopes, sole)

    # -- scopes and bindings ---------------------------------------------------
    def _new_scope(self, kind: ScopeKind, scope: Scope, parent: PyScope | None,
                   node: ast.AST | None) -> PyScope:
        ps = PyScope(kind, scope, parent, node)
        self.scopes.append(ps)
        return ps

    def _child(self, kind: ScopeKind, node: ast.AST) -> PyScope:
        span = self.source.span_of(node)
        scope = self.cur.scope.child(kind, span.start, span.end)
        return self._new_scope(kind, scope, self.cur, node)

    def span(self, node: ast.AST) -> Span:
        return self.spans(node)

    def bind(self, name: str, span: Span, kind: str, node: ast.AST | None,
             scope: PyScope | None = None, doc: str | None = None) -> Symbol | None:
        ps = scope or self.cur
        ps.seen.add(name)
        if name in ps.globals and ps is not self.module:
            return self._bind_in(self.module, name, span, kind, node, doc)
        if name in ps.nonlocals:
            self.pending.append(PendingName(ps, name, span, True, node))
            return None
        return self._bind_in(ps, name, span, kind, node, doc)

    def _bind_in(self, ps: PyScope, name: str, span: Span, kind: str,
                 node: ast.AST | None, doc: str | None) -> Symbol:
        existing = ps.bindings.get(name)
        if existing is not None:
            self.binds[existing] = self.binds.get(existing, 1) + 1
            if existing.tier == COMPILED and kind in ("def", "class"):
                self._duplicate(name, span, existing)
            elif existing in self.lets:
                self._let_assigned(name, span, existing, node)
            self.table.add_reference(Reference(span, existing, is_write=True))
            return existing
        sym_kind = _BINDING_KIND[kind]
        if kind == "def" and ps.kind is ScopeKind.CLASS:
            sym_kind = SymbolKind.METHOD
        container = _container_symbol(ps)
        sym = Symbol(name, sym_kind, self.source.path, span, PYTHON, node=node,
                     container=container, doc=doc)
        if node is not None and kind in ("def", "class"):
            sym.full_span = self.span(node)
        self.table.define(sym)
        ps.bindings[name] = sym
        ps.scope.names.setdefault(name, sym)
        return sym

    def _duplicate(self, name: str, span: Span, first: Symbol) -> None:
        self.diags.append(make.error(
            "K0104", span, f"`{name}` is defined twice in this module",
            notes=[Note(f"first definition of `{name}` here", first.span)],
            hint="rename one of them: a compiled-tier name and a Python-tier name "
                 "cannot share a module-level name"))

    def _remember_lets(self, target: ast.expr) -> None:
        """`let x = ...` in Python-tier code: `x` may not be bound again in
        its scope (language.md: `let` is immutable, as in an `fn`)."""
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                ps = self.module if name.id in self.cur.globals else self.cur
                sym = ps.bindings.get(name.id)
                if sym is not None and sym.tier == PYTHON:
                    self.lets.setdefault(sym, self.span(name))

    def _let_assigned(self, name: str, span: Span, let: Symbol, node: ast.AST | None) -> None:
        declared = self.lets[let]
        verb = "delete" if isinstance(getattr(node, "ctx", None), ast.Del) else "assign to"
        start = self.source.data.rfind(b"let", 0, declared.start)
        fixes = []
        if start >= 0 and self.source.data[start:declared.start].strip() == b"let":
            fixes.append(Fix("declare it with `var`", (TextEdit(Span(self.source.path, start, start + 3),
                                                                 "var"),)))
        self.diags.append(make.error(
            "K0103", span, f"cannot {verb} `{name}`: it is declared with `let`",
            notes=[Note(f"`{name}` declared here", declared)],
            hint=f"declare it with `var {name}` to make it mutable", fixes=fixes))

    def load(self, name: str, span: Span, node: ast.AST) -> None:
        self.cur.seen.add(name)
        self.pending.append(PendingName(self.cur, name, span, False, node))

    # -- walking ---------------------------------------------------------------
    # The walk is iterative: a handler that visits children is a generator that
    # yields them in order and resumes when each is done; `_run` drives a stack
    # of those generators, so a 5,000-term `a + b + ...` (valid Python) costs
    # no recursion at all. Handlers with no children to visit return None.
    def _build_dispatch(self) -> dict[type, Callable]:
        d: dict[type, Callable] = {}
        for name in dir(self):
            if name.startswith("v_"):
                cls = getattr(ast, name[2:], None) or getattr(K, name[2:], None)
                if cls is not None:
                    d[cls] = getattr(self, name)
        d[ast.AsyncFunctionDef] = self.v_FunctionDef
        d[ast.AsyncFor] = self.v_For
        d[ast.AsyncWith] = self.v_With
        d[ast.TryStar] = self.v_Try
        for comp in (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp):
            d[comp] = self.v_comprehension
        for decl in (K.FnDef, K.StructDef, K.TraitDef, K.AliasDef):
            d[decl] = self.v_compiled_decl
        for leaf in _LEAVES:
            d[leaf] = _no_children
        return d

    def visit(self, node: ast.AST | None) -> None:
        if node is not None:
            self._run(_nodes(node))

    def _run(self, first: Iterator) -> None:
        dispatch = self._dispatch
        generic = self._generic
        stack = [first]
        while stack:
            child = next(stack[-1], _DONE)
            if child is _DONE:
                stack.pop()
                continue
            if child is None:
                continue
            handler = dispatch.get(type(child))
            more = handler(child) if handler is not None else generic(child)
            if more is not None:
                stack.append(more)

    @staticmethod
    def _generic(node: ast.AST) -> Iterator:
        for fname in node._fields:
            value = getattr(node, fname, None)
            if isinstance(value, ast.AST):
                yield value
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        yield item

    # -- names -----------------------------------------------------------------
    def v_Name(self, node: ast.Name) -> None:
        span = self.span(node)
        if isinstance(node.ctx, ast.Load):
            self.load(node.id, span, node)
        else:
            self.bind(node.id, span, "var", node)

    def v_Attribute(self, node: ast.Attribute) -> Iterator:
        yield node.value
        if isinstance(node.value, ast.Name) and isinstance(node.value.ctx, ast.Load):
            end = self.span(node).end
            span = Span(self.source.path, end - len(node.attr.encode("utf-8")), end)
            self.attributes.append(PendingAttribute(self.pending[-1], node.attr, span,
                                                    not isinstance(node.ctx, ast.Load)))

    def v_Call(self, node: ast.Call) -> Iterator:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("globals", "vars", "locals") and not node.args:
            self.dynamic_globals = True
        elif isinstance(func, ast.Attribute) and func.attr in ("__setattr__", "setattr") and \
                isinstance(func.value, ast.Name) and func.value.id in ("sys",):
            self.dynamic_globals = True
        elif isinstance(func, ast.Name) and func.id == "exec":
            self.dynamic_globals = True
        elif any(isinstance(a, ast.Name) and a.id == "__name__" for a in node.args) or \
                isinstance(func, ast.Attribute) and func.attr == "global_enum":
            # `Enum._convert_('X', __name__, ...)`, `enum.global_enum`: a callee given the
            # module's name can add module globals we cannot see
            self.dynamic_globals = True
        yield func
        if isinstance(func, ast.Name) and self.pending and self.pending[-1].node is func:
            self.pending[-1].call = node
        yield from node.args
        for kw in node.keywords:
            yield kw.value

    def v_Starred(self, node: ast.Starred) -> Iterator:
        yield node.value

    # -- definitions -------------------------------------------------------------
    def v_FunctionDef(self, node: ast.FunctionDef) -> Iterator:
        yield from node.decorator_list
        yield from _arguments_outer(node.args)
        yield node.returns
        doc = ast.get_docstring(node, clean=True) if node.body else None
        self.bind(node.name, decl_name_span(self.source, node, node.name), "def", node, doc=doc)
        yield from self._function_scope(node, node.args, node.body)

    def v_Lambda(self, node: ast.Lambda) -> Iterator:
        yield from _arguments_outer(node.args)
        yield from self._function_scope(node, node.args, node.body)

    def _function_scope(self, node, args: ast.arguments, body) -> Iterator:
        outer, outer_loop, outer_fn = self.cur, self.loop_depth, self.in_function
        ps = self._child(ScopeKind.FUNCTION, node)
        ps.method_of_class = outer.kind is ScopeKind.CLASS
        self.cur, self.loop_depth, self.in_function = ps, 0, True
        for a in _all_args(args):
            ps.params.add(a.arg)
            self.bind(a.arg, decl_name_span(self.source, a, a.arg), "param", a)
        yield from _nodes(body)
        self.cur, self.loop_depth, self.in_function = outer, outer_loop, outer_fn

    def v_ClassDef(self, node: ast.ClassDef) -> Iterator:
        if any((d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", None)) == "global_enum"
               for d in node.decorator_list):
            self.dynamic_globals = True     # `@enum.global_enum` adds the members as globals
        yield from node.decorator_list
        yield from node.bases
        for kw in node.keywords:
            yield kw.value
        doc = ast.get_docstring(node, clean=True)
        self.bind(node.name, decl_name_span(self.source, node, node.name), "class", node, doc=doc)
        outer, outer_loop, outer_fn = self.cur, self.loop_depth, self.in_function
        ps = self._child(ScopeKind.CLASS, node)
        self.cur, self.loop_depth, self.in_function = ps, 0, False
        yield from node.body
        self.cur, self.loop_depth, self.in_function = outer, outer_loop, outer_fn

    def v_compiled_decl(self, node: ast.stmt) -> None:
        if self.declarer is None:
            return
        sym = self.declarer.declare(node, self.cur.scope, _container_symbol(self.cur))
        if sym is None:
            return
        ps = self.cur
        existing = ps.bindings.get(sym.name)
        if existing is None:
            ps.bindings[sym.name] = sym
            ps.scope.names.setdefault(sym.name, sym)
        elif existing.tier == PYTHON and existing.kind in (SymbolKind.DEF_FUNCTION,
                                                          SymbolKind.CLASS):
            self._duplicate(sym.name, sym.span, existing)
        ps.seen.add(sym.name)

    # -- statements --------------------------------------------------------------
    def v_Return(self, node: ast.Return) -> Iterator:
        if not self.in_function:
            self.diags.append(make.error(
                "K0382", self.span(node), "`return` outside a function",
                hint="`return` is only valid inside a `def` or `fn`"))
        yield node.value

    def v_Assign(self, node: ast.Assign) -> Iterator:
        yield node.value
        yield from node.targets
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            sym = (self.module if name in self.cur.globals else self.cur).bindings.get(name)
            if sym is not None and sym.tier == PYTHON:
                self.assigned.setdefault(sym, node.value)

    def v_AugAssign(self, node: ast.AugAssign) -> Iterator:
        yield node.value
        yield node.target

    def v_AnnAssign(self, node: ast.AnnAssign) -> Iterator:
        yield node.annotation
        yield node.value
        yield node.target

    def v_VarDecl(self, node: K.VarDecl) -> Iterator:
        yield node.annotation
        yield node.value
        yield node.target
        if node.kind == "let":
            self._remember_lets(node.target)

    def v_For(self, node: ast.For) -> Iterator:
        yield node.iter
        yield node.target
        self.loop_depth += 1
        yield from node.body
        self.loop_depth -= 1
        yield from node.orelse

    def v_While(self, node: ast.While) -> Iterator:
        yield node.test
        self.loop_depth += 1
        yield from node.body
        self.loop_depth -= 1
        yield from node.orelse

    def v_Break(self, node: ast.stmt) -> None:
        if self.loop_depth == 0:
            word = "break" if isinstance(node, ast.Break) else "continue"
            self.diags.append(make.error(
                "K0381", self.span(node), f"`{word}` outside a loop",
                hint=f"`{word}` can only appear inside a `for` or `while` loop"))

    v_Continue = v_Break

    def v_With(self, node: ast.With) -> Iterator:
        for item in node.items:
            yield item.context_expr
            yield item.optional_vars
        yield from node.body

    def v_If(self, node: ast.If) -> Iterator:
        yield node.test
        guard = _is_platform_test(node.test)
        self.guard_depth += guard
        yield from node.body
        yield from node.orelse
        self.guard_depth -= guard

    def v_Try(self, node: ast.Try) -> Iterator:
        guard = any(_catches_import_error(h.type) for h in node.handlers)
        self.guard_depth += guard
        yield from node.body
        self.guard_depth -= guard
        for h in node.handlers:
            yield h.type
            if h.name:
                span = self.span(h)
                start = self.span(h.type).end if h.type is not None else span.start
                nspan = find_word(self.source, h.name, start, span.end) or span
                self.bind(h.name, nspan, "var", h)
            yield from h.body
        yield from node.orelse
        yield from node.finalbody

    def v_CompileTime(self, node: K.CompileTime) -> Iterator:
        yield from _nodes(node.body)

    def v_Global(self, node: ast.Global) -> None:
        self._declare_scope_names(node, "global")

    def v_Nonlocal(self, node: ast.Nonlocal) -> None:
        self._declare_scope_names(node, "nonlocal")

    def _declare_scope_names(self, node, word: str) -> None:
        ps = self.cur
        whole = self.span(node)
        pos = whole.start + len(word)
        if word == "nonlocal" and ps.kind is ScopeKind.MODULE:
            self.diags.append(make.error(
                "K0106", whole, "`nonlocal` declaration at module level",
                hint="`nonlocal` names a variable of an enclosing function; "
                     "at module level use `global` or nothing"))
            return
        for name in node.names:
            nspan = find_word(self.source, name, pos, whole.end) or whole
            pos = nspan.end
            problem = None
            if name in ps.params:
                problem = f"`{name}` is a parameter and declared {word}"
            elif name in ps.seen:
                problem = f"`{name}` is used or assigned before its `{word}` declaration"
            if problem:
                self.diags.append(make.error("K0106", whole, problem,
                                             hint=f"move the `{word}` statement to the top of the function"))
                continue
            if word == "global":
                ps.globals[name] = nspan
                if ps is not self.module:
                    self.pending.append(PendingName(ps, name, nspan, True, node))
            else:
                ps.nonlocals[name] = nspan
                self.pending.append(PendingName(ps, name, nspan, True, node))

    def v_Delete(self, node: ast.Delete) -> Iterator:
        yield from node.targets

    def v_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            span = alias_binding_span(self.source, alias)
            bound = alias.asname or alias.name.split(".")[0]
            sym = self.bind(bound, span, "import", alias)
            whole = self.span(alias)
            mod_span = Span(self.source.path, whole.start, whole.start + len(alias.name.encode()))
            info = ImportInfo(alias.name, 0, None, sym, mod_span, span, node, scope=self.cur,
                              guarded=self.guard_depth > 0)
            # `import a.b` loads `a.b` but binds the package `a`
            info.binds_top = alias.asname is None and "." in alias.name
            self.imports.append(info)

    def v_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod_span = self._module_span(node)
        for alias in node.names:
            if alias.name == "*":
                self.imports.append(ImportInfo(node.module or "", node.level, None, None,
                                               mod_span, self.span(alias), node, True, self.cur,
                                               guarded=self.guard_depth > 0))
                continue
            span = alias_binding_span(self.source, alias)
            sym = self.bind(alias.asname or alias.name, span, "import", alias)
            whole = self.span(alias)
            name_span = Span(self.source.path, whole.start, whole.start + len(alias.name.encode()))
            self.imports.append(ImportInfo(node.module or "", node.level, alias.name, sym,
                                           mod_span, name_span, node, scope=self.cur,
                                           guarded=self.guard_depth > 0))

    def _module_span(self, node: ast.ImportFrom) -> Span:
        whole = self.span(node)
        if node.module:
            found = find_word(self.source, node.module.split(".")[0], whole.start, whole.end,
                              skip=len("from"))
            if found is not None:
                return Span(self.source.path, found.start,
                            found.start + len(node.module.encode()))
        return whole

    # -- expressions with scopes -------------------------------------------------
    def v_comprehension(self, node) -> Iterator:
        gens = node.generators
        yield gens[0].iter                 # evaluated in the enclosing scope
        outer = self.cur
        self.cur = self._child(ScopeKind.COMPREHENSION, node)
        for i, gen in enumerate(gens):
            if i:
                yield gen.iter
            yield gen.target
            yield from gen.ifs
        if isinstance(node, ast.DictComp):
            yield node.key
            yield node.value
        else:
            yield node.elt
        self.cur = outer

    def v_NamedExpr(self, node: ast.NamedExpr) -> Iterator:
        yield node.value
        target_scope = self.cur
        while target_scope.kind is ScopeKind.COMPREHENSION and target_scope.parent is not None:
            target_scope = target_scope.parent
        self.bind(node.target.id, self.span(node.target), "var", node.target, scope=target_scope)

    def v_Yield(self, node) -> Iterator:
        if not self.in_function:
            word = "yield" if isinstance(node, ast.Yield) else "yield from"
            self.diags.append(make.error("K0382", self.span(node), f"`{word}` outside a function",
                                         hint="`yield` makes a generator; it needs a `def`"))
        yield node.value

    v_YieldFrom = v_Yield

    # -- match patterns --------------------------------------------------------
    def v_Match(self, node: ast.Match) -> Iterator:
        yield node.subject
        for case in node.cases:
            yield case.pattern
            yield case.guard
            yield from case.body

    def v_MatchAs(self, node: ast.MatchAs) -> Iterator:
        yield node.pattern
        if node.name:
            self.bind(node.name, self._last_word(node, node.name), "var", node)

    def v_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bind(node.name, self._last_word(node, node.name), "var", node)

    def v_MatchMapping(self, node: ast.MatchMapping) -> Iterator:
        yield from node.keys
        yield from node.patterns
        if node.rest:
            self.bind(node.rest, self._last_word(node, node.rest), "var", node)

    def _last_word(self, node: ast.AST, name: str) -> Span:
        whole = self.span(node)
        data = self.source.data
        raw = name.encode("utf-8")
        idx = data.rfind(raw, whole.start, whole.end)
        if idx < 0:
            return whole
        return Span(self.source.path, idx, idx + len(raw))


_DONE = object()
# Nodes with nothing to bind or load below them.
_LEAVES = (ast.Constant, ast.Pass, *(leaf for base in (ast.expr_context, ast.operator, ast.unaryop,
                                                       ast.cmpop, ast.boolop)
                                      for leaf in base.__subclasses__()))


def _no_children(node: ast.AST) -> None:
    return None


def _nodes(items) -> Iterator:
    """A body (list), a single node, or None, as a sequence of nodes to visit."""
    if isinstance(items, ast.AST):
        yield items
    elif items:
        yield from items


def _arguments_outer(args: ast.arguments) -> Iterator:
    """Defaults and annotations are evaluated in the enclosing scope."""
    yield from args.defaults
    yield from args.kw_defaults
    for a in _all_args(args):
        yield a.annotation


def _all_args(args: ast.arguments) -> list[ast.arg]:
    out = [*args.posonlyargs, *args.args]
    if args.vararg:
        out.append(args.vararg)
    out.extend(args.kwonlyargs)
    if args.kwarg:
        out.append(args.kwarg)
    return out


def _container_symbol(ps: PyScope) -> Symbol | None:
    """The def/class symbol that owns a scope (for qualified names)."""
    node, parent = ps.node, ps.parent
    while node is not None and parent is not None and getattr(node, "name", None) is None:
        node, parent = parent.node, parent.parent      # lambdas, comprehensions: look outward
    if node is None or parent is None:
        return None
    name = node.name
    sym = parent.bindings.get(name)
    if sym is not None and sym.node is node:
        return sym
    return None


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
_PLATFORM_ATTRS = frozenset({"platform", "name", "version_info", "system", "maxsize"})


def _catches_import_error(handler_type: ast.expr | None) -> bool:
    if handler_type is None:
        return True
    names = handler_type.elts if isinstance(handler_type, ast.Tuple) else [handler_type]
    for n in names:
        word = n.id if isinstance(n, ast.Name) else getattr(n, "attr", None)
        if word in _IMPORT_ERRORS:
            return True
    return False


def _is_platform_test(test: ast.expr) -> bool:
    """`sys.platform == ...`, `os.name`, `sys.version_info`, `TYPE_CHECKING`, ..."""
    for n in ast.walk(test):
        if isinstance(n, ast.Attribute) and n.attr in _PLATFORM_ATTRS:
            return True
        if isinstance(n, ast.Name) and n.id in ("TYPE_CHECKING", "WINDOWS", "IS_WINDOWS"):
            return True
    return False
