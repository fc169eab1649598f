"""Outline-style queries: document symbols (hierarchical), workspace symbols,
and semantic tokens (a classification of every resolved name)."""
from __future__ import annotations

import ast

from ..syntax import nodes as K
from ..syntax.source import Span
from .prelude import BUILTIN_PATH, KILN_TRAITS, KILN_TYPES
from .query_types import DocumentSymbol, SemanticToken
from .symbols import COMPILED, PYTHON, Symbol, SymbolKind

_OUTLINE_KINDS = frozenset({
    SymbolKind.FN, SymbolKind.DEF_FUNCTION, SymbolKind.STRUCT, SymbolKind.TRAIT,
    SymbolKind.ALIAS, SymbolKind.FIELD, SymbolKind.METHOD, SymbolKind.CLASS,
    SymbolKind.PY_VARIABLE,
})
_SCOPE_KINDS = frozenset({SymbolKind.FN, SymbolKind.DEF_FUNCTION, SymbolKind.METHOD})


def document_symbols(ws, path: str) -> list[DocumentSymbol]:
    analysis = ws.analysis(path)
    if analysis is None:
        return []
    nodes: dict[int, DocumentSymbol] = {}
    roots: list[DocumentSymbol] = []
    for sym in analysis.table.symbols:
        if sym.kind not in _OUTLINE_KINDS or sym.span is None or sym.path != path:
            continue
        parent = sym.container
        if sym.kind is SymbolKind.PY_VARIABLE and parent is not None and parent.kind in _SCOPE_KINDS:
            continue                        # locals of a def are not outline entries
        node = DocumentSymbol(sym)
        nodes[id(sym)] = node
        target = nodes.get(id(parent)) if parent is not None else None
        (target.children if target is not None else roots).append(node)
    _sort(roots)
    return roots


def _sort(items: list[DocumentSymbol]) -> None:
    items.sort(key=lambda d: d.symbol.span.start)
    for d in items:
        _sort(d.children)


def workspace_symbols(ws, query: str) -> list[Symbol]:
    q = query.lower()
    found: list[tuple[tuple, Symbol]] = []
    for path in ws.indexed_paths():
        analysis = ws.analysis(path)
        if analysis is None:
            continue
        for sym in analysis.table.symbols:
            if sym.kind not in _OUTLINE_KINDS or sym.span is None:
                continue
            if sym.kind is SymbolKind.PY_VARIABLE and sym.container is not None:
                continue
            score = _match(q, sym.name.lower())
            if score is not None:
                found.append(((score, len(sym.name), sym.name, sym.path), sym))
    found.sort(key=lambda item: item[0])
    return [s for _, s in found]


def _match(query: str, name: str) -> int | None:
    """0 exact, 1 prefix, 2 substring, 3 subsequence; None: no match."""
    if not query:
        return 3
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if query in name:
        return 2
    it = iter(name)
    return 3 if all(c in it for c in query) else None


# -- semantic tokens ------------------------------------------------------------------------

_BUILTIN_FUNCTION_KIND = {COMPILED: SymbolKind.FN, PYTHON: SymbolKind.DEF_FUNCTION}


def semantic_tokens(ws, path: str) -> list[SemanticToken]:
    analysis = ws.analysis(path)
    if analysis is None:
        return []
    decorators = _decorator_spans(analysis)
    out: dict[tuple[int, int], SemanticToken] = {}
    classes: dict[tuple[int, bool, bool], tuple[SymbolKind, frozenset[str]]] = {}
    for ref in analysis.table.sorted_references():
        span = ref.span
        if span.file != path or span.end <= span.start:
            continue
        sym = ref.symbol.resolved()
        where = (span.start, span.end)
        key = (id(sym), ref.is_definition, where in decorators)
        found = classes.get(key)
        if found is None:
            kind, mods = classify(sym)
            if ref.is_definition:
                mods.add("declaration")
            if key[2]:
                mods.add("decorator")
            found = classes[key] = (kind, frozenset(mods))
        out[where] = SemanticToken(span, found[0], found[1])
    for (start, end), name in decorators.items():
        if (start, end) in out:
            continue
        sym = analysis.context.lookup(name)
        if isinstance(sym, Symbol):
            kind, mods = classify(sym.resolved())
            mods.add("decorator")
            out[(start, end)] = SemanticToken(Span(path, start, end), kind, frozenset(mods))
    return sorted(out.values(), key=lambda t: t.span.start)


def classify(sym: Symbol) -> tuple[SymbolKind, set[str]]:
    mods: set[str] = set()
    kind = sym.kind
    if sym.path == BUILTIN_PATH or sym.path.startswith("<stdlib>"):
        mods.add("builtin")
        if sym.name in KILN_TYPES:
            kind = SymbolKind.STRUCT
        elif sym.name in KILN_TRAITS:
            kind = SymbolKind.TRAIT
        elif kind is SymbolKind.BUILTIN:
            if sym.name[:1].isupper() and sym.tier == PYTHON:
                kind = SymbolKind.CLASS
            else:
                kind = _BUILTIN_FUNCTION_KIND[sym.tier]
    if kind in (SymbolKind.LOCAL_LET, SymbolKind.ALIAS, SymbolKind.COMPTIME_PARAMETER):
        mods.add("readonly")
    if kind in (SymbolKind.ALIAS, SymbolKind.COMPTIME_PARAMETER):
        mods.add("comptime")
    mods.add("python" if sym.tier == PYTHON else "compiled")
    return kind, mods


def _decorator_spans(analysis) -> dict[tuple[int, int], str]:
    """Decorator names, found by walking statements only (decorators sit on
    statements; walking every expression node would cost more than the rest)."""
    out: dict[tuple[int, int], str] = {}
    source = analysis.source
    stack = list(analysis.parse.module.body)
    while stack:
        node = stack.pop()
        decos = getattr(node, "decorator_list", None)
        if isinstance(node, K.CompileTime):
            decos = [node.decorator] if node.decorator is not None else None
            inner = node.body if isinstance(node.body, list) else [node.body]
            stack.extend(s for s in inner if isinstance(s, ast.stmt))
        for d in decos or ():
            target = d.func if isinstance(d, ast.Call) else d
            if isinstance(target, ast.Name) and getattr(target, "lineno", None):
                span = source.span_of(target)
                out[(span.start, span.end)] = target.id
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if isinstance(block, list):
                stack.extend(s for s in block if isinstance(s, ast.stmt))
        for h in getattr(node, "handlers", ()) or ():
            stack.extend(h.body)
        for case in getattr(node, "cases", ()) or ():
            stack.extend(case.body)
    return out
