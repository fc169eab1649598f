"""The per-file state the type checker works in: the module's names, its
declarations, and the lazily computed signatures of those declarations."""
from __future__ import annotations

import ast
import difflib
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile, Span
from . import prelude
from .decls import AliasDecl, FnDecl, ModuleDecls, StructDecl, TraitDecl
from .entities import TraitRef
from .evaluator import Evaluator, NotComptime
from .locals import ComptimeEntry
from .node_spans import NodeSpans
from .scopes import Scope
from .signatures import FnSig, StructSig, comptime_entries, comptime_kind, value_fits_kind
from .symbols import Symbol, SymbolTable
from .types import NONE, UNKNOWN, ParamRef, StructType, Type, UnknownType

Lookup = Callable[[str], object | None]


class ModuleContext:
    def __init__(self, source: SourceFile, table: SymbolTable, decls: ModuleDecls,
                 module_scope: Scope, module_names: dict[str, Symbol], program) -> None:
        self.source = source
        self.spans = NodeSpans(source)
        self.path = source.path
        self.table = table
        self.decls = decls
        self.module_scope = module_scope
        self.module_names = module_names
        self.star_exports: dict[str, Symbol] = {}
        self.program = program
        self.diags: list[Diagnostic] = []          # declaration-level diagnostics
        self._fn_sigs: dict[int, FnSig] = {}
        self._struct_sigs: dict[int, StructSig] = {}
        self._alias_values: dict[int, object] = {}
        self._in_progress: set[int] = set()

    # -- names ---------------------------------------------------------------------------
    def lookup(self, name: str) -> object | None:
        sym = self.module_names.get(name)
        if sym is None:
            sym = self.star_exports.get(name)
        if sym is None:
            sym = prelude.builtin_symbol(name)
        return sym

    def undefined(self, node: ast.Name, diags: list[Diagnostic], extra: list[str] = ()) -> None:
        names = list(self.module_names) + list(extra) + list(prelude.KILN_NAMES)
        close = difflib.get_close_matches(node.id, names, n=1, cutoff=0.75)
        hint = f"did you mean `{close[0]}`?" if close else \
            f"declare `{node.id}` (with `var`, `let`, `alias`, `fn` or `struct`) or import it"
        diags.append(make.error("K0101", self.source.span_of(node),
                                f"undefined name `{node.id}`", hint=hint))

    def attr_span(self, node: ast.Attribute) -> Span:
        end = self.spans(node).end
        return Span(self.path, end - len(node.attr.encode("utf-8")), end)

    def evaluator(self, lookup: Lookup | None = None, diags: list[Diagnostic] | None = None,
                  record: bool = True) -> Evaluator:
        return Evaluator(self, lookup or self.lookup, self.diags if diags is None else diags, record)

    # -- structs -------------------------------------------------------------------------
    def struct_sig(self, st: StructDecl) -> StructSig:
        cached = self._struct_sigs.get(id(st))
        if cached is not None:
            return cached
        if st.module is not self.decls:
            return self.program.context(st.module.path).struct_sig(st)
        ev = self.evaluator()
        comptime = [(p, comptime_kind(ev, p)) for p in st.comptime]
        refs = comptime_entries(st.decl_id, comptime)
        self_type = StructType(st.name, st.decl_id, tuple(refs))
        sig = StructSig(st, comptime, refs, self_type)
        self._struct_sigs[id(st)] = sig          # before fields: a field may name the struct
        lookup = self.struct_lookup(st, sig)
        ev = self.evaluator(lookup)
        for f in st.fields:
            if f.annotation is None:
                ev.error("K0221", f.symbol.span, f"field `{f.name}` needs a type",
                         hint=f"write `var {f.name}: Int` (or the type it holds)")
                t = UNKNOWN
            else:
                t = ev.annotation(f.annotation)
            f.symbol.type = t
            sig.fields.append((f, t))
        st.symbol.signature = f"struct {st.name}{_params_label(comptime)}"
        return sig

    def struct_lookup(self, st: StructDecl, sig: StructSig | None = None) -> Lookup:
        sig = sig or self.struct_sig(st)
        entries = {p.name: ComptimeEntry(p.name, ref, kind, p.symbol)
                   for (p, kind), ref in zip(sig.comptime, sig.refs)}
        entries["Self"] = ComptimeEntry("Self", sig.self_type, None, st.symbol)
        for name, al in st.aliases.items():
            entries[name] = ComptimeEntry(name, _Lazy(self, al), None, al.symbol)

        def lookup(name: str) -> object | None:
            e = entries.get(name)
            if e is not None:
                if isinstance(e.value, _Lazy):
                    e.value = e.value.get()
                return e
            return self.lookup(name)
        return lookup

    # -- fns -------------------------------------------------------------------------------
    def fn_sig(self, fn: FnDecl, outer: Lookup | None = None) -> FnSig:
        cached = self._fn_sigs.get(id(fn))
        if cached is not None:
            return cached
        if fn.module is not self.decls:
            return self.program.context(fn.module.path).fn_sig(fn, outer)
        base = outer or self._owner_lookup(fn)
        ev = self.evaluator(base)
        comptime = [(p, comptime_kind(ev, p)) for p in fn.comptime]
        refs = comptime_entries(fn.decl_id, comptime)
        entries = {p.name: ComptimeEntry(p.name, r, k, p.symbol)
                   for (p, k), r in zip(comptime, refs)}

        def lookup(name: str) -> object | None:
            return entries.get(name) or base(name)
        ev = self.evaluator(lookup)
        self_type = self._self_type(fn)
        params = []
        for i, p in enumerate(fn.params):
            if i == 0 and p.name == "self" and fn.owner is not None and not fn.is_static:
                t = self_type if p.annotation is None else ev.annotation(p.annotation)
            elif p.kind in ("vararg", "kwarg"):
                stars = "*" if p.kind == "vararg" else "**"
                ev.error("K0503", p.node, f"`{stars}{p.name}` parameters are Python-only",
                         hint="an `fn` takes a fixed list of typed parameters; use a `List` "
                              "or a `def`")
                t = UNKNOWN
            elif p.annotation is None:
                ev.error("K0205", p.symbol.span, f"parameter `{p.name}` of `fn {fn.name}` needs a type",
                         hint=f"write `{p.name}: Int` (or the type it takes), or make "
                              f"`{fn.name}` a `def` if it should stay dynamic")
                t = UNKNOWN
            else:
                t = ev.annotation(p.annotation)
            p.symbol.type = t
            params.append((p, t))
        result = NONE if fn.node.returns is None else ev.annotation(fn.node.returns)
        sig = FnSig(fn, comptime, refs, params, result, self_type)
        fn.symbol.signature = sig.label()
        fn.symbol.type = sig.fn_type()
        self._fn_sigs[id(fn)] = sig
        return sig

    def _self_type(self, fn: FnDecl) -> Type | None:
        if isinstance(fn.owner, StructDecl):
            return self.struct_sig(fn.owner).self_type
        if isinstance(fn.owner, TraitDecl):
            return ParamRef("Self", fn.owner.decl_id, TraitRef(fn.owner.name, fn.owner))
        return None

    def _owner_lookup(self, fn: FnDecl) -> Lookup:
        if isinstance(fn.owner, StructDecl):
            return self.struct_lookup(fn.owner)
        if isinstance(fn.owner, TraitDecl):
            self_ref = self._self_type(fn)
            entry = ComptimeEntry("Self", self_ref, None, fn.owner.symbol)
            return lambda name: entry if name == "Self" else self.lookup(name)
        return self.lookup

    # -- aliases -----------------------------------------------------------------------------
    def alias_value(self, al: AliasDecl, lookup: Lookup | None = None) -> object:
        if id(al) in self._alias_values:
            return self._alias_values[id(al)]
        if al.module is not self.decls:
            return self.program.context(al.module.path).alias_value(al)
        if id(al) in self._in_progress:
            self.diags.append(make.error("K0284", self.source.span_of(al.node.value),
                                         f"`alias {al.name}` is defined in terms of itself"))
            return UNKNOWN
        self._in_progress.add(id(al))
        try:
            value = self._eval_alias(al, lookup)
        finally:
            self._in_progress.discard(id(al))
        self._alias_values[id(al)] = value
        return value

    def _eval_alias(self, al: AliasDecl, lookup: Lookup | None) -> object:
        ev = self.evaluator(lookup)
        if al.node.value is None:
            ev.error("K0284", al.symbol.span, f"`alias {al.name}` needs a value")
            return UNKNOWN
        try:
            value = ev.value(al.node.value)
        except NotComptime:
            ev.error("K0284", al.node.value, f"the value of `alias {al.name}` is not known at "
                     "compile time", hint="an alias needs literals, other aliases, parameters "
                                          "or types; use `var` for runtime values")
            return UNKNOWN
        if al.node.annotation is not None:
            kind = ev.annotation(al.node.annotation)
            value = _adapt_alias(value, kind)
            if not value_fits_kind(value, kind) and not isinstance(kind, UnknownType):
                ev.error("K0201", al.node.value, f"`alias {al.name}` is declared `{kind}` but its "
                         f"value is {_describe(value)}")
        al.symbol.type = _value_type(value)
        al.symbol.signature = f"alias {al.name} = {_show(value)}"
        return value


class _Lazy:
    """A struct-level alias evaluated on first use."""

    def __init__(self, ctx: ModuleContext, al: AliasDecl) -> None:
        self.ctx, self.al = ctx, al

    def get(self) -> object:
        return self.ctx.alias_value(self.al)


def _params_label(comptime) -> str:
    return "" if not comptime else "[" + ", ".join(f"{p.name}: {k}" for p, k in comptime) + "]"


def _adapt_alias(value: object, kind: object) -> object:
    from .types import FLOAT64, SCALARS
    if isinstance(value, int) and not isinstance(value, bool) and kind in (FLOAT64, SCALARS["Float32"]):
        return float(value)
    return value


def _value_type(value: object) -> Type | None:
    from .type_ops import default_literal_type
    from .types import DTYPE_TYPE, DType, TypeType
    if isinstance(value, DType):
        return DTYPE_TYPE
    if isinstance(value, ParamRef):
        return value.kind if isinstance(value.kind, Type) else None
    if isinstance(value, Type):
        return TypeType(value)
    return default_literal_type(value)


def _describe(value: object) -> str:
    if isinstance(value, Type):
        return f"the type `{value}`"
    return f"`{_show(value)}`"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return repr(value)
    return str(value)
