"""Selection ranges ("expand selection") from the syntax tree: for an offset,
the chain of ever larger syntax nodes around it, innermost first, ending
with the whole file."""
from __future__ import annotations

import ast

from kiln.compiler.syntax.source import SourceFile, Span


def enclosing_spans(module: ast.Module, source: SourceFile, offset: int) -> list[Span]:
    """Spans of the nodes containing `offset`, innermost first, each strictly
    larger than the one before."""
    found: list[Span] = []
    _descend(module, source, offset, found)
    found.sort(key=lambda s: (s.end - s.start, -s.start))
    chain: list[Span] = []
    for span in found:
        if chain and (span.start > chain[-1].start or span.end < chain[-1].end):
            continue  # not an ancestor of what we have (sibling overlap)
        if chain and (span.start, span.end) == (chain[-1].start, chain[-1].end):
            continue
        chain.append(span)
    whole = Span(source.path, 0, len(source.data))
    if not chain or (chain[-1].start, chain[-1].end) != (0, whole.end):
        chain.append(whole)
    return chain


def _descend(node: ast.AST, source: SourceFile, offset: int, out: list[Span]) -> None:
    """Walk only into children that contain the offset (or have no position
    of their own, like `arguments`), so a big file costs one path, not all."""
    for child in ast.iter_child_nodes(node):
        if getattr(child, "lineno", None) is None or getattr(child, "end_lineno", None) is None:
            _descend(child, source, offset, out)
            continue
        span = _span(child, source)
        if span.start <= offset <= span.end:
            out.append(span)
            _descend(child, source, offset, out)


def _span(node: ast.AST, source: SourceFile) -> Span:
    span = source.span_of(node)
    decorators = getattr(node, "decorator_list", None)
    if decorators and getattr(decorators[0], "lineno", None) is not None:
        # CPython starts a decorated def at `def`; the selection should grow
        # to take in its decorators (and their `@`) too.
        first = source.span_of(decorators[0])
        at = source.data.rfind(b"@", 0, first.start + 1)
        span = Span(span.file, min(span.start, at if at >= 0 else first.start), span.end)
    return span
