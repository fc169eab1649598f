"""Declaration-level rules of the compiled tier, checked once per module:
signatures and field types, duplicate definitions and overloads, methods
without `self`, lifecycle method signatures, and trait conformance."""
from __future__ import annotations

import ast

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic, Note
from . import prelude
from .decls import FnDecl, ModuleDecls, StructDecl, TraitDecl
from .entities import TraitRef
from .module_context import ModuleContext
from .struct_cycles import check_struct_cycle
from .type_ops import TRAIT_METHODS, subst
from .types import NONE, UNKNOWN, ParamRef, Type


def check_declarations(ctx: ModuleContext) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    decls = ctx.decls
    _duplicates(decls, diags)
    for st in list(decls.structs):
        ctx.struct_sig(st)
    for al in list(decls.aliases):
        if al.symbol.container is None or al.symbol.container.kind.value in ("struct",):
            ctx.alias_value(al)
    for fn in list(decls.fns):
        if fn.parent_fn is None:
            ctx.fn_sig(fn)
    for st in list(decls.structs):
        _struct_rules(ctx, st, diags)
    for fn in list(decls.fns):
        if isinstance(fn.owner, TraitDecl):
            _method_needs_self(fn, diags)
    return diags


# -- duplicates ------------------------------------------------------------------------------

def _duplicates(decls: ModuleDecls, diags: list[Diagnostic]) -> None:
    by_scope: dict[tuple, list] = {}
    for d in [*decls.structs, *decls.traits, *decls.aliases,
              *[f for f in decls.fns if f.parent_fn is None and f.owner is None]]:
        container = d.symbol.container
        if container is not None and container.kind.value in ("struct", "trait"):
            continue
        by_scope.setdefault((id(container), d.name), []).append(d)
    for group in by_scope.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda d: d.symbol.span.start)
        first = group[0]
        for later in group[1:]:
            if isinstance(first, FnDecl) and isinstance(later, FnDecl):
                continue          # overloads: checked by signature below
            _dup(diags, later, first)


def _dup(diags: list[Diagnostic], later, first) -> None:
    diags.append(make.error(
        "K0104", later.symbol.span, f"`{later.name}` is defined twice",
        notes=[Note(f"first definition of `{first.name}` here", first.symbol.span)],
        hint="rename one of them"))


def _same_params(ctx: ModuleContext, a: FnDecl, b: FnDecl) -> bool:
    sa, sb = ctx.fn_sig(a), ctx.fn_sig(b)
    pa = [t for p, t in sa.params if p.name != "self"]
    pb = [t for p, t in sb.params if p.name != "self"]
    if len(sa.comptime) != len(sb.comptime):
        return False
    mapping = {(b.decl_id, p.name): ParamRef(q.name, a.decl_id, k)
               for (p, _), (q, k) in zip(sb.comptime, sa.comptime)}
    pb = [subst(t, mapping) for t in pb]
    return pa == pb and UNKNOWN not in pa


def check_overloads(ctx: ModuleContext, diags: list[Diagnostic]) -> None:
    for key, group in ctx.decls.overloads.items():
        if len(group) < 2:
            continue
        for i, later in enumerate(group[1:], 1):
            for earlier in group[:i]:
                if _same_params(ctx, earlier, later):
                    where = "struct" if isinstance(later.owner, StructDecl) else "module"
                    diags.append(make.error(
                        "K0104", later.symbol.span,
                        f"`{later.name}` is defined twice with the same parameter types",
                        notes=[Note("first definition here", earlier.symbol.span)],
                        hint=f"overloads in a {where} need different parameter types; rename one"))
                    break


# -- structs ---------------------------------------------------------------------------------

_LIFECYCLE = {
    "__init__": "fn __init__(inout self, ...)",
    "__copyinit__": "fn __copyinit__(inout self, existing: Self)",
    "__moveinit__": "fn __moveinit__(inout self, owned existing: Self)",
    "__del__": "fn __del__(owned self)",
}


def _struct_rules(ctx: ModuleContext, st: StructDecl, diags: list[Diagnostic]) -> None:
    sig = ctx.struct_sig(st)
    for name, methods in st.methods.items():
        for fn in methods:
            if _method_needs_self(fn, diags):
                continue
            if name in _LIFECYCLE:
                _lifecycle(ctx, fn, sig.self_type, diags)
    for base in st.bases:
        _conformance(ctx, st, base, diags)
    check_struct_cycle(ctx, st, diags)


def _method_needs_self(fn: FnDecl, diags: list[Diagnostic]) -> bool:
    if fn.is_static:
        return False
    if fn.params and fn.params[0].name == "self":
        return False
    diags.append(make.error(
        "K0223", fn.symbol.span, f"method `{fn.name}` has no `self` parameter",
        hint=f"write `fn {fn.name}(self, ...)`, or mark it `@staticmethod`"))
    return True


