"""Which overload of a compiled `fn` a Python-tier call names.

The bridge picks among overloads by the Python types of the arguments
(docs/language.md, bridge section). Resolution can only see the call's
source, so it ranks what the source shows: the number and keywords of the
arguments and the type of literal ones. Any other argument fits every
parameter equally. When no overload is at least as good as every other on
every argument, the call keeps naming the first overload (the bridge would
raise or decide at run time).
"""
from __future__ import annotations

import ast

from .symbols import Symbol, SymbolKind

_INTS = frozenset({"Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64"})
_FLOATS = frozenset({"Float16", "Float32", "Float64"})
_ANY = 3          # a non-literal argument: the source cannot tell


def pick_overload(sym: Symbol, call: ast.Call) -> Symbol:
    decl = sym.decl
    module = getattr(decl, "module", None)
    if sym.kind is not SymbolKind.FN or module is None:
        return sym
    overloads = [f for f in module.fns if f.name == decl.name and f.owner is None
                 and f.parent_fn is None]
    if len(overloads) < 2:
        return sym
    ranked = [(f, r) for f in overloads if (r := _ranks(f, call)) is not None]
    for f, ranks in ranked:
        if all(all(a <= b for a, b in zip(ranks, other)) for _, other in ranked):
            return f.symbol
    return sym


def _ranks(fn, call: ast.Call) -> list[int] | None:
    """How well each argument fits its parameter (0 best), None if the call
    cannot match `fn` at all."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    positional = [p for p in fn.params if p.kind in ("positional", "posonly")]
    if len(call.args) > len(positional):
        return None
    by_name = {p.name: p for p in fn.params if p.kind != "posonly"}
    assigned = dict(zip((p.name for p in positional), call.args))
    for kw in call.keywords:
        if kw.arg not in by_name or kw.arg in assigned:
            return None
        assigned[kw.arg] = kw.value
    if any(p.default is None and p.name not in assigned for p in fn.params
           if p.kind not in ("vararg", "kwarg")):
        return None
    comptime = {p.name for p in fn.comptime}
    ranks = []
    for p in fn.params:
        if p.name in assigned:
            rank = _rank(assigned[p.name], p.annotation, comptime)
            if rank is None:
                return None
            ranks.append(rank)
    return ranks


def _rank(arg: ast.expr, annotation: ast.expr | None, comptime: set[str]) -> int | None:
    if not isinstance(arg, ast.Constant) or annotation is None:
        return _ANY
    want = annotation.id if isinstance(annotation, ast.Name) else None
    if want is None or want in comptime:
        return _ANY
    value = arg.value
    if isinstance(value, bool):
        return 0 if want == "Bool" else None
    if isinstance(value, int):
        return 0 if want == "Int" else 1 if want in _INTS else 2 if want in _FLOATS else None
    if isinstance(value, float):
        return 0 if want == "Float64" else 1 if want in _FLOATS else None
    if isinstance(value, str):
        return 0 if want in ("String", "StringLiteral") else None
    return _ANY
