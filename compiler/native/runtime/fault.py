"""Faults that cannot travel as error values: stack exhaustion (the guard of
recursive fns, runtime/stack.py) and SIGSEGV/SIGBUS in compiled code (a null
or wild UnsafePointer). They record what happened in the thread's state
(runtime/thread_state.py: kind, message, faulting address and pc, the
innermost return addresses from glibc's backtrace) and longjmp to the
innermost *landing*: a jmp_buf set by a guarded entry (the bridge wrapper of
an fn that can recurse or touch raw memory, each `parallelize` worker).
The landing turns the record into an ordinary error object (`kiln_fault_error`,
carrying the pcs) and goes on as if the fn had returned it: a Python
exception whose traceback the bridge maps from the pcs to `.kiln` lines
(bridge/native_frames.py), or a worker's error. The frames jumped over are
abandoned: their `finally` blocks and destructors do not run (what they
owned leaks), as documented for RecursionError and NativeFault.

Without a landing (an executable: nothing to return to) the fault is
reported like any uncaught error and the process exits with status 1.

The SIGSEGV/SIGBUS handler is installed once per process (the first Kiln
module to load; the state it reads is shared by all modules) with
SA_NODEFER (the signal is not left blocked after the longjmp) and
SA_ONSTACK; a fault with no landing in its thread is passed to the handler
that was there before (Python's faulthandler, or the default action)."""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import call_indirect, opaque_global
from ..layout import I32, I64, PTR, VOID
from ..module import declare
from . import thread_state as ts
from .base import alloca_entry, define
from .errors import FAULT_PC_FIELD, NATIVE_FAULT, PC_COUNT_FIELD, PCS_FIELD, _field
from .libc import libc

JMP_BUF_BYTES = 200                 # glibc x86-64 struct __jmp_buf_tag[1]
SIGBUS, SIGSEGV = 7, 11
SA_SIGINFO, SA_ONSTACK, SA_NODEFER = 0x4, 0x08000000, 0x40000000
SIGACTION = ir.LiteralStructType([PTR, ir.ArrayType(I64, 16), I32, PTR])   # 152 bytes
SIGINFO_ADDR = 16                   # siginfo_t.si_addr
UCONTEXT_GREGS = 40                 # ucontext_t.uc_mcontext.gregs
REG_RIP, REG_ERR = 16, 19
PAGE_FAULT_WRITE = 2                # x86 page-fault error code bit 1
NULL = ir.Constant(PTR, None)


def _setjmp(module: ir.Module) -> ir.Function:
    fn = declare(module, "_setjmp", I32, [PTR])
    fn.attributes.add("returns_twice")
    return fn


def guarded_call(b: ir.IRBuilder, call, on_fault) -> ir.Value:
    """`call()` under a landing: a fault inside it arrives at `on_fault(err)`
    (which must end its block) with the fault as an error object."""
    from . import Runtime
    module = b.module
    buf = alloca_entry(b, ir.ArrayType(ir.IntType(8), JMP_BUF_BYTES), "landing")
    buf.align = 16
    state = b.call(Runtime(module).get("kiln_thread_state"), [])
    slot = ts.field(b, state, ts.LANDING)
    previous = b.load(slot, typ=PTR)
    b.store(buf, slot)
    landed = b.call(_setjmp(module), [buf])
    with b.if_then(b.icmp_signed("!=", landed, I32(0)), likely=False):
        b.store(previous, slot)
        on_fault(b.call(Runtime(module).get("kiln_fault_error"), []))
        b.position_at_end(b.append_basic_block("unreachable"))
    result = call()
    b.store(previous, slot)
    return result


