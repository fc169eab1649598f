"""What a standalone executable says when compiled code crashes with
SIGSEGV (an invalid UnsafePointer; recursion that exhausts the stack is a
RecursionError, runtime/stack.py): without a handler the process dies
silently (exit 139). The C entry point installs
a handler on an alternate signal stack (the overflowed stack cannot run
it) that writes one line to stderr and then lets the default action
happen (SA_RESETHAND: the faulting instruction runs again and the process
ends with SIGSEGV, as before, core dump included).

Layouts are glibc x86-64 (LP64): `stack_t` {ptr ss_sp, i32 ss_flags,
i64 ss_size}; `struct sigaction` {ptr handler, 128-byte sa_mask, i32
sa_flags, ptr sa_restorer} = 152 bytes."""
from __future__ import annotations

from llvmlite import ir

from ..constants import cstring
from ..irbuilder import Builder, opaque_global
from ..layout import I8, I32, I64, PTR, VOID
from ..module import declare

SIGSEGV = 11
SA_ONSTACK = 0x08000000
SA_RESETHAND = 0x80000000
ALT_STACK_BYTES = 64 * 1024
MESSAGE = (b"kiln: fatal: segmentation fault in compiled code: an invalid pointer "
           b"(null, freed or out of its allocation) or a stack overflow\n")

STACK_T = ir.LiteralStructType([PTR, I32, I64])
SIGACTION = ir.LiteralStructType([PTR, ir.ArrayType(I64, 16), I32, PTR])


def install_crash_report(module: ir.Module, b: ir.IRBuilder) -> None:
    """At the start of `main`: the alternate stack and the SIGSEGV handler."""
    stack = opaque_global(module, ir.ArrayType(I8, ALT_STACK_BYTES), "kiln.crash.altstack")
    stack.linkage = "internal"
    stack.initializer = ir.Constant(stack.value_type, None)
    ss = b.alloca(STACK_T, name="altstack")
    b.store(ir.Constant(STACK_T, [stack, I32(0), I64(ALT_STACK_BYTES)]), ss)
    b.call(declare(module, "sigaltstack", I32, [PTR, PTR]), [ss, ir.Constant(PTR, None)])
    sa = b.alloca(SIGACTION, name="sigaction")
    b.store(ir.Constant(SIGACTION, None), sa)
    b.store(_handler(module), b.gep(sa, [I32(0), I32(0)], source_etype=SIGACTION))
    flags = (SA_ONSTACK | SA_RESETHAND) - (1 << 32)          # as a signed C int
    b.store(I32(flags), b.gep(sa, [I32(0), I32(2)], source_etype=SIGACTION))
    b.call(declare(module, "sigaction", I32, [I32, PTR, PTR]), [I32(SIGSEGV), sa, ir.Constant(PTR, None)])


def _handler(module: ir.Module) -> ir.Function:
    fn = ir.Function(module, ir.FunctionType(VOID, [I32]), "kiln.crash.on_segv")
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    write = declare(module, "write", I64, [I32, PTR, I64])
    b.call(write, [I32(2), cstring(module, MESSAGE), I64(len(MESSAGE))])
    b.ret_void()
    return fn
