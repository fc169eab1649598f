"""Positions as the client counts them.

LSP positions are (0-based line, column) where the column unit is negotiated at
`initialize`: UTF-16 code units by default, UTF-8 bytes or code points when the
client offers them. The compiler counts UTF-8 byte offsets (`Span`). This
module holds the one translation between the two, parameterised by the unit.
"""
from __future__ import annotations

import enum

from kiln.compiler.syntax.source import SourceFile


class ColumnUnit(enum.Enum):
    UTF8 = "utf-8"
    UTF16 = "utf-16"
    UTF32 = "utf-32"

    @classmethod
    def from_encoding(cls, encoding: str | None) -> "ColumnUnit":
        for unit in cls:
            if unit.value == encoding:
                return unit
        return cls.UTF16


def offset_at(source: SourceFile, line: int, column: int, unit: ColumnUnit) -> int:
    """Byte offset of an LSP position. Columns past the end of a line clamp to
    the line's end and lines past the end clamp to the end of the text, as the
    protocol asks servers to do."""
    if line < 0:
        return 0
    if line >= source.line_count:
        return len(source.data)
    column = max(0, column)
    if unit is ColumnUnit.UTF16:
        return source.offset_from_utf16(line, column)
    start = source.line_start(line + 1)
    text = source.line_text(line + 1)
    if unit is ColumnUnit.UTF8:
        return start + min(column, len(text.encode("utf-8", "surrogatepass")))
    return start + len(text[:column].encode("utf-8", "surrogatepass"))


def line_column(source: SourceFile, offset: int, unit: ColumnUnit) -> tuple[int, int]:
    """(0-based line, column in `unit`) of a byte offset."""
    if unit is ColumnUnit.UTF16:
        return source.utf16_col(offset)
    pos = source.position(offset)
    if unit is ColumnUnit.UTF8:
        return pos.line - 1, pos.col
    start = source.line_start(pos.line)
    prefix = source.data[start:start + pos.col].decode("utf-8", "replace")
    return pos.line - 1, len(prefix)