def emit_fault_raise(module: ir.Module, name: str) -> ir.Function:
    """kiln_fault_raise(i32 kind, ptr message, i64 address, i64 is_write,
    i64 pc, ptr site): record the fault and jump to the landing (noreturn)."""
    from . import Runtime
    fn, b = define(module, name, VOID, [I32, PTR, I64, I64, I64, PTR])
    fn.attributes.add("noreturn")
    fn.attributes.add("cold")
    fn.attributes.add("noinline")
    from .stack import _invisible_to_callers
    _invisible_to_callers(fn)
    kind, message, address, is_write, pc, where = fn.args
    state = b.call(Runtime(module).get("kiln_thread_state"), [])
    with b.if_then(b.icmp_unsigned("==", state, NULL), likely=False):
        b.call(libc(module, "abort"), [])
        b.unreachable()
        b.position_at_end(b.append_basic_block("unreachable"))
    for index, value in ((ts.KIND, kind), (ts.MESSAGE, message), (ts.ADDRESS, address),
                         (ts.IS_WRITE, is_write), (ts.FAULT_PC, pc), (ts.SITE, where)):
        b.store(value, ts.field(b, state, index))
    pcs = ts.field(b, state, ts.PCS)
    count = b.call(declare(module, "backtrace", I32, [PTR, I32]), [pcs, I32(ts.MAX_PCS)])
    b.store(count, ts.field(b, state, ts.PC_COUNT))
    landing = b.load(ts.field(b, state, ts.LANDING), typ=PTR)
    with b.if_then(b.icmp_unsigned("!=", landing, NULL), likely=True):
        b.call(declare(module, "longjmp", VOID, [PTR, I32]), [landing, I32(1)])
        b.unreachable()
        b.position_at_end(b.append_basic_block("unreachable"))
    b.call(Runtime(module).get("kiln_error_exit"), [b.call(Runtime(module).get("kiln_fault_error"), [])])
    b.unreachable()
    return fn


def emit_fault_error(module: ir.Module, name: str) -> ir.Function:
    """kiln_fault_error() -> ptr: the thread's fault record as an error object
    (kind, message, the fault's site if it has one, the pcs)."""
    from . import Runtime
    rt = Runtime(module)
    fn, b = define(module, name, PTR, [])
    state = b.call(rt.get("kiln_thread_state"), [])
    kind = b.load(ts.field(b, state, ts.KIND), typ=I32)
    message = b.load(ts.field(b, state, ts.MESSAGE), typ=PTR)
    text = alloca_entry(b, ir.ArrayType(ir.IntType(8), 160), "text")
    with b.if_else(b.icmp_signed("==", kind, I32(NATIVE_FAULT))) as (memory, other):
        with memory:
            write = b.icmp_unsigned("!=", b.load(ts.field(b, state, ts.IS_WRITE), typ=I64), I64(0))
            access = b.select(write, cstring(module, "write"), cstring(module, "read"))
            b.call(libc(module, "snprintf"), [
                text, I64(160), cstring(module, "%s: invalid memory %s at address 0x%lx"),
                message, access, b.load(ts.field(b, state, ts.ADDRESS), typ=I64)])
        with other:
            b.call(libc(module, "snprintf"), [text, I64(160), cstring(module, "%s"), message])
    length = b.call(libc(module, "strlen"), [text])
    err = b.call(rt.get("kiln_error_new"), [kind, text, length])
    where = b.load(ts.field(b, state, ts.SITE), typ=PTR)
    with b.if_then(b.icmp_unsigned("!=", where, NULL)):
        b.call(rt.get("kiln_error_push"), [err, where])
    count = b.sext(b.load(ts.field(b, state, ts.PC_COUNT), typ=I32), I64)
    copy = b.call(libc(module, "malloc"), [b.mul(b.add(count, I64(1)), I64(8))])
    b.call(libc(module, "memcpy"), [copy, ts.field(b, state, ts.PCS), b.mul(count, I64(8))])
    b.store(copy, _field(b, err, PCS_FIELD))
    b.store(count, _field(b, err, PC_COUNT_FIELD))
    b.store(b.load(ts.field(b, state, ts.FAULT_PC), typ=I64), _field(b, err, FAULT_PC_FIELD))
    b.ret(err)
    return fn


