"""Errors and runtime faults as values.

A function that may fail (it `raises`, or it may hit a runtime fault, or it
calls one that may) returns an error pointer next to its result; null means
success. The error is a heap object:

    %KilnError = { i32 kind, ptr message, i64 length, ptr sites, i64 count, i64 capacity,
                   ptr pcs, i64 pc_count, i64 fault_pc }

`kind` is one of ERROR_KINDS (0 = a raised `Error`, caught by `except`; the
others are faults, which `except` does not catch). `sites` is the chain of fn
frames the error passed through, innermost first, each a pointer to a static
site record `{ ptr file, ptr function, i32 line, i32 column, i32 end_column }`
(columns 1-based, in characters): the callee
pushes the fault site, every caller pushes its call site while propagating,
so the chain costs nothing unless an error actually happens. A fault that
jumped to a landing (runtime/fault.py) also carries the return addresses of
the frames it abandoned (`pcs`, innermost first) and the faulting pc, which
the bridge maps to `.kiln` lines through the DWARF.
"""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import opaque_global
from ..layout import I32, I64, PTR, VOID
from .base import define
from .libc import libc, stdio_stream

ERROR_KINDS = ("Error", "ZeroDivisionError", "IndexError", "AssertionError",
               "OverflowError", "MemoryError", "ValueError", "SystemExit", "RecursionError",
               "NativeFault")
(RAISED, ZERO_DIVISION, INDEX, ASSERTION, OVERFLOW, MEMORY, VALUE, SYSTEM_EXIT,
 RECURSION, NATIVE_FAULT) = range(len(ERROR_KINDS))

ERROR_TYPE = ir.LiteralStructType([I32, PTR, I64, PTR, I64, I64, PTR, I64, I64])
ERROR_BYTES = 72
PCS_FIELD, PC_COUNT_FIELD, FAULT_PC_FIELD = 6, 7, 8
SITE_TYPE = ir.LiteralStructType([PTR, PTR, I32, I32, I32])
KEPT_FRAMES = 32                 # of a deep recursion's chain, at each end (bridge/error_objects.py too)


def site(module: ir.Module, path: str, function: str, line: int, col: int,
         end_col: int | None = None) -> ir.GlobalVariable:
    """The static record of one source location in one fn (interned)."""
    cache = module.__dict__.setdefault("_kiln_sites", {})
    end_col = col if end_col is None else end_col
    key = (path, function, line, col, end_col)
    gv = cache.get(key)
    if gv is None:
        gv = opaque_global(module, SITE_TYPE, module.get_unique_name(".site"))
        gv.initializer = ir.Constant(SITE_TYPE, [
            cstring(module, path), cstring(module, function), I32(line), I32(col), I32(end_col)])
        gv.global_constant = True
        gv.linkage = "private"
        cache[key] = gv
    return gv


def emit_error_new(module: ir.Module, name: str) -> ir.Function:
    """kiln_error_new(i32 kind, ptr message, i64 length) -> ptr (copies the text)."""
    fn, b = define(module, name, PTR, [I32, PTR, I64])
    kind, text, length = fn.args
    err = b.call(libc(module, "calloc"), [I64(1), I64(ERROR_BYTES)])
    copy = b.call(libc(module, "malloc"), [b.add(length, I64(1))])
    b.call(libc(module, "memcpy"), [copy, text, length])
    b.store(ir.IntType(8)(0), b.gep(copy, [length], source_etype=ir.IntType(8)))
    b.store(kind, _field(b, err, 0))
    b.store(copy, _field(b, err, 1))
    b.store(length, _field(b, err, 2))
    b.ret(err)
    return fn


def emit_error_copy(module: ir.Module, name: str) -> ir.Function:
    """kiln_error_copy(ptr err) -> ptr: a new error with the same kind and
    message (and no frames yet: they are pushed as the copy travels)."""
    from . import Runtime
    fn, b = define(module, name, PTR, [PTR])
    err = fn.args[0]
    kind = b.load(_field(b, err, 0), typ=I32)
    text = b.load(_field(b, err, 1), typ=PTR)
    length = b.load(_field(b, err, 2), typ=I64)
    b.ret(b.call(Runtime(module).get("kiln_error_new"), [kind, text, length]))
    return fn


def emit_error_push(module: ir.Module, name: str) -> ir.Function:
    """kiln_error_push(ptr err, ptr site): append a frame to the chain."""
    fn, b = define(module, name, VOID, [PTR, PTR])
    err, where = fn.args
    count = b.load(_field(b, err, 4), typ=I64)
    cap = b.load(_field(b, err, 5), typ=I64)
    with b.if_then(b.icmp_signed(">=", count, cap)):
        new_cap = b.select(b.icmp_signed("==", cap, I64(0)), I64(8), b.mul(cap, I64(2)))
        sites = b.load(_field(b, err, 3), typ=PTR)
        grown = b.call(libc(module, "realloc"), [sites, b.mul(new_cap, I64(8))])
        b.store(grown, _field(b, err, 3))
        b.store(new_cap, _field(b, err, 5))
    sites = b.load(_field(b, err, 3), typ=PTR)
    b.store(where, b.gep(sites, [count], source_etype=PTR))
    b.store(b.add(count, I64(1)), _field(b, err, 4))
    b.ret_void()
    return fn


