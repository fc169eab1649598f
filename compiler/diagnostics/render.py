"""Render diagnostics for a terminal, rustc style:

    demo.kiln:3:12: error[K0201]: cannot assign `String` to `x` of type `Int`
      |
    3 |     x = "hello"
      |         ^^^^^^^ expected `Int`
      = hint: ...
"""
from __future__ import annotations

import json
from typing import Iterable

from ..syntax.source import SourceFile
from .diagnostic import Diagnostic


def _display_col(source: SourceFile, offset: int) -> tuple[int, int]:
    """(1-based line, 1-based column in characters) of a byte offset."""
    pos = source.position(offset)
    line_start = source.line_start(pos.line)
    prefix = source.data[line_start:line_start + pos.col].decode("utf-8", "replace")
    return pos.line, len(prefix) + 1


def _marker(source: SourceFile, start: int, end: int) -> tuple[int, int, int]:
    """(line, 1-based column, width in characters) of a span's first line."""
    line, col = _display_col(source, start)
    end_line, end_col = _display_col(source, end)
    text = source.line_text(line)
    width = max(1, (end_col - col) if end_line == line else len(text) - col + 1)
    return line, col, width


def render(diag: Diagnostic, source: SourceFile) -> str:
    """The diagnostic with its source line; related places in the same file
    (notes with spans) are shown as labelled source lines too, in line order.
    A source line longer than MAX_SHOWN characters is cut around the span."""
    line, col, width = _marker(source, diag.span.start, diag.span.end)
    head = f"{source.path}:{line}:{col}: {diag.severity.value}[{diag.code}]: {diag.message}"
    marks = [(line, col, width, "^", "")]
    rest = []
    for note in diag.notes:
        if note.span is not None and note.span.file == source.path:
            nline, ncol, nwidth = _marker(source, note.span.start, note.span.end)
            marks.append((nline, ncol, nwidth, "-", note.message))
        elif note.span is not None:
            rest.append(f"= note: {note.span.file}: {note.message}")
        else:
            rest.append(f"= note: {note.message}")
    gutter = " " * max(len(str(m[0])) for m in marks)
    out = [head, f"{gutter} |"]
    previous = None
    window = _Window.whole("")
    for mline, mcol, mwidth, char, label in sorted(marks, key=lambda m: (m[0], m[3] != "^")):
        if previous is not None and mline > previous + 1:
            out.append(f"{gutter} ...")
        if mline != previous:
            # The first mark of a line (the primary one, if it is there) decides what is shown.
            window = _Window.around(source.line_text(mline), mcol, mwidth)
            out.append(f"{str(mline).rjust(len(gutter))} | {window.text}")
        scol, swidth = window.place(mcol, mwidth)
        pad = "".join(c if c == "\t" else " " for c in window.text[: scol - 1])
        out.append(f"{gutter} | {pad}{char * swidth}" + (f" {label}" if label else ""))
        previous = mline
    out.extend(f"{gutter} {r}" for r in rest)
    if diag.hint:
        out.append(f"{gutter} = hint: {diag.hint}")
    return "\n".join(out)


MAX_SHOWN = 120         # characters of a source line shown under a diagnostic
_LEFT_CONTEXT = 40      # characters kept before the span when a line is cut
_CUT = "..."


class _Window:
    """The part of a long source line that is shown: `text` (with "..." where
    it was cut) covers the line's characters [start, end)."""

    def __init__(self, text: str, start: int, end: int, prefix: int):
        self.text, self.start, self.end, self.prefix = text, start, end, prefix

    @classmethod
    def whole(cls, line: str) -> "_Window":
        return cls(line, 0, len(line), 0)

    @classmethod
    def around(cls, line: str, col: int, width: int) -> "_Window":
        if len(line) <= MAX_SHOWN:
            return cls.whole(line)
        start = max(0, col - 1 - _LEFT_CONTEXT)
        end = min(len(line), start + MAX_SHOWN)
        start = max(0, end - MAX_SHOWN)
        head = _CUT if start > 0 else ""
        tail = _CUT if end < len(line) else ""
        return cls(head + line[start:end] + tail, start, end, len(head))

    def place(self, col: int, width: int) -> tuple[int, int]:
        """A mark's (1-based column, width) in `text`, clipped to what is shown."""
        first = min(max(col - 1, self.start), self.end)
        last = min(max(col - 1 + width, self.start), self.end)
        return first - self.start + self.prefix + 1, max(1, last - first)


def to_json(diags: Iterable[Diagnostic], sources: dict[str, SourceFile]) -> str:
    items = []
    for d in diags:
        src = sources[d.span.file]
        line, col = _display_col(src, d.span.start)
        end_line, end_col = _display_col(src, d.span.end)
        items.append({
            "file": d.span.file, "code": d.code, "severity": d.severity.value,
            "message": d.message, "line": line, "column": col,
            "end_line": end_line, "end_column": end_col,
            "start_offset": d.span.start, "end_offset": d.span.end,
            "hint": d.hint,
            "notes": [{"message": n.message,
                       "file": n.span.file if n.span else None} for n in d.notes],
        })
    return json.dumps(items, indent=2)
