"""A source file's text and the conversions between the position systems the
toolchain speaks: UTF-8 byte offsets (spans, CPython's `col_offset`), code-point
offsets (Python `str` indexing, lark) and UTF-16 columns (the LSP default)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of UTF-8 byte offsets in one file."""

    file: str
    start: int
    end: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset <= self.end

    def cover(self, other: "Span") -> "Span":
        return Span(self.file, min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line, 0-based column counted in UTF-8 bytes (like CPython's ast)."""

    line: int
    col: int


@dataclass(eq=False)
class SourceFile:
    path: str
    text: str
    _data: bytes = field(init=False, repr=False)
    _line_starts: list[int] = field(init=False, repr=False)
    _ascii: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._data = self.text.encode("utf-8", "surrogatepass")
        self._ascii = len(self._data) == len(self.text)
        starts = [0]
        data = self._data
        if b"\r" in data:  # CR LF and a lone CR end lines too, as for CPython and LSP
            starts.extend(m.end() for m in _LINE_BREAK.finditer(data))
        else:
            i = data.find(b"\n")
            while i != -1:
                starts.append(i + 1)
                i = data.find(b"\n", i + 1)
        self._line_starts = starts

    # -- byte offsets <-> lines ------------------------------------------------
    @property
    def data(self) -> bytes:
        return self._data

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    def line_start(self, line: int) -> int:
        """Byte offset where 1-based `line` starts."""
        line = max(1, min(line, len(self._line_starts)))
        return self._line_starts[line - 1]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self._data)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return Position(index + 1, offset - self._line_starts[index])

    def offset(self, line: int, col: int) -> int:
        return min(self.line_start(line) + col, len(self._data))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its line break."""
        line = max(1, min(line, len(self._line_starts)))
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self._data)
        return self._data[start:end].decode("utf-8", "replace").rstrip("\r\n")

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, end)

    def span_of(self, node) -> Span:
        """Span of an ast node (anything with lineno/col_offset/end_*)."""
        start = self.offset(node.lineno, node.col_offset)
        end_line = getattr(node, "end_lineno", None) or node.lineno
        end_col = getattr(node, "end_col_offset", None)
        end = self.offset(end_line, end_col) if end_col is not None else start
        return Span(self.path, start, end)

    def slice(self, span: Span) -> str:
        return self._data[span.start:span.end].decode("utf-8", "replace")

    # -- code points <-> bytes -------------------------------------------------
    def char_to_byte(self, char_offset: int) -> int:
        if self._ascii:
            return char_offset
        return len(self.text[:char_offset].encode("utf-8", "surrogatepass"))

    def byte_to_char(self, offset: int) -> int:
        if self._ascii:
            return offset
        return len(self._data[:offset].decode("utf-8", "replace"))

    # -- UTF-16 columns (LSP) --------------------------------------------------
    def utf16_col(self, offset: int) -> tuple[int, int]:
        """(0-based line, UTF-16 column) of a byte offset."""
        pos = self.position(offset)
        if self._ascii:
            return pos.line - 1, pos.col
        start = self._line_starts[pos.line - 1]
        prefix = self._data[start:start + pos.col].decode("utf-8", "replace")
        return pos.line - 1, len(prefix.encode("utf-16-le")) // 2

    def offset_from_utf16(self, line0: int, col16: int) -> int:
        """Byte offset of an LSP position (0-based line, UTF-16 column)."""
        if line0 >= len(self._line_starts):
            return len(self._data)
        line_text = self.line_text(line0 + 1)
        start = self._line_starts[line0]
        if self._ascii:
            return start + min(col16, len(line_text))
        units = line_text.encode("utf-16-le")[: 2 * col16].decode("utf-16-le", "replace")
        return start + len(units.encode("utf-8", "surrogatepass"))
