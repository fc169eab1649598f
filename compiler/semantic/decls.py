"""Compiled-tier declarations: what an `fn`, `struct`, `trait` or `alias`
declares, before any type is computed.

The `Declarer` is called by the Python binder for every compiled declaration
it meets in a Python scope, and by the type checker for `fn`s nested in `fn`
bodies. It creates the declaration objects and their symbols (the struct's
fields and methods become children of the struct's symbol, for the outline).
Types are computed later and lazily by the checker (`signatures.py`).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic, Note
from ..syntax import nodes as K
from ..syntax.source import SourceFile, Span
from .name_spans import decl_name_span
from .scopes import Scope, ScopeKind
from .symbols import COMPILED, Symbol, SymbolKind, SymbolTable


@dataclass(eq=False)
class ParamDecl:
    name: str
    node: K.Param
    symbol: Symbol
    convention: str              # borrowed | inout | owned
    kind: str                    # positional | posonly | vararg | kwonly | kwarg
    annotation: ast.expr | None
    default: ast.expr | None
    comptime: bool = False


@dataclass(eq=False)
class FnDecl:
    name: str
    node: K.FnDef
    symbol: Symbol
    decl_id: str
    module: "ModuleDecls"
    params: list[ParamDecl]
    comptime: list[ParamDecl]
    decorators: frozenset[str]
    owner: "StructDecl | TraitDecl | None" = None
    parent_fn: "FnDecl | None" = None
    doc: str | None = None
    scope: Scope | None = None           # the scope the declaration sits in

    @property
    def raises(self) -> bool:
        return bool(self.node.raises)

    @property
    def is_static(self) -> bool:
        return "staticmethod" in self.decorators

    @property
    def is_parameter_closure(self) -> bool:
        return "parameter" in self.decorators

    @property
    def has_self(self) -> bool:
        return (self.owner is not None and not self.is_static and bool(self.params)
                and self.params[0].name == "self")

    @property
    def all_comptime(self) -> list[ParamDecl]:
        """The compile-time parameters that key a specialisation: the owning
        struct's, the enclosing fns', then the fn's own."""
        out: list[ParamDecl] = []
        if self.parent_fn is not None:
            out.extend(self.parent_fn.all_comptime)
        elif self.owner is not None:
            out.extend(self.owner.comptime)
        out.extend(self.comptime)
        return out


@dataclass(eq=False)
class FieldDecl:
    name: str
    node: K.VarDecl
    symbol: Symbol
    annotation: ast.expr | None
    index: int


@dataclass(eq=False)
class StructDecl:
    name: str
    node: K.StructDef
    symbol: Symbol
    decl_id: str
    module: "ModuleDecls"
    comptime: list[ParamDecl]
    fields: list[FieldDecl]
    methods: dict[str, list[FnDecl]]
    bases: list[ast.expr]
    decorators: frozenset[str]
    aliases: dict[str, "AliasDecl"] = field(default_factory=dict)
    doc: str | None = None

    @property
    def is_value(self) -> bool:
        return "value" in self.decorators


@dataclass(eq=False)
class TraitDecl:
    name: str
    node: K.TraitDef
    symbol: Symbol
    decl_id: str
    module: "ModuleDecls"
    methods: dict[str, list[FnDecl]]
    bases: list[ast.expr]
    comptime: list[ParamDecl] = field(default_factory=list)
    doc: str | None = None


@dataclass(eq=False)
class AliasDecl:
    name: str
    node: K.AliasDef
    symbol: Symbol
    decl_id: str
    module: "ModuleDecls"
    comptime: list[ParamDecl] = field(default_factory=list)


Decl = FnDecl | StructDecl | TraitDecl | AliasDecl


@dataclass(eq=False)
class ModuleDecls:
    """Every compiled-tier declaration of one file."""

    path: str
    source: SourceFile
    by_node: dict[int, Decl] = field(default_factory=dict)      # id(node) -> decl
    fns: list[FnDecl] = field(default_factory=list)              # incl. methods, nested
    structs: list[StructDecl] = field(default_factory=list)
    traits: list[TraitDecl] = field(default_factory=list)
    aliases: list[AliasDecl] = field(default_factory=list)
    overloads: dict[str, list[FnDecl]] = field(default_factory=dict)  # qualname -> fns
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def decl_of(self, node: ast.AST) -> Decl | None:
        return self.by_node.get(id(node))

    def struct_by_id(self, decl_id: str) -> "StructDecl | None":
        index = self.__dict__.get("_struct_index")
        if index is None or len(index) != len(self.structs):
            index = {st.decl_id: st for st in self.structs}
            self.__dict__["_struct_index"] = index
        return index.get(decl_id)

    def fn_by_id(self, decl_id: str) -> "FnDecl | None":
        index = self.__dict__.get("_fn_index")
        if index is None or index[0] != len(self.fns):
            index = (len(self.fns), {fn.decl_id: fn for fn in self.fns})
            self.__dict__["_fn_index"] = index
        return index[1].get(decl_id)