def _previous(module: ir.Module, sig: int) -> ir.GlobalVariable:
    name = f"kiln.fault.previous.{sig}"
    gv = module.globals.get(name)
    if gv is None:
        gv = opaque_global(module, SIGACTION, name)
        gv.linkage = "internal"
        gv.initializer = ir.Constant(SIGACTION, None)
    return gv


def _on_signal(module: ir.Module) -> ir.Function:
    from . import Runtime
    fn, b = define(module, "kiln.fault.on_signal", VOID, [I32, PTR, PTR])
    sig, info, context = fn.args
    state = ts.current(b)
    has_state = b.icmp_unsigned("!=", state, NULL)
    with b.if_then(has_state):
        landing = b.load(ts.field(b, state, ts.LANDING), typ=PTR)
        with b.if_then(b.icmp_unsigned("!=", landing, NULL)):
            def reg(index):
                return b.load(b.gep(context, [I64(UCONTEXT_GREGS + 8 * index)], source_etype=ir.IntType(8)), typ=I64)
            address = b.load(b.gep(info, [I64(SIGINFO_ADDR)], source_etype=ir.IntType(8)), typ=I64)
            is_write = b.and_(reg(REG_ERR), I64(PAGE_FAULT_WRITE))
            prefix = b.select(b.icmp_signed("==", sig, I32(SIGBUS)),
                              cstring(module, "bus error (SIGBUS)"), cstring(module, "segmentation fault (SIGSEGV)"))
            b.call(Runtime(module).get("kiln_fault_raise"),
                   [I32(NATIVE_FAULT), prefix, address, is_write, reg(REG_RIP), NULL])
            b.unreachable()
            b.position_at_end(b.append_basic_block("unreachable"))
    # Not ours: what was installed before decides.
    previous = b.select(b.icmp_signed("==", sig, I32(SIGBUS)), _previous(module, SIGBUS), _previous(module, SIGSEGV))
    handler = b.load(b.gep(previous, [I32(0), I32(0)], source_etype=SIGACTION), typ=PTR)
    flags = b.load(b.gep(previous, [I32(0), I32(2)], source_etype=SIGACTION), typ=I32)
    default = b.icmp_unsigned("<=", b.ptrtoint(handler, I64), I64(1))      # SIG_DFL, SIG_IGN
    with b.if_else(default) as (restore, chain):
        with restore:                  # the faulting instruction runs again, unhandled
            b.call(libc_sigaction(module), [sig, previous, NULL])
        with chain:
            with b.if_else(b.icmp_unsigned("!=", b.and_(flags, I32(SA_SIGINFO)), I32(0))) as (three, one):
                with three:
                    call_indirect(b, ir.FunctionType(VOID, [I32, PTR, PTR]), handler, [sig, info, context])
                with one:
                    call_indirect(b, ir.FunctionType(VOID, [I32]), handler, [sig])
    b.ret_void()
    return fn


def libc_sigaction(module: ir.Module) -> ir.Function:
    return declare(module, "sigaction", I32, [I32, PTR, PTR])


def emit_fault_install(module: ir.Module, name: str) -> ir.Function:
    """kiln_fault_install(): the process's SIGSEGV/SIGBUS handler (called once
    per process, from the first module's PyInit)."""
    fn, b = define(module, name, VOID, [])
    handler = _on_signal(module)
    warm = alloca_entry(b, PTR, "warm")
    # glibc's first backtrace() loads libgcc_s: do it now, not in a handler.
    b.call(declare(module, "backtrace", I32, [PTR, I32]), [warm, I32(1)])
    action = alloca_entry(b, SIGACTION, "action")
    b.store(ir.Constant(SIGACTION, None), action)
    b.store(handler, b.gep(action, [I32(0), I32(0)], source_etype=SIGACTION))
    flags = (SA_SIGINFO | SA_ONSTACK | SA_NODEFER)
    b.store(I32(flags), b.gep(action, [I32(0), I32(2)], source_etype=SIGACTION))
    for sig in (SIGSEGV, SIGBUS):
        b.call(libc_sigaction(module), [I32(sig), action, _previous(module, sig)])
    b.ret_void()
    return fn
