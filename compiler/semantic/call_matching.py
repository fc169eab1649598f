"""Matching the arguments of a call against one candidate signature:
positional and keyword arguments to parameters, defaults, compile-time
parameter inference (explicit `[...]`, then unification with the argument
types, then defaults), trait bounds, and argument types.

A match never reports anything itself: it returns its diagnostics, so that
the caller can try every overload and report only for the one it keeps.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic, Note
from .entities import TraitRef
from .signatures import FnSig, value_fits_kind
from .type_ops import Bindings, key, mentions, subst, unify
from .types import FLOAT64, INT, UNKNOWN, ParamRef, Type, UnknownType


@dataclass
class Arg:
    node: ast.expr | None           # None for a receiver given as a type only
    type: Type | None               # None: a number literal, typed once the parameter is known
    keyword: str | None = None
    keyword_node: ast.AST | None = None
    literal_default: Type | None = None   # INT / FLOAT64 for literals


@dataclass
class Match:
    sig: FnSig
    ok: bool = True
    diags: list[Diagnostic] = field(default_factory=list)
    bindings: Bindings = field(default_factory=dict)
    slots: list[tuple[object, Type, Arg | None]] = field(default_factory=list)  # (ParamDecl, type, arg)
    receiver_slot: bool = False

    def fail(self, diag: Diagnostic) -> None:
        self.ok = False
        self.diags.append(diag)


def preference(m: Match) -> tuple[int, int]:
    """How well a fitting overload fits, lower is better: first what its
    arguments' conversions cost (`conversion_cost`), then how many of its
    parameters are generic. So `over(1)` picks `over(x: Int)` over
    `over(x: Float64)`, and a concrete overload a generic one, whatever the
    declaration order; ties keep the first declared. The bridge ranks Python
    arguments the same way (compiler/native/bridge/overload_choice.py)."""
    cost = 0
    for _, pt, a in m.slots:
        if a is not None and a.node is not None:
            cost += conversion_cost(a.type if a.type is not None else (a.literal_default or INT), pt)
    owners = frozenset({m.sig.decl.decl_id})
    generic = sum(mentions(t, owners) for _, t in m.sig.params)
    return cost, generic


def conversion_cost(given: Type, wanted: Type) -> int:
    """0 for the same type, 1 within a kind (an integer literal as `Int32`, a
    StringLiteral as a `String`), 2 across kinds (an integer literal as a
    `Float64`)."""
    if given == wanted:
        return 0
    kinds = [_numeric_kind(t) for t in (given, wanted)]
    return 2 if None not in kinds and kinds[0] != kinds[1] else 1


def _numeric_kind(t: Type) -> str | None:
    dtype = getattr(getattr(t, "dtype", None), "name", None)
    if dtype is None:
        return None
    return "float" if dtype.startswith(("float", "bfloat")) else "bool" if dtype == "bool" else "int"


class Matcher:
    """Stateless helpers bound to the checker (for spans, assignability,
    literal compatibility and trait conformance)."""

    def __init__(self, checker) -> None:
        self.c = checker

    def match(self, sig: FnSig, args: list[Arg], call_span, *, explicit: tuple | None,
              explicit_nodes: tuple | None, bindings: Bindings, skip_self: bool,
              callee_name: str) -> Match:
        m = Match(sig, bindings=dict(bindings))
        params = sig.params[1:] if skip_self else sig.params
        owners = frozenset({sig.decl.decl_id})
        self._explicit(m, sig, explicit, explicit_nodes, call_span, callee_name)
        assigned = self._assign(m, params, args, call_span, callee_name)
        if not m.ok:
            return m
        fixed_by: dict[tuple[str, str], ast.AST] = {}
        for p, t in params:
            a = assigned.get(p.name)
            if a is None or a.type is None:
                continue
            t = subst(t, m.bindings)
            before = set(m.bindings)
            unify(t, a.type, m.bindings, owners)
            for k in set(m.bindings) - before:
                fixed_by[k] = a.node
        for p, t in params:                        # literals fix remaining type params
            a = assigned.get(p.name)
            if a is not None and a.type is None:
                t = subst(t, m.bindings)
                if isinstance(t, ParamRef) and t.owner in owners and key(t) not in m.bindings:
                    m.bindings[key(t)] = a.literal_default or INT
                    fixed_by[key(t)] = a.node
        self._defaults_and_unbound(m, sig, call_span, callee_name)
        if not m.ok:
            return m
        self._bounds(m, sig, fixed_by, call_span)
        for p, t in params:
            a = assigned.get(p.name)
            pt = subst(t, m.bindings)
            m.slots.append((p, pt, a))
            if a is None or a.node is None:
                continue
            self._check_arg(m, a, pt, p)
        return m

    # -- parameters <- arguments ---------------------------------------------------------------
    def _assign(self, m: Match, params, args: list[Arg], call_span, callee: str) -> dict:
        assigned: dict[str, Arg] = {}
        positional = [a for a in args if a.keyword is None]
        by_name = {p.name: (p, t) for p, t in params}
        pos_params = [(p, t) for p, t in params if p.kind in ("positional", "posonly")]
        for i, a in enumerate(positional):
            if i >= len(pos_params):
                m.fail(make.error("K0206", self.c.span(a.node),
                                  f"`{callee}` takes {len(pos_params)} argument"
                                  f"{'s' * (len(pos_params) != 1)}, {len(positional)} given",
                                  hint="remove the extra arguments"))
                return assigned
            assigned[pos_params[i][0].name] = a
        for a in args:
            if a.keyword is None:
                continue
            span = self.c.span(a.keyword_node) if a.keyword_node is not None else self.c.span(a.node)
            if a.keyword not in by_name or by_name[a.keyword][0].kind == "posonly":
                m.fail(make.error("K0207", span, f"`{callee}` has no parameter `{a.keyword}`",
                                  hint=_param_list_hint(params)))
            elif a.keyword in assigned:
                m.fail(make.error("K0207", span, f"`{a.keyword}` is given twice"))
            else:
                assigned[a.keyword] = a
        missing = [p.name for p, _ in params if p.name not in assigned and p.default is None
                   and p.kind not in ("vararg", "kwarg")]
        if missing and m.ok:
            names = ", ".join(f"`{n}`" for n in missing)
            m.fail(make.error("K0206", call_span, f"`{callee}` is missing argument{'s' * (len(missing) > 1)} {names}",
                              notes=[Note(f"missing `{n}`") for n in missing],
                              hint=f"pass {names}"))
        return assigned

    # -- compile-time parameters ------------------------------------------------------------------
    def _explicit(self, m: Match, sig: FnSig, explicit, nodes, call_span, callee: str) -> None:
        if not explicit:
            return
        if len(explicit) > len(sig.comptime):
            where = self.c.span(nodes[len(sig.comptime)]) if nodes else call_span
            m.fail(make.error("K0283", where, f"`{callee}` takes {len(sig.comptime)} compile-time "
                              f"parameter{'s' * (len(sig.comptime) != 1)}, {len(explicit)} given"))
            return
        for (p, kind), ref, value, node in zip(sig.comptime, sig.refs, explicit, nodes or [None] * len(explicit)):
            if isinstance(kind, TraitRef) and isinstance(value, Type) and not isinstance(value, UnknownType):
                m.bindings[key(ref)] = value
                if not self.c.conforms(value, kind):
                    m.fail(make.error("K0262", self.c.span(node) if node is not None else call_span,
                                      f"`{value}` does not conform to `{kind.name}`",
                                      hint=f"parameter `{p.name}` requires `{kind.name}`"))
                continue
            if not value_fits_kind(value, kind):
                m.fail(make.error("K0281", self.c.span(node) if node is not None else call_span,
                                  f"parameter `{p.name}` of `{callee}` expects "
                                  f"{_kind_text(kind)}, not {_value_text(value)}"))
                continue
            m.bindings[key(ref)] = value

    def _defaults_and_unbound(self, m: Match, sig: FnSig, call_span, callee: str) -> None:
        for (p, kind), ref in zip(sig.comptime, sig.refs):
            if key(ref) in m.bindings:
                continue
            if p.default is not None:
                m.bindings[key(ref)] = self.c.comptime_default(p.default, m.bindings, sig)
                continue
            m.fail(make.error("K0280", call_span, f"cannot infer the compile-time parameter "
                              f"`{p.name}` of `{callee}`",
                              hint=f"pass it explicitly: `{callee}[{p.name}=...]` or "
                                   f"`{callee}[...]`"))

    def _bounds(self, m: Match, sig: FnSig, fixed_by: dict, call_span) -> None:
        for (p, kind), ref in zip(sig.comptime, sig.refs):
            if not isinstance(kind, TraitRef):
                continue
            value = m.bindings.get(key(ref))
            if value is None or isinstance(value, UnknownType) or (key(ref) not in fixed_by):
                continue
            if not self.c.conforms(value, kind):
                node = fixed_by[key(ref)]
                m.fail(make.error("K0262", self.c.span(node) if node is not None else call_span,
                                  f"`{value}` does not conform to `{kind.name}`",
                                  hint=f"`{sig.decl.name}` requires its parameter `{p.name}` "
                                       f"to be `{kind.name}`"))

    # -- argument types ------------------------------------------------------------------------------
    def _check_arg(self, m: Match, a: Arg, pt: Type, p) -> None:
        if isinstance(pt, UnknownType):
            return
        if a.type is None:
            if not self.c.literal_fits(a.node, pt):
                m.fail(make.error("K0202", self.c.span(a.node),
                                  f"expected `{pt}` for `{p.name}`, found the literal "
                                  f"`{ast.unparse(a.node)}`", hint=_literal_hint(pt)))
            return
        if mentions(pt, frozenset({m.sig.decl.decl_id})):
            return
        if self.c.assignable(a.type, pt) is None:
            from .check_exprs import _conversion_hint
            m.fail(make.error("K0202", self.c.span(a.node),
                              f"expected `{pt}` for parameter `{p.name}`, found `{a.type}`",
                              hint=_conversion_hint(a.type, pt)))


def _param_list_hint(params) -> str:
    names = [p.name for p, _ in params if p.name != "self"]
    return "parameters: " + ", ".join(f"`{n}`" for n in names) if names else "it takes no parameters"


def _kind_text(kind) -> str:
    if isinstance(kind, TraitRef):
        return f"a type conforming to `{kind.name}`"
    return f"a compile-time `{kind}`"


def _value_text(value) -> str:
    if isinstance(value, Type):
        return f"the type `{value}`"
    return f"`{value}`"


LITERAL_DEFAULTS = {int: INT, float: FLOAT64}
UNKNOWN_TYPE = UNKNOWN


def _literal_hint(t) -> str:
    from .type_ops import is_integer_like
    if is_integer_like(t):
        return f"`{t}` takes whole numbers; convert explicitly: `{t}(value)`"
    return f"pass {_article(t)} value"


def _article(t) -> str:
    from .type_ops import a_type
    return a_type(t)
