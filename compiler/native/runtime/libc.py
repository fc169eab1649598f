"""The C library functions the runtime and generated code call, with their
LLVM signatures (x86-64 Linux, LP64). Declared into a module on first use."""
from __future__ import annotations

from llvmlite import ir

from ..layout import F64, I32, I64, PTR, VOID
from ..irbuilder import opaque_global
from ..module import declare

F32 = ir.FloatType()

SIGNATURES: dict[str, tuple[ir.Type, list[ir.Type], bool]] = {
    "malloc": (PTR, [I64], False),
    "calloc": (PTR, [I64, I64], False),
    "realloc": (PTR, [PTR, I64], False),
    "free": (VOID, [PTR], False),
    "memcmp": (I32, [PTR, PTR, I64], False),
    "strlen": (I64, [PTR], False),
    "snprintf": (I32, [PTR, I64, PTR], True),
    "strtod": (F64, [PTR, PTR], False),
    "strtof": (F32, [PTR, PTR], False),
    "strtol": (I64, [PTR, PTR, I32], False),
    "fwrite": (I64, [PTR, I64, I64, PTR], False),
    "fflush": (I32, [PTR], False),
    "fclose": (I32, [PTR], False),
    "open_memstream": (PTR, [PTR, PTR], False),
    "fprintf": (I32, [PTR, PTR], True),
    "memcpy": (PTR, [PTR, PTR, I64], False),
    "memset": (PTR, [PTR, I32, I64], False),
    "memmove": (PTR, [PTR, PTR, I64], False),
    "exit": (VOID, [I32], False),
    "abort": (VOID, [], False),
    "sysconf": (I64, [I32], False),
    "clock_gettime": (I32, [I32, PTR], False),
    "pthread_create": (I32, [PTR, PTR, PTR, PTR], False),
    "pthread_join": (I32, [I64, PTR], False),
    "pthread_detach": (I32, [I64], False),
    "pthread_atfork": (I32, [PTR, PTR, PTR], False),
    "pthread_mutex_lock": (I32, [PTR], False),
    "pthread_mutex_unlock": (I32, [PTR], False),
    "pthread_cond_wait": (I32, [PTR, PTR], False),
    "pthread_cond_broadcast": (I32, [PTR], False),
    "pthread_cond_signal": (I32, [PTR], False),
}


def libc(module: ir.Module, name: str) -> ir.Function:
    result, params, varargs = SIGNATURES[name]
    return declare(module, name, result, params, varargs=varargs)


def stdio_stream(module: ir.Module, name: str) -> ir.Value:
    """The `FILE *` of glibc's `stdout`/`stderr` (loaded from the global)."""
    gv = module.globals.get(name)
    if gv is None:
        gv = opaque_global(module, PTR, name)
        gv.linkage = "external"
    return gv


def intrinsic(module: ir.Module, name: str, result: ir.Type, params: list[ir.Type]) -> ir.Function:
    return declare(module, name, result, params)
