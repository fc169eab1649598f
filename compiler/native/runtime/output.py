"""Program output. `print` in compiled code writes through C stdio to the
process's stdout. Inside `kiln run` the Python tier writes to the same file
descriptor through its own buffer, so compiled code flushes after every
`print` there (and the bridge flushes Python's buffer before calling an fn
that prints): output of both tiers interleaves in program order. A standalone
executable keeps stdio's buffering and flushes at exit.

When Python's `sys.stdout` is not the process's stdout (redirect_stdout,
pytest's capsys, a StringIO), the bridge points the module's capture stream
at a memory stream for the call (bridge/output_capture.py) and hands what
was written to `sys.stdout.write` afterwards; `parallelize` workers write to
the same stream (stdio locks it)."""
from __future__ import annotations

from llvmlite import ir

from ..irbuilder import opaque_global
from ..layout import I64, PTR, VOID
from .base import define
from .libc import libc, stdio_stream

CAPTURE = "kiln.output.capture"


def capture_slot(module: ir.Module) -> ir.GlobalVariable:
    """The module's `FILE *` that replaces stdout while a bridged call's
    output goes to Python's sys.stdout (null otherwise)."""
    gv = module.globals.get(CAPTURE)
    if gv is None:
        gv = opaque_global(module, PTR, CAPTURE)
        gv.linkage = "internal"
        gv.initializer = ir.Constant(PTR, None)
    return gv


def emit_write(module: ir.Module, name: str) -> ir.Function:
    """kiln_write(ptr bytes, i64 length)"""
    fn, b = define(module, name, VOID, [PTR, I64])
    capture = b.load(capture_slot(module), typ=PTR)
    stdout = b.load(stdio_stream(module, "stdout"), typ=PTR)
    stream = b.select(b.icmp_unsigned("==", capture, ir.Constant(PTR, None)), stdout, capture)
    b.call(libc(module, "fwrite"), [fn.args[0], I64(1), fn.args[1], stream])
    b.ret_void()
    return fn


def emit_flush(module: ir.Module, name: str) -> ir.Function:
    """kiln_flush(): stdout's buffer to the fd (a capture is read when it closes)."""
    fn, b = define(module, name, VOID, [])
    with b.if_then(b.icmp_unsigned("==", b.load(capture_slot(module), typ=PTR), ir.Constant(PTR, None))):
        stream = b.load(stdio_stream(module, "stdout"), typ=PTR)
        b.call(libc(module, "fflush"), [stream])
    b.ret_void()
    return fn
