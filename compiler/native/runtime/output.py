"""Program output. `print` in compiled code writes through C stdio to the
process's stdout. Inside `kiln run` the Python tier writes to the same file
descriptor through its own buffer, so compiled code flushes after every
`print` there (and the bridge flushes Python's buffer before calling an fn
that prints): output of both tiers interleaves in program order. A standalone
executable keeps stdio's buffering and flushes at exit."""
from __future__ import annotations

from llvmlite import ir

from ..layout import I64, PTR, VOID
from .base import define
from .libc import libc, stdio_stream


def emit_write(module: ir.Module, name: str) -> ir.Function:
    """kiln_write(ptr bytes, i64 length)"""
    fn, b = define(module, name, VOID, [PTR, I64])
    stream = b.load(stdio_stream(module, "stdout"), typ=PTR)
    b.call(libc(module, "fwrite"), [fn.args[0], I64(1), fn.args[1], stream])
    b.ret_void()
    return fn


def emit_flush(module: ir.Module, name: str) -> ir.Function:
    fn, b = define(module, name, VOID, [])
    stream = b.load(stdio_stream(module, "stdout"), typ=PTR)
    b.call(libc(module, "fflush"), [stream])
    b.ret_void()
    return fn
