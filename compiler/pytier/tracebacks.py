"""Tracebacks that show the user's frames only.

A Python exception escaping a `kiln run` program travels through Kiln's own
frames (the runner that executed the module, the loader that compiled an
import). Those are noise to the user, who should see what `python3` shows for
the same code: the program's `.kiln` (and library `.py`) frames. This module
cuts Kiln's frames out of the traceback chain, then drops importlib's frames
the way CPython's import machinery does (a run of `<frozen importlib...>`
frames that ends in `_call_with_frames_removed`).
"""
from __future__ import annotations

import os
from types import TracebackType
from typing import Callable, Sequence

_IMPORTLIB_FILES = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")
_REMOVE_MARKER = "_call_with_frames_removed"


class FrameFilter:
    def __init__(self, internal_dirs: Sequence[str],
                 synthesized: Callable[[TracebackType], bool] | None = None):
        self.prefixes = tuple(os.path.join(os.path.abspath(d), "") for d in internal_dirs)
        # Entries in the program's own code that Kiln wrote there (the implicit
        # `main()` call of `kiln run`): hidden like Kiln's frames.
        self.synthesized = synthesized

    def is_internal(self, filename: str) -> bool:
        # `.kiln` files shipped with Kiln (the compiled stdlib) are user-visible code.
        return filename.endswith(".py") and filename.startswith(self.prefixes)

    def clean(self, exc: BaseException) -> None:
        """Strip Kiln's frames from `exc`, its causes and contexts (in place)."""
        seen: set[int] = set()
        pending: list[BaseException | None] = [exc]
        while pending:
            current = pending.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            current.__traceback__ = self.clean_traceback(current.__traceback__)
            pending.extend((current.__cause__, current.__context__))
            pending.extend(getattr(current, "exceptions", ()))  # ExceptionGroup members

    def clean_traceback(self, tb: TracebackType | None) -> TracebackType | None:
        entries = []
        while tb is not None:
            if not self.is_internal(tb.tb_frame.f_code.co_filename) and \
                    not (self.synthesized is not None and self.synthesized(tb)):
                entries.append(tb)
            tb = tb.tb_next
        return _relink(_trim_importlib(entries))


def _trim_importlib(entries: list[TracebackType]) -> list[TracebackType]:
    kept: list[TracebackType] = []
    chunk: list[TracebackType] = []
    for tb in entries:
        code = tb.tb_frame.f_code
        if code.co_filename in _IMPORTLIB_FILES:
            chunk.append(tb)
            if code.co_name == _REMOVE_MARKER:
                chunk.clear()
            continue
        kept.extend(chunk)
        chunk.clear()
        kept.append(tb)
    kept.extend(chunk)
    return kept


def _relink(entries: list[TracebackType]) -> TracebackType | None:
    for current, following in zip(entries, entries[1:]):
        current.tb_next = following
    if entries:
        entries[-1].tb_next = None
        return entries[0]
    return None
