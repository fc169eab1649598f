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


def render(diag: Diagnostic, source: SourceFile) -> str:
    line, col = _display_col(source, diag.span.start)
    end_line, end_col = _display_col(source, diag.span.end)
    head = f"{source.path}:{line}:{col}: {diag.severity.value}[{diag.code}]: {diag.message}"
    text = source.line_text(line)
    gutter = " " * len(str(line))
    width = max(1, (end_col - col) if end_line == line else len(text) - col + 1)
    caret_pad = "".join(c if c == "\t" else " " for c in text[: col - 1])
    out = [head, f"{gutter} |", f"{line} | {text}", f"{gutter} | {caret_pad}{'^' * width}"]
    for note in diag.notes:
        if note.span is not None and note.span.file == source.path:
            nline, ncol = _display_col(source, note.span.start)
            out.append(f"{gutter} = note: {source.path}:{nline}:{ncol}: {note.message}")
        elif note.span is not None:
            out.append(f"{gutter} = note: {note.span.file}: {note.message}")
        else:
            out.append(f"{gutter} = note: {note.message}")
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
