"""Diagnostics as the terminal shows them (rustc style, one block each).

With `relative=True` (what `kiln run` and `kiln ast` print) a file under the
current directory is named relative to it, as rustc and `kiln check` name
it; `kiln.CompileError` messages keep absolute paths (they outlive the
current directory).
"""
from __future__ import annotations

import dataclasses
import os
from typing import Mapping, Sequence

from ..diagnostics.diagnostic import Diagnostic
from ..diagnostics.render import render
from ..syntax.source import SourceFile
from .source_reading import SourceReadError, read_source


def render_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile],
                       *, relative: bool = False) -> str:
    blocks = []
    for diag in diagnostics:
        source = sources.get(diag.span.file) or _load_for_render(diag.span.file)
        if relative:
            diag, source = _relative(diag), _renamed(source)
        if source is None:
            blocks.append(f"{diag.span.file}: {diag.severity.value}[{diag.code}]: {diag.message}")
        else:
            blocks.append(render(diag, source))
    return "\n\n".join(blocks)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """"2 errors, 1 warning", the last line `kiln check` and `kiln run` print."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    parts = [f"{n} {noun}{'s' * (n != 1)}" for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts)


def display_path(path: str) -> str:
    """`path` relative to the current directory when it is under it."""
    if path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel


def _relative(diag: Diagnostic) -> Diagnostic:
    def moved(span):
        return dataclasses.replace(span, file=display_path(span.file)) if span is not None else None
    notes = tuple(dataclasses.replace(n, span=moved(n.span)) for n in diag.notes)
    return dataclasses.replace(diag, span=moved(diag.span), notes=notes)


def _renamed(source: SourceFile | None) -> SourceFile | None:
    return SourceFile(display_path(source.path), source.text) if source is not None else None


def _load_for_render(path: str) -> SourceFile | None:
    """A diagnostic may point into a file the caller did not read (the
    compiled stdlib, through the semantic model)."""
    try:
        return read_source(path).source
    except SourceReadError:
        return None
