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
    (notes with spans) are shown as labelled source lines too, in line order."""
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
    for mline, mcol, mwidth, char, label in sorted(marks, key=lambda m: (m[0], m[3] != "^")):
        text = source.line_text(mline)
        if previous is not None and mline > previous + 1:
            out.append(f"{gutter} ...")
        if mline != previous:
            out.append(f"{str(mline).rjust(len(gutter))} | {text}")
        pad = "".join(c if c == "\t" else " " for c in text[: mcol - 1])
        out.append(f"{gutter} | {pad}{char * mwidth}" + (f" {label}" if label else ""))
        previous = mline
    out.extend(f"{gutter} {r}" for r in rest)
    if diag.hint:
        out.append(f"{gutter} = hint: {diag.hint}")
    return "\n".join(out)


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