def emit_error_free(module: ir.Module, name: str) -> ir.Function:
    fn, b = define(module, name, VOID, [PTR])
    err = fn.args[0]
    with b.if_then(b.icmp_unsigned("!=", err, ir.Constant(PTR, None))):
        free = libc(module, "free")
        b.call(free, [b.load(_field(b, err, 1), typ=PTR)])
        b.call(free, [b.load(_field(b, err, 3), typ=PTR)])
        b.call(free, [b.load(_field(b, err, PCS_FIELD), typ=PTR)])
        b.call(free, [err])
    b.ret_void()
    return fn


def emit_error_report(module: ir.Module, name: str) -> ir.Function:
    """kiln_error_report(ptr err): the uncaught-error message of an executable,
    on stderr: the fn frames outermost first, then `Kind: message`."""
    fn, b = define(module, name, VOID, [PTR])
    err = fn.args[0]
    fprintf = libc(module, "fprintf")
    stream = b.load(stdio_stream(module, "stdout"), typ=PTR)
    b.call(libc(module, "fflush"), [stream])
    stderr = b.load(stdio_stream(module, "stderr"), typ=PTR)
    b.call(fprintf, [stderr, cstring(module, "Traceback (most recent call last, fn frames):\n")])
    count = b.load(_field(b, err, 4), typ=I64)
    sites = b.load(_field(b, err, 3), typ=PTR)
    from .base import counted_loop
    # A deep recursion's frames: the outermost and innermost KEPT_FRAMES only.
    skipped = b.sub(count, I64(2 * KEPT_FRAMES))
    with counted_loop(b, I64(0), count, "frame") as k:
        kept = b.or_(b.icmp_signed("<", k, I64(KEPT_FRAMES)),
                     b.icmp_signed(">=", k, b.sub(count, I64(KEPT_FRAMES))))
        with b.if_else(kept) as (show, hide):
            with show:
                index = b.sub(b.sub(count, I64(1)), k)
                where = b.load(b.gep(sites, [index], source_etype=PTR), typ=PTR)
                parts = [b.load(b.gep(where, [I32(0), I32(i)], source_etype=SITE_TYPE), typ=t)
                         for i, t in ((0, PTR), (2, I32), (3, I32), (1, PTR))]
                b.call(fprintf, [stderr, cstring(module, "  %s:%d:%d in %s\n"), *parts])
            with hide:
                with b.if_then(b.icmp_signed("==", k, I64(KEPT_FRAMES))):
                    b.call(fprintf, [stderr, cstring(module, "  ... %lld more fn frames ...\n"), skipped])
    kind = b.load(_field(b, err, 0), typ=I32)
    names = _kind_names(module)
    kind_name = b.load(b.gep(names, [I32(0), kind], source_etype=names.value_type), typ=PTR)
    message = b.load(_field(b, err, 1), typ=PTR)
    empty = b.icmp_signed("==", b.load(_field(b, err, 2), typ=I64), I64(0))
    with b.if_else(empty) as (bare, with_message):
        with bare:
            b.call(fprintf, [stderr, cstring(module, "%s\n"), kind_name])
        with with_message:
            b.call(fprintf, [stderr, cstring(module, "%s: %s\n"), kind_name, message])
    b.ret_void()
    return fn


def emit_error_exit(module: ir.Module, name: str) -> ir.Function:
    """kiln_error_exit(ptr err): end an executable on an uncaught error:
    `sys.exit(n)` exits with n, anything else reports and exits with 1."""
    from . import Runtime
    fn, b = define(module, name, VOID, [PTR])
    err = fn.args[0]
    kind = b.load(_field(b, err, 0), typ=I32)
    stream = b.load(stdio_stream(module, "stdout"), typ=PTR)
    with b.if_then(b.icmp_signed("==", kind, I32(SYSTEM_EXIT))):
        b.call(libc(module, "fflush"), [stream])
        code = b.call(libc(module, "strtol"), [b.load(_field(b, err, 1), typ=PTR), ir.Constant(PTR, None), I32(10)])
        b.call(libc(module, "exit"), [b.trunc(code, I32)])
        b.unreachable()
    b.call(Runtime(module).get("kiln_error_report"), [err])
    b.call(libc(module, "exit"), [I32(1)])
    b.unreachable()
    return fn


def _kind_names(module: ir.Module) -> ir.GlobalVariable:
    gv = module.globals.get(".kiln.error_kinds")
    if gv is None:
        arr = ir.ArrayType(PTR, len(ERROR_KINDS))
        gv = opaque_global(module, arr, ".kiln.error_kinds")
        gv.initializer = ir.Constant(arr, [cstring(module, k) for k in ERROR_KINDS])
        gv.global_constant = True
        gv.linkage = "private"
    return gv


def _field(b: ir.IRBuilder, err: ir.Value, index: int) -> ir.Value:
    return b.gep(err, [I32(0), I32(index)], source_etype=ERROR_TYPE)
