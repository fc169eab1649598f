"""Python traceback entries for native fn frames.

A traceback entry needs a real frame whose code object has the `.kiln` file
name, the fn's name and the line. For each native frame we compile a tiny
code object that places a call expression exactly over the faulting source
range (so 3.11's carets land under the right expression), run it so it
raises, and keep its traceback entry; the entries are then chained
outermost first. Runs on error paths only.
"""
from __future__ import annotations

import types

Frame = tuple[str, str, int, int, int]   # (file, fn name, line, column, end column), 1-based


class _Marker(Exception):
    pass


def _raise_marker() -> None:
    raise _Marker


def _source_for(line: int, column: int, end_column: int) -> str:
    """Python text whose only call spans columns [column, end_column) of `line`."""
    start = max(column - 1, 1)
    width = max(end_column - column, 4)
    call = "_k(" + " " * (width - 4) + ")"
    if line < 2:
        return call + "\n"
    # `if 1:` on the line above lets the call start at any column.
    return "\n" * (line - 2) + "if 1:\n" + " " * start + call + "\n"


def _entry(path: str, function: str, line: int, column: int,
           end_column: int) -> types.TracebackType | None:
    code = compile(_source_for(line, column, end_column), path, "exec").replace(co_name=function)
    try:
        exec(code, {"_k": _raise_marker, "__name__": "__kiln_native__"})
    except _Marker as exc:
        tb = exc.__traceback__
        return tb.tb_next if tb is not None else None
    return None


def native_frames_traceback(frames: list[Frame]) -> types.TracebackType | None:
    """The chained traceback entries for `frames` (outermost first)."""
    entries = [e for e in (_entry(*f) for f in frames) if e is not None]
    for outer, inner in zip(entries, entries[1:]):
        outer.tb_next = inner
    if entries:
        entries[-1].tb_next = None
    return entries[0] if entries else None
