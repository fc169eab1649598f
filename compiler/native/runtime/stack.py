"""The stack guard of recursive fns: deep or endless recursion is a
RecursionError raised where the stack runs out (runtime/fault.py: the fault
record is filled and control jumps back to the guarded entry, the bridge
call or `parallelize` worker, which turns it into a Python exception or an
error), not a SIGSEGV that kills the interpreter.

Why a check in the prologue and not only the SIGSEGV handler: a stack
overflow faults on the guard page with no stack left to run a handler on
(every thread would need its own alternate signal stack), and the check is
cheap: two loads and compares per call of an fn on a cycle of the call graph
(effects.py; fns that cannot recurse pay nothing), no change to the fn's
signature. Reporting the overflow as an error value unwinding through every
frame instead was measured 5x slower on benchmarks/kernels/fib.kiln: a fn
that can fail cannot be turned into a loop by LLVM's tail-recursion
elimination.

A thread's limit is the lowest stack address a recursive fn may start at,
`STACK_MARGIN` above the end of the thread's stack (room for the
non-recursive calls, C library calls and the fault path below the last
check), found on the first check in the thread with pthread_getattr_np and
kept in the thread's state (runtime/thread_state.py)."""
from __future__ import annotations

from llvmlite import ir

from ..layout import I1, I32, I64, PTR
from ..module import declare
from . import thread_state
from .base import define

STACK_MARGIN = 256 * 1024
BELOW_SLACK = 1 << 20               # sp this far under the limit is another stack, not an overflow
UNKNOWN_SPAN = 1 << 40              # (sp - limit) above this: below the limit, or limit unknown (0)
DISABLED_SPAN = 1 << 39             # a limit this far below sp never trips
PTHREAD_ATTR_BYTES = 64             # >= sizeof(pthread_attr_t) (56 on x86-64 glibc)


def emit_stack_guard(b: ir.IRBuilder, overflow: ir.Block) -> None:
    """Before a recursive call: branch to `overflow` when the stack is
    exhausted (the fast path is inline; finding a thread's limit is not).

    The reads are inline assembly without side effects and the slow paths
    are declared `readnone` (`_invisible_to_callers`), so the guard leaves a
    pure fn pure for LLVM."""
    from . import Runtime
    module = b.module
    sp = stack_pointer(b)
    limit = b.asm(ir.FunctionType(I64, []),
                  f"movq %fs:{thread_state.X86_64_TCB_PRIVATE_SS}, $0\n"
                  "testq $0, $0\n"
                  "jz 1f\n"
                  f"movq {8 * thread_state.LIMIT}($0), $0\n"
                  "1:", "=r", [], False, name="stack.limit")
    _pure(limit)
    ok = b.append_basic_block("stack.ok")
    slow = b.append_basic_block("stack.check")
    b.cbranch(b.icmp_unsigned(">", b.sub(sp, limit), I64(UNKNOWN_SPAN)), slow, ok)
    b.block.terminator.set_weights([1, 1 << 20])
    b.position_at_end(slow)
    exhausted = b.call(Runtime(module).get("kiln_stack_exhausted"), [sp])
    b.cbranch(exhausted, overflow, ok)
    b.position_at_end(ok)


def emit_stack_exhausted(module: ir.Module, name: str) -> ir.Function:
    """kiln_stack_exhausted(i64 sp) -> i1: the slow path of the guard: learn
    this thread's limit if it is not known yet, then compare. A stack pointer
    far below the limit (a coroutine library's own stack) is not an overflow."""
    from . import Runtime
    fn, b = define(module, name, I1, [I64])
    fn.attributes.add("noinline")
    fn.attributes.add("cold")
    _invisible_to_callers(fn)
    sp = fn.args[0]
    state = b.call(Runtime(module).get("kiln_thread_state"), [])
    with b.if_then(b.icmp_unsigned("==", state, ir.Constant(PTR, None)), likely=False):
        b.ret(I1(0))                                  # out of memory: no guard
    limit = b.load(thread_state.field(b, state, thread_state.LIMIT), typ=I64)
    below_limit = b.icmp_unsigned("<", sp, limit)
    near = b.icmp_unsigned(">=", b.add(sp, I64(BELOW_SLACK)), limit)
    b.ret(b.and_(below_limit, near))
    return fn


def _invisible_to_callers(fn: ir.Function) -> None:
    """Declared `readnone`, although it writes the thread's state (and
    kiln_fault_raise jumps away): otherwise a pure recursive fn (fib) stops
    being pure for LLVM, which then no longer merges its repeated calls
    (`fib(n - 5)` appears several times once the recursion is unrolled):
    fib(32) ran 4.7x slower. Callers never read that state, and a merged or
    dropped call of a pure fn has no frame to check, so nothing observable
    depends on the truth of the attribute."""
    fn.attributes.add("readnone")


def stack_pointer(b: ir.IRBuilder) -> ir.Value:
    return _pure(b.asm(ir.FunctionType(I64, []), "movq %rsp, $0", "=r", [], False, name="sp"))


def _pure(call: ir.Instruction) -> ir.Instruction:
    """As clang marks an asm statement without a "memory" clobber."""
    call.attributes.add("readnone")
    call.attributes.add("nounwind")
    return call


def learn_limit(b: ir.IRBuilder, module: ir.Module, sp) -> ir.Value:
    """This thread's limit (pthread_getattr_np; for the main thread glibc
    reads /proc/self/maps, once)."""
    attr = b.alloca(ir.ArrayType(ir.IntType(8), PTHREAD_ATTR_BYTES), name="attr")
    addr = b.alloca(PTR, name="stack.addr")
    size = b.alloca(I64, name="stack.size")
    b.store(I64(0), size)
    b.store(ir.Constant(PTR, None), addr)
    this = b.call(declare(module, "pthread_self", I64, []), [])
    rc = b.call(declare(module, "pthread_getattr_np", I32, [I64, PTR]), [this, attr])
    with b.if_then(b.icmp_signed("==", rc, I32(0))):
        b.call(declare(module, "pthread_attr_getstack", I32, [PTR, PTR, PTR]), [attr, addr, size])
        b.call(declare(module, "pthread_attr_destroy", I32, [PTR]), [attr])
    low = b.ptrtoint(b.load(addr, typ=PTR), I64)
    span = b.load(size, typ=I64)
    quarter = b.lshr(span, I64(2))
    margin = b.select(b.icmp_unsigned("<", quarter, I64(STACK_MARGIN)), quarter, I64(STACK_MARGIN))
    known = b.and_(b.icmp_unsigned("!=", low, I64(0)),
                   b.and_(b.icmp_unsigned(">=", sp, low), b.icmp_unsigned("<=", sp, b.add(low, span))))
    # An unknown stack (or sp outside it) disables the guard for this thread.
    return b.select(known, b.add(low, margin), b.sub(sp, I64(DISABLED_SPAN)))
