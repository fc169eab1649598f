"""Per-thread state of compiled code, shared by every Kiln module loaded in
the process:

    %KilnThread = { i64 stack_limit, ptr landing, i32 fault_kind, i32 pc_count,
                    ptr message, i64 address, i64 is_write, i64 fault_pc,
                    ptr site, [64 x ptr] pcs }

`stack_limit` is what the guard of recursive fns compares the stack pointer
with (runtime/stack.py); `landing` is the jmp_buf of the innermost guarded
entry (a bridge call, a `parallelize` worker: runtime/fault.py) and the rest
is the record of the fault that jumped there.

x86-64 glibc keeps a word in each thread's control block for a per-thread
stack limit (`__private_ss` at %fs:0x70, reserved for GCC's and LLVM's
split-stack prologues, which nothing in a CPython process uses): it holds a
pointer to this state. Reading it is one instruction, from any module,
signal handlers included; a `thread_local` global in a dlopen'ed object
costs a __tls_get_addr call per access (fib(32) ran 3x slower), and
initial-exec TLS would exhaust glibc's small static TLS surplus after a few
dozen loaded modules. The state is allocated on a thread's first need and
never freed: glibc hands a cached stack (and its control block, this word
included) to the next thread, whose limit is then already right.
"""
from __future__ import annotations

from llvmlite import ir

from ..layout import I32, I64, PTR
from .base import define
from .libc import libc

MAX_PCS = 64
STATE_TYPE = ir.LiteralStructType([I64, PTR, I32, I32, PTR, I64, I64, I64, PTR, ir.ArrayType(PTR, MAX_PCS)])
LIMIT, LANDING, KIND, PC_COUNT, MESSAGE, ADDRESS, IS_WRITE, FAULT_PC, SITE, PCS = range(10)
X86_64_TCB_PRIVATE_SS = 0x70
FS_ADDRESS_SPACE = 257


def supported(module: ir.Module) -> bool:
    return module.triple.startswith("x86_64") and "linux" in module.triple


def _word(b: ir.IRBuilder) -> ir.Value:
    return b.inttoptr(I64(X86_64_TCB_PRIVATE_SS), ir.PointerType(addrspace=FS_ADDRESS_SPACE))


def current(b: ir.IRBuilder) -> ir.Value:
    """This thread's state, or null before its first use (inline, AS-safe)."""
    return b.load(_word(b), typ=PTR)


def field(b: ir.IRBuilder, state: ir.Value, index: int) -> ir.Value:
    return b.gep(state, [I32(0), I32(index)], source_etype=STATE_TYPE)


def emit_thread_state(module: ir.Module, name: str) -> ir.Function:
    """kiln_thread_state() -> ptr: this thread's state, allocated on first use
    (null if out of memory), with the thread's stack limit."""
    from .stack import learn_limit, stack_pointer
    fn, b = define(module, name, PTR, [])
    fn.attributes.add("noinline")
    state = current(b)
    with b.if_then(b.icmp_unsigned("==", state, ir.Constant(PTR, None)), likely=False):
        fresh = b.call(libc(module, "calloc"), [I64(1), I64(_size())])
        with b.if_then(b.icmp_unsigned("!=", fresh, ir.Constant(PTR, None))):
            b.store(learn_limit(b, module, stack_pointer(b)), field(b, fresh, LIMIT))
            b.store(fresh, _word(b))
    b.ret(current(b))
    return fn


def _size() -> int:
    return 8 + 8 + 4 + 4 + 8 + 8 + 8 + 8 + 8 + 8 * MAX_PCS