def _lifecycle(ctx: ModuleContext, fn: FnDecl, self_type: Type, diags: list[Diagnostic]) -> None:
    sig = ctx.fn_sig(fn)
    params = sig.params
    conv0 = params[0][0].convention if params else None
    ok = True
    if fn.name in ("__init__", "__copyinit__", "__moveinit__"):
        ok = conv0 == "inout"
        if fn.name == "__copyinit__":
            ok = ok and len(params) == 2 and params[1][1] in (self_type, UNKNOWN)
        if fn.name == "__moveinit__":
            ok = ok and len(params) == 2 and params[1][1] in (self_type, UNKNOWN) \
                and params[1][0].convention == "owned"
    elif fn.name == "__del__":
        ok = conv0 == "owned" and len(params) == 1
    if ok and fn.name != "__init__" and sig.result not in (NONE, UNKNOWN):
        ok = False
    if ok and fn.name == "__init__" and sig.result not in (NONE, UNKNOWN):
        ok = False
    if not ok:
        diags.append(make.error(
            "K0225", fn.symbol.span, f"`{fn.name}` has the wrong signature",
            hint=f"write `{_LIFECYCLE[fn.name]}`"))


def _conformance(ctx: ModuleContext, st: StructDecl, base: ast.expr, diags: list[Diagnostic]) -> None:
    ev = ctx.evaluator()
    try:
        value = ev.value(base)
    except Exception:  # NotComptime
        value = None
    if not isinstance(value, TraitRef):
        if value is not UNKNOWN:
            diags.append(make.error("K0263", ctx.source.span_of(base),
                                    f"`{ast.unparse(base)}` is not a trait",
                                    hint="a struct's parentheses list the traits it conforms to"))
        return
    if value.decl is None:
        _builtin_trait(st, value, diags)
        return
    trait: TraitDecl = value.decl
    tctx = ctx.program.context(trait.module.path) or ctx
    for tname, tmethods in _all_trait_methods(ctx, trait).items():
        required = tmethods[0]
        mine = st.methods.get(tname)
        if not mine:
            if st.is_value and tname in ("__copyinit__", "__moveinit__", "__init__"):
                continue
            diags.append(make.error(
                "K0260", st.symbol.span, f"`{st.name}` does not conform to `{trait.name}`: "
                f"it has no method `{tname}`",
                notes=[Note(f"`{tname}` required by `{trait.name}` here", required.symbol.span)],
                hint=f"add `{tctx.fn_sig(required).label()}` to `{st.name}`"))
            continue
        want = _shape(tctx, required, trait.decl_id, ctx.struct_sig(st).self_type)
        if not any(_shape(ctx, m, None, None) == want for m in mine):
            diags.append(make.error(
                "K0261", mine[0].symbol.span, f"`{st.name}.{tname}` does not match `{trait.name}`",
                notes=[Note(f"`{trait.name}` requires: {tctx.fn_sig(required).label()}",
                            required.symbol.span)],
                hint="make the parameter and result types match the trait's"))


def _all_trait_methods(ctx: ModuleContext, trait: TraitDecl, seen=None) -> dict[str, list[FnDecl]]:
    seen = seen or set()
    if id(trait) in seen:
        return {}
    seen.add(id(trait))
    out: dict[str, list[FnDecl]] = {}
    for base in trait.bases:
        try:
            value = ctx.evaluator(diags=[]).value(base)
        except Exception:
            continue
        if isinstance(value, TraitRef) and value.decl is not None:
            out.update(_all_trait_methods(ctx, value.decl, seen))
    out.update(trait.methods)
    return out


def _shape(ctx: ModuleContext, fn: FnDecl, trait_id: str | None, self_type) -> tuple:
    sig = ctx.fn_sig(fn)
    mapping = {(trait_id, "Self"): self_type} if trait_id else {}
    params = tuple((p.convention if p.name != "self" else "self", subst(t, mapping))
                   for p, t in sig.params if p.name != "self")
    self_conv = next((p.convention for p, _ in sig.params if p.name == "self"), None)
    return (params, subst(sig.result, mapping), self_conv == "inout")


def _builtin_trait(st: StructDecl, trait: TraitRef, diags: list[Diagnostic]) -> None:
    if trait.name not in prelude.KILN_TRAITS:
        return
    for method in TRAIT_METHODS.get(trait.name, ()):
        if method in st.methods:
            continue
        if st.is_value and method in ("__copyinit__", "__moveinit__"):
            continue
        diags.append(make.error(
            "K0260", st.symbol.span, f"`{st.name}` does not conform to `{trait.name}`: "
            f"it has no method `{method}`",
            hint=f"add `fn {method}(...)` to `{st.name}`" +
                 (" (or `@value`)" if method in ("__copyinit__", "__moveinit__") else "")))
