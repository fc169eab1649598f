"""The call stack of a thread stopped in compiled code, as DAP frames: its
fn frames (from gdb), then the Python frames that called them (read by gdb
from CPython's frames), minus Kiln's own runner and the standard library,
as debugpy's "just my code" would show them."""
from __future__ import annotations

import os
import sysconfig
from functools import lru_cache

from .handles import BridgedPythonFrame, NativeFrame


@lru_cache(maxsize=1)
def _library_dirs() -> tuple[str, ...]:
    from ..python_tier.pydevd_link import kiln_source_dirs
    paths = sysconfig.get_paths()
    dirs = {paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    dirs.update(kiln_source_dirs())
    return tuple(sorted(os.path.join(os.path.realpath(d), "") for d in dirs if d))


def is_user_file(path: str) -> bool:
    if not path or path.startswith("<"):
        return False
    real = os.path.realpath(path)
    return not any(real.startswith(d) for d in _library_dirs())


def _source(path: str) -> dict:
    return {"name": os.path.basename(path), "path": path}


def native_stack_frames(session, thread) -> list[dict]:
    stop = thread.native
    frames = []
    for f in stop.frames:
        if f["kind"] == "fn":
            handle = session.handles.add(NativeFrame(thread.id, stop.gdb_thread, int(f["level"])))
            frames.append({"id": handle, "name": f["func"], "line": int(f["line"]), "column": 1,
                           "source": _source(f["file"]), "instructionPointerReference": f["addr"]})
        elif is_user_file(f["file"]):
            handle = session.handles.add(BridgedPythonFrame(thread.id, stop.gdb_thread, int(f["level"]),
                                                            int(f["index"])))
            frames.append({"id": handle, "name": f["func"], "line": int(f["line"]), "column": 1,
                           "source": _source(f["file"])})
    if stop.python_error and not any(f["kind"] == "py" for f in stop.frames):
        frames.append({"id": 0, "name": f"[Python frames not shown: {stop.python_error}]", "line": 0,
                       "column": 0, "presentationHint": "label"})
    return frames
