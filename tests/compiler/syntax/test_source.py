"""SourceFile's lines follow CPython (and the LSP): LF, CR LF and a lone CR
each end a line, so a diagnostic's line:col points at the right text."""
from __future__ import annotations

import pytest

from kiln.compiler.syntax.parser import parse
from kiln.compiler.syntax.source import SourceFile


@pytest.mark.parametrize("text", ["x = 1\ny = $\n", "x = 1\r\ny = $\r\n", "x = 1\ry = $\r",
                                  "x = 1\ry = $"])
def test_diagnostic_lines_with_any_line_ending(text):
    result = parse(text)
    [d] = result.diagnostics
    pos = result.source.position(d.span.start)
    assert (pos.line, pos.col) == (2, 4)
    assert result.source.line_text(2) == "y = $"
    assert result.source.slice(d.span) == "$"


def test_lines_of_mixed_endings():
    source = SourceFile("f", "a\r\rb\r\nc\nd")
    assert source.line_count == 5
    assert [source.line_text(n) for n in range(1, 6)] == ["a", "", "b", "c", "d"]
    assert [source.line_start(n) for n in range(1, 6)] == [0, 2, 3, 6, 8]
    assert source.offset(3, 1) == 4 and source.position(4).line == 3


def test_utf16_columns_after_a_lone_cr():
    source = SourceFile("f", "é\r😀x")
    assert source.utf16_col(source.offset(2, 4)) == (1, 2)
    assert source.offset_from_utf16(1, 2) == source.offset(2, 4)
