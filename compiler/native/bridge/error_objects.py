"""Reading (and freeing) a native error object from Python with ctypes:
the layout of runtime/errors.py's `kiln.error` and of its sites. Imported
only when a native error reaches Python, so a run without one never loads
ctypes."""
from __future__ import annotations

import ctypes


class _Site(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char_p), ("function", ctypes.c_char_p),
                ("line", ctypes.c_int32), ("column", ctypes.c_int32),
                ("end_column", ctypes.c_int32)]


class _Error(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int32), ("message", ctypes.c_void_p),
                ("length", ctypes.c_int64), ("sites", ctypes.c_void_p),
                ("count", ctypes.c_int64), ("capacity", ctypes.c_int64)]


_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]

Frame = tuple[str, str, int, int, int]      # file, function, line, column, end column


def read_error(address: int) -> tuple[int, str, list[Frame]]:
    """(kind index, message, frames outermost first); the object is freed."""
    err = _Error.from_address(address)
    message = ctypes.string_at(err.message, err.length).decode("utf-8", "replace")
    pointers = (ctypes.c_void_p * err.count).from_address(err.sites) if err.count else []
    sites = [_Site.from_address(p) for p in pointers]
    frames = [(s.file.decode(), s.function.decode(), s.line, s.column, s.end_column)
              for s in reversed(sites)]
    kind = err.kind
    _libc.free(err.message)
    _libc.free(err.sites)
    _libc.free(address)
    return kind, message, frames
