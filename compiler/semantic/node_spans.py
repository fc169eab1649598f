"""Fast node -> Span conversion for the analysis' hot paths (every name and
expression gets one): a line-start table built once per file, no clamping
(the parser's positions are in range)."""
from __future__ import annotations

import ast

from ..syntax.source import SourceFile, Span


class NodeSpans:
    __slots__ = ("path", "starts", "source")

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.path = source.path
        data = source.data
        if b"\r" not in data:
            self.starts = source._line_starts    # the same table, built once per text
            return
        starts = [0]
        i = data.find(b"\n")
        while i != -1:
            starts.append(i + 1)
            i = data.find(b"\n", i + 1)
        self.starts = starts

    def __call__(self, node: ast.AST) -> Span:
        starts = self.starts
        try:
            start = starts[node.lineno - 1] + node.col_offset
            end_line = node.end_lineno
            end_col = node.end_col_offset
            end = starts[end_line - 1] + end_col if end_line is not None and end_col is not None else start
        except (IndexError, TypeError, AttributeError):
            return self.source.span_of(node)
        return Span(self.path, start, end)
