"""Output of a bridged call that prints goes where Python's `sys.stdout`
points (language.md: output of both tiers interleaves in program order).

    if sys.stdout is sys.__stdout__: sys.stdout.flush()      (C API, no Python frame)
    else: capture = open_memstream(&data, &size)             (runtime/output.py)
    ... the call (parallelize workers write to the same stream) ...
    if captured: fclose(capture); capture = NULL; pyside.end_output(data bytes); free(data)

When sys.stdout is the process's stdout (a plain run, `> file`, a pipe) the
call costs what it did before (a flush of Python's buffer; compiled prints
then write to the fd through C stdio). No Python code runs while an fn runs
(fns hold the GIL and never call back), so one capture stream per loaded
module is enough. A failing `sys.stdout.write` becomes the
call's exception unless the fn itself failed.
"""
from __future__ import annotations

from dataclasses import dataclass

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import opaque_global
from ..layout import I1, I64, PTR
from ..runtime.base import alloca_entry
from ..runtime.libc import libc
from ..runtime.output import capture_slot
from .capi import api, data
from .convert import NULL
from .helpers import call_helper


@dataclass
class Capture:
    """The wrapper's slots for one call's redirected output."""

    active: ir.Value            # i1 slot: output goes to a memory stream
    data: ir.Value              # ptr slot: open_memstream's buffer
    size: ir.Value              # i64 slot
    error: tuple[ir.Value, ir.Value, ir.Value]   # a failed sys.stdout.write (type, value, tb), or NULLs


def begin(b: ir.IRBuilder) -> Capture:
    m = b.module
    cap = Capture(alloca_entry(b, I1, "capture.on", init=I1(0)), alloca_entry(b, PTR, "capture.data", init=NULL),
                  alloca_entry(b, I64, "capture.size", init=I64(0)),
                  tuple(alloca_entry(b, PTR, f"capture.{n}", init=NULL) for n in ("type", "value", "tb")))
    # sys.stdout is read at each call (an interned name: one dict lookup)
    sys_module = _once(b, "kiln.sys", lambda: b.call(api(m, "PyImport_ImportModule"), [cstring(m, "sys")]))
    names = [_name(b, n) for n in ("stdout", "flush")]
    # sys.__stdout__ as first seen (kept alive): the stream that writes to fd 1.
    # Were __stdout__ replaced later, its calls would take the capture path,
    # which is right for any stream, only slower.
    stream_slot = alloca_entry(b, PTR, "stdout", init=NULL)
    process_slot = alloca_entry(b, PTR, "process.stdout", init=NULL)
    ready = b.icmp_unsigned("!=", sys_module, NULL)
    for name in names:                  # NULL only if making them failed (out of memory)
        ready = b.and_(ready, b.icmp_unsigned("!=", name, NULL))
    with b.if_then(ready):
        b.store(_once(b, "kiln.process_stdout", lambda: b.call(
            api(m, "PyObject_GetAttrString"), [sys_module, cstring(m, "__stdout__")])), process_slot)
        b.store(b.call(api(m, "PyObject_GetAttr"), [sys_module, names[0]]), stream_slot)
    stream, process = b.load(stream_slot, typ=PTR), b.load(process_slot, typ=PTR)
    usable = b.and_(b.icmp_unsigned("!=", stream, NULL), b.icmp_unsigned("!=", stream, data(m, "_Py_NoneStruct")))
    with b.if_then(usable):
        with b.if_else(b.icmp_unsigned("==", stream, process)) as (to_fd, redirected):
            with to_fd:             # Python's buffered text first, then the fn's prints on fd 1
                args = alloca_entry(b, PTR, "flush.args")
                b.store(stream, args)
                flushed = b.call(api(m, "PyObject_VectorcallMethod"), [names[1], args, I64(1), NULL])
                b.call(api(m, "Py_DecRef"), [flushed])      # a failed flush is not the call's error
            with redirected:
                memory = b.call(libc(m, "open_memstream"), [cap.data, cap.size])
                with b.if_then(b.icmp_unsigned("!=", memory, NULL)):   # out of memory: to the fd, as before
                    b.store(memory, capture_slot(m))
                    b.store(I1(1), cap.active)
    b.call(api(m, "Py_DecRef"), [stream])       # NULL-safe
    b.call(api(m, "PyErr_Clear"), [])
    return cap


