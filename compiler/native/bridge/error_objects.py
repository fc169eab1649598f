"""Reading (and freeing) a native error object from Python with ctypes:
the layout of runtime/errors.py's `kiln.error` and of its sites. Imported
only when a native error reaches Python, so a run without one never loads
ctypes."""
from __future__ import annotations

import ctypes
from dataclasses import dataclass


class _Site(ctypes.Structure):
    _fields_ = [("file", ctypes.c_char_p), ("function", ctypes.c_char_p),
                ("line", ctypes.c_int32), ("column", ctypes.c_int32),
                ("end_column", ctypes.c_int32)]


class _Error(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_int32), ("message", ctypes.c_void_p),
                ("length", ctypes.c_int64), ("sites", ctypes.c_void_p),
                ("count", ctypes.c_int64), ("capacity", ctypes.c_int64),
                ("pcs", ctypes.c_void_p), ("pc_count", ctypes.c_int64), ("fault_pc", ctypes.c_uint64)]


_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]

Frame = tuple[str, str, int, int, int]      # file, function, line, column, end column

# A RecursionError unwinds through hundreds of thousands of fn frames; the
# traceback keeps the outermost and innermost ones (as a Python RecursionError
# shows ~1000 frames, not all of a deep native stack).
KEPT_FRAMES = 32


@dataclass
class NativeErrorRecord:
    kind: int
    message: str
    frames: list[Frame]          # the fn frames it was returned through, outermost first
    omitted: int                 # frames left out of the middle of `frames`
    pcs: list[int]               # a fault's abandoned frames (return addresses), innermost first
    fault_pc: int


def read_error(address: int) -> NativeErrorRecord:
    """The error object's contents; the object is freed."""
    err = _Error.from_address(address)
    message = ctypes.string_at(err.message, err.length).decode("utf-8", "replace")
    count = err.count
    pointers = (ctypes.c_void_p * count).from_address(err.sites) if count else []
    if count > 2 * KEPT_FRAMES:       # sites are innermost first
        chosen = list(range(count - 1, count - 1 - KEPT_FRAMES, -1)) + list(range(KEPT_FRAMES - 1, -1, -1))
    else:
        chosen = list(range(count - 1, -1, -1))
    sites = [_Site.from_address(pointers[i]) for i in chosen]
    frames = [(s.file.decode(), s.function.decode(), s.line, s.column, s.end_column) for s in sites]
    pcs = list((ctypes.c_uint64 * err.pc_count).from_address(err.pcs)) if err.pc_count and err.pcs else []
    record = NativeErrorRecord(err.kind, message, frames, count - len(chosen), pcs, err.fault_pc)
    _libc.free(err.message)
    _libc.free(err.sites)
    _libc.free(err.pcs)
    _libc.free(address)
    return record