def decorator_names(decorators: list[ast.expr]) -> frozenset[str]:
    names = set()
    for d in decorators:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, ast.Attribute):
            names.add(target.attr)
    return frozenset(names)


def docstring(body: list[ast.stmt]) -> str | None:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        import inspect
        return inspect.cleandoc(body[0].value.value)
    return None


class Declarer:
    def __init__(self, source: SourceFile, table: SymbolTable, decls: ModuleDecls) -> None:
        self.source = source
        self.table = table
        self.decls = decls
        self.path = source.path

    # -- entry (CompiledDeclarer protocol) --------------------------------------
    def declare(self, node: ast.stmt, scope: Scope, container: Symbol | None,
                parent_fn: FnDecl | None = None) -> Symbol | None:
        existing = self.decls.decl_of(node)
        if existing is not None:
            return existing.symbol
        if isinstance(node, K.FnDef):
            fn = self.declare_fn(node, container, None, parent_fn)
            fn.scope = scope
            return fn.symbol
        if isinstance(node, K.StructDef):
            span = self.source.span_of(node)
            inner = scope.child(ScopeKind.STRUCT, span.start, span.end)
            return self._declare_struct(node, container, inner).symbol
        if isinstance(node, K.TraitDef):
            return self._declare_trait(node, container).symbol
        if isinstance(node, K.AliasDef):
            return self._declare_alias(node, container, None).symbol
        return None

    def _name_span(self, node: ast.AST, name: str) -> Span:
        return decl_name_span(self.source, node, name)

    def _symbol(self, name: str, kind: SymbolKind, node: ast.AST, container: Symbol | None,
                doc: str | None = None) -> Symbol:
        sym = Symbol(name, kind, self.path, self._name_span(node, name), COMPILED,
                     full_span=self.source.span_of(node), container=container, node=node, doc=doc)
        self.table.define(sym)
        if container is not None and container.kind in (SymbolKind.STRUCT, SymbolKind.TRAIT):
            container.children.append(sym)
        return sym

    def _decl_id(self, sym: Symbol) -> str:
        return f"{self.path}::{sym.qualified_name}"

    # -- fn --------------------------------------------------------------------
    def declare_fn(self, node: K.FnDef, container: Symbol | None,
                   owner: "StructDecl | TraitDecl | None",
                   parent_fn: FnDecl | None = None) -> FnDecl:
        kind = SymbolKind.METHOD if owner is not None else SymbolKind.FN
        doc = docstring(node.body)
        sym = self._symbol(node.name, kind, node, container, doc)
        decl_id = self._decl_id(sym)
        group = self.decls.overloads.setdefault(decl_id, [])
        if group:
            decl_id = f"{decl_id}#{len(group)}"
        fn = FnDecl(node.name, node, sym, decl_id, self.decls, [], [],
                    decorator_names(node.decorator_list), owner, parent_fn, doc)
        group.append(fn)
        fn.comptime = [self._param(p, sym, comptime=True) for p in node.comptime_params or ()]
        fn.params = [self._param(p, sym) for p in node.params or ()]
        self._duplicate_params([*fn.comptime, *fn.params])
        sym.decl = fn
        self.decls.by_node[id(node)] = fn
        self.decls.fns.append(fn)
        return fn

    def _duplicate_params(self, params: list[ParamDecl]) -> None:
        seen: dict[str, ParamDecl] = {}
        for p in params:
            first = seen.get(p.name)
            if first is None:
                seen[p.name] = p
                continue
            self.decls.diagnostics.append(make.error(
                "K0104", p.symbol.span, f"parameter `{p.name}` is declared twice",
                notes=[Note("first declared here", first.symbol.span)],
                hint="rename one of the parameters"))

    def _param(self, p: K.Param, fn_sym: Symbol, comptime: bool = False) -> ParamDecl:
        kind = SymbolKind.COMPTIME_PARAMETER if comptime else SymbolKind.PARAMETER
        sym = Symbol(p.arg, kind, self.path, self._name_span(p, p.arg), COMPILED,
                     full_span=self.source.span_of(p), container=fn_sym, node=p)
        self.table.define(sym)
        conv = getattr(p, "convention", None) or "borrowed"
        decl = ParamDecl(p.arg, p, sym, conv, getattr(p, "kind", None) or "positional",
                         getattr(p, "annotation", None), getattr(p, "default", None), comptime)
        sym.decl = decl
        return decl

    # -- struct ----------------------------------------------------------------
    def _declare_struct(self, node: K.StructDef, container: Symbol | None,
                        scope: Scope | None = None) -> StructDecl:
        doc = docstring(node.body)
        sym = self._symbol(node.name, SymbolKind.STRUCT, node, container, doc)
        st = StructDecl(node.name, node, sym, self._decl_id(sym), self.decls, [], [], {},
                        list(node.bases or ()), decorator_names(node.decorator_list), doc=doc)
        sym.decl = st
        self.decls.by_node[id(node)] = st
        self.decls.structs.append(st)
        st.comptime = [self._param(p, sym, comptime=True) for p in node.comptime_params or ()]
        seen: dict[str, Symbol] = {}
        for member in node.body:
            if isinstance(member, K.VarDecl):
                self._field(st, member, seen)
            elif isinstance(member, K.FnDef):
                fn = self.declare_fn(member, sym, st)
                fn.scope = scope
                st.methods.setdefault(fn.name, []).append(fn)
            elif isinstance(member, K.AliasDef):
                st.aliases[member.name] = self._declare_alias(member, sym, st)
            else:
                self._python_in_struct(member, st)
        return st

    def _python_in_struct(self, member: ast.stmt, st: StructDecl) -> None:
        """A struct body is compiled code: a `def`, a `class` or a plain
        assignment there would otherwise vanish without a word."""
        if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            word = "class" if isinstance(member, ast.ClassDef) else "def"
            span = self._name_span(member, member.name)
            message = f"`{word} {member.name}` cannot be declared in `struct {st.name}`"
            hint = ("struct methods are `fn`s with typed parameters: write "
                    f"`fn {member.name}(self, ...)`, or make it a top-level `def` that takes "
                    f"the `{st.name}`") if word == "def" else \
                "declare the class at module level (Python tier)"
        elif isinstance(member, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            span = self.source.span_of(member)
            message = f"a statement cannot appear in `struct {st.name}`"
            hint = "declare a field with `var name: Type` (set it in `__init__`), or a " \
                   "compile-time constant with `alias`"
        else:
            return
        self.decls.diagnostics.append(make.error("K0503", span, message, hint=hint))

    def _field(self, st: StructDecl, member: K.VarDecl, seen: dict[str, Symbol]) -> None:
        targets = member.target.elts if isinstance(member.target, ast.Tuple) else [member.target]
        for target in targets:
            if not isinstance(target, ast.Name):
                continue
            sym = Symbol(target.id, SymbolKind.FIELD, self.path, self.source.span_of(target),
                         COMPILED, full_span=self.source.span_of(member),
                         container=st.symbol, node=member)
            self.table.define(sym)
            st.symbol.children.append(sym)
            if target.id in seen:
                self.decls.diagnostics.append(make.error(
                    "K0104", sym.span, f"field `{target.id}` is declared twice in `{st.name}`",
                    notes=[Note("first declared here", seen[target.id].span)],
                    hint="rename or remove one of the fields"))
                continue
            seen[target.id] = sym
            fd = FieldDecl(target.id, member, sym, member.annotation, len(st.fields))
            sym.decl = fd
            st.fields.append(fd)

    # -- trait -----------------------------------------------------------------
    def _declare_trait(self, node: K.TraitDef, container: Symbol | None) -> TraitDecl:
        doc = docstring(node.body)
        sym = self._symbol(node.name, SymbolKind.TRAIT, node, container, doc)
        tr = TraitDecl(node.name, node, sym, self._decl_id(sym), self.decls, {},
                       list(node.bases or ()), doc=doc)
        sym.decl = tr
        self.decls.by_node[id(node)] = tr
        self.decls.traits.append(tr)
        for member in node.body:
            if isinstance(member, K.FnDef):
                fn = self.declare_fn(member, sym, tr)
                tr.methods.setdefault(fn.name, []).append(fn)
                if not _is_ellipsis_body(member.body):
                    self._bad_trait_member(member, member.name, "a trait method has no body: "
                                           "write `...` and implement it in the structs")
            elif isinstance(member, K.VarDecl) and isinstance(member.target, ast.Name):
                self._bad_trait_member(member.target, member.target.id,
                                       "a trait declares only methods, not fields")
            elif isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._bad_trait_member(member, member.name,
                                       "trait methods are declared with `fn`")
        return tr

    def _bad_trait_member(self, node: ast.AST, name: str, why: str) -> None:
        span = self._name_span(node, name) if not isinstance(node, ast.Name) \
            else self.source.span_of(node)
        self.decls.diagnostics.append(make.error("K0264", span, f"invalid trait member `{name}`",
                                                 hint=why))

    # -- alias -----------------------------------------------------------------
    def _declare_alias(self, node: K.AliasDef, container: Symbol | None,
                       owner: StructDecl | None) -> AliasDecl:
        sym = self._symbol(node.name, SymbolKind.ALIAS, node, container)
        al = AliasDecl(node.name, node, sym, self._decl_id(sym), self.decls)
        al.comptime = [self._param(p, sym, comptime=True) for p in node.comptime_params or ()]
        sym.decl = al
        self.decls.by_node[id(node)] = al
        self.decls.aliases.append(al)
        return al


def _is_ellipsis_body(body: list[ast.stmt]) -> bool:
    stmts = list(body)
    if stmts and docstring(stmts) is not None:
        stmts = stmts[1:]
    if not stmts:
        return True
    return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)
                                            and s.value.value is Ellipsis) for s in stmts)