def _once(b: ir.IRBuilder, name: str, make) -> ir.Value:
    """A module-lifetime object made on first use (NULL if making it failed)."""
    m = b.module
    slot = m.globals.get(name)
    if slot is None:
        slot = opaque_global(m, PTR, name)
        slot.linkage = "internal"
        slot.initializer = NULL
    with b.if_then(b.icmp_unsigned("==", b.load(slot, typ=PTR), NULL), likely=False):
        b.store(make(), slot)
    return b.load(slot, typ=PTR)


def _name(b: ir.IRBuilder, text: str) -> ir.Value:
    return _once(b, f"kiln.name.{text}",
                 lambda: b.call(api(b.module, "PyUnicode_InternFromString"), [cstring(b.module, text)]))


def finish(b: ir.IRBuilder, cap: Capture, *, error_pending: bool = False) -> None:
    """Close the capture and write it to sys.stdout. `error_pending`: the
    call already failed with a Python exception, which is kept."""
    m = b.module
    with b.if_then(b.load(cap.active, typ=I1), likely=False):
        b.store(I1(0), cap.active)
        slot = capture_slot(m)
        b.call(libc(m, "fclose"), [b.load(slot, typ=PTR)])
        b.store(NULL, slot)
        text = b.call(api(m, "PyBytes_FromStringAndSize"),
                      [b.load(cap.data, typ=PTR), b.load(cap.size, typ=I64)])
        b.call(libc(m, "free"), [b.load(cap.data, typ=PTR)])
        if error_pending:
            saved = tuple(alloca_entry(b, PTR, f"pending.{n}", init=NULL) for n in ("type", "value", "tb"))
            b.call(api(m, "PyErr_Fetch"), list(saved))
        res = _end_output(b, text)
        if error_pending:
            b.call(api(m, "PyErr_Clear"), [])
            b.call(api(m, "PyErr_Restore"), [b.load(s, typ=PTR) for s in saved])
        else:
            with b.if_then(b.icmp_unsigned("==", res, NULL), likely=False):
                b.call(api(m, "PyErr_Fetch"), list(cap.error))
        b.call(api(m, "Py_DecRef"), [res])


def _end_output(b: ir.IRBuilder, text: ir.Value) -> ir.Value:
    """pyside.end_output(bytes) (NULL if the bytes could not be made)."""
    m = b.module
    result = alloca_entry(b, PTR, "written")
    b.store(NULL, result)
    with b.if_then(b.icmp_unsigned("!=", text, NULL)):
        b.store(call_helper(b, "end_output", "N", text), result)
    return b.load(result, typ=PTR)


def raise_if_failed(b: ir.IRBuilder, cap: Capture, obj: ir.Value) -> None:
    """Before the wrapper returns `obj` (cleanup done): a failed write of the
    output is the call's exception, and the result is dropped."""
    m = b.module
    failed = b.icmp_unsigned("!=", b.load(cap.error[0], typ=PTR), NULL)
    with b.if_then(failed, likely=False):
        b.call(api(m, "Py_DecRef"), [obj])
        b.call(api(m, "PyErr_Restore"), [b.load(s, typ=PTR) for s in cap.error])
        b.ret(NULL)
        b.position_at_end(b.append_basic_block("output.ok"))


def drop_error(b: ir.IRBuilder, cap: Capture) -> None:
    """On a path that fails anyway: forget a failed write's exception."""
    for slot in cap.error:
        b.call(api(b.module, "Py_DecRef"), [b.load(slot, typ=PTR)])
        b.store(NULL, slot)
