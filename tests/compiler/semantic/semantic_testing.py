"""Shared helpers of the semantic tests: a workspace from inline texts, and
positions written into the text with a `$0` marker."""
from __future__ import annotations

import textwrap

from kiln.compiler.semantic import MemoryLoader, Workspace
from kiln.compiler.syntax.source import SourceFile

MARK = "$0"


def _clean(text: str) -> str:
    """Dedents an indented triple-quoted text; leaves column-0 text as is (a
    dedent would also blank the whitespace of a line holding only a cursor)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first[:1] in (" ", "\t"):
        text = textwrap.dedent(text)
    return text.lstrip("\n")


def workspace(files: dict[str, str]) -> Workspace:
    texts = {p: _clean(t) for p, t in files.items()}
    ws = Workspace(MemoryLoader(texts))
    for path, text in texts.items():
        ws.set_file(path, text)
    return ws


def marked(text: str) -> tuple[str, int]:
    """Removes the `$0` marker; returns the text and the marker's byte offset."""
    text = textwrap.dedent(text).lstrip("\n")
    index = text.index(MARK)
    clean = text[:index] + text[index + len(MARK):]
    return clean, len(text[:index].encode("utf-8"))


def line_col(ws: Workspace, path: str, offset: int) -> tuple[int, int]:
    src: SourceFile = ws.source(path)
    pos = src.position(offset)
    return pos.line, pos.col + 1


def codes(ws: Workspace, path: str) -> list[tuple[int, int, str]]:
    out = []
    for d in ws.diagnostics(path):
        line, col = line_col(ws, d.span.file, d.span.start)
        out.append((line, col, d.code))
    return out
