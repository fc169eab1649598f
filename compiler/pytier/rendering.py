"""Diagnostics as the terminal shows them (rustc style, one block each)."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..diagnostics.diagnostic import Diagnostic
from ..diagnostics.render import render
from ..syntax.source import SourceFile
from .source_reading import SourceReadError, read_source


def render_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile]) -> str:
    blocks = []
    for diag in diagnostics:
        source = sources.get(diag.span.file) or _load_for_render(diag.span.file)
        if source is None:
            blocks.append(f"{diag.span.file}: {diag.severity.value}[{diag.code}]: {diag.message}")
        else:
            blocks.append(render(diag, source))
    return "\n\n".join(blocks)


def _load_for_render(path: str) -> SourceFile | None:
    """A diagnostic may point into a file the caller did not read (the
    compiled stdlib, through the semantic model)."""
    try:
        return read_source(path).source
    except SourceReadError:
        return None
