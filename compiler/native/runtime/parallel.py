"""`parallelize`: run work items 0..n-1 on native threads, no GIL.

    kiln_parallel_for(ptr body, ptr env, i64 n, i64 workers) -> ptr error

`body(env, i) -> ptr error` is the compiled closure. The calling thread and
`workers - 1` pthreads (default: one per online core) pull item indices from
a shared atomic counter, so uneven items (mandelbrot rows) balance
themselves. The first error stops the hand-out of further items and is
returned after every thread has been joined.
"""
from __future__ import annotations

from llvmlite import ir

from ..irbuilder import call_indirect
from ..layout import I32, I64, PTR
from .base import Var, counted_loop, define, while_loop
from .libc import libc

# { body, env, n, next, error }
CONTEXT = ir.LiteralStructType([PTR, PTR, I64, I64, PTR])
BODY_TYPE = ir.FunctionType(PTR, [PTR, I64])
_SC_NPROCESSORS_ONLN = 84


def _slot(b, ctx, index):
    return b.gep(ctx, [I32(0), I32(index)], source_etype=CONTEXT)


def _emit_worker(module: ir.Module) -> ir.Function:
    existing = module.globals.get("kiln_parallel_worker")
    if existing is not None:
        return existing
    fn, b = define(module, "kiln_parallel_worker", PTR, [PTR])
    ctx = fn.args[0]
    body = b.load(_slot(b, ctx, 0), typ=PTR)
    env = b.load(_slot(b, ctx, 1), typ=PTR)
    n = b.load(_slot(b, ctx, 2), typ=I64)
    running = Var(b, ir.IntType(1), ir.IntType(1)(1), "running")
    with while_loop(b, running.get, "items"):
        i = b.atomic_rmw("add", _slot(b, ctx, 3), I64(1), "monotonic")
        with b.if_else(b.icmp_signed(">=", i, n)) as (finished, work):
            with finished:
                running.set(ir.IntType(1)(0))
            with work:
                err = call_indirect(b, BODY_TYPE, body, [env, i])
                with b.if_then(b.icmp_unsigned("!=", err, ir.Constant(PTR, None))):
                    b.cmpxchg(_slot(b, ctx, 4), ir.Constant(PTR, None), err, "acq_rel", "monotonic")
                    b.atomic_rmw("xchg", _slot(b, ctx, 3), n, "monotonic")
    b.ret(ir.Constant(PTR, None))
    return fn


def emit_parallel_for(module: ir.Module, name: str) -> ir.Function:
    worker = _emit_worker(module)
    fn, b = define(module, name, PTR, [PTR, PTR, I64, I64])
    body, env, n, requested = fn.args
    ctx = b.alloca(CONTEXT, name="ctx")
    for index, value in enumerate((body, env, n, I64(0), ir.Constant(PTR, None))):
        b.store(value, _slot(b, ctx, index))
    cores = b.call(libc(module, "sysconf"), [I32(_SC_NPROCESSORS_ONLN)])
    workers = Var(b, I64, b.select(b.icmp_signed(">", requested, I64(0)), requested, cores), "workers")
    workers.set(b.select(b.icmp_signed(">", workers.get(), n), n, workers.get()))
    workers.set(b.select(b.icmp_signed("<", workers.get(), I64(1)), I64(1), workers.get()))
    threads = b.alloca(I64, size=workers.get(), name="threads")
    create = libc(module, "pthread_create")
    started = Var(b, I64, I64(1), "started")
    with counted_loop(b, I64(1), workers.get(), "spawn") as k:
        slot = b.gep(threads, [k], source_etype=I64)
        rc = b.call(create, [slot, ir.Constant(PTR, None), worker, ctx])
        # A thread that cannot start is not an error: the others do its share.
        with b.if_then(b.icmp_signed("==", rc, I32(0))):
            b.store(b.load(slot, typ=I64), b.gep(threads, [started.get()], source_etype=I64))
            started.set(b.add(started.get(), I64(1)))
    b.call(worker, [ctx])
    join = libc(module, "pthread_join")
    with counted_loop(b, I64(1), started.get(), "join") as k:
        tid = b.load(b.gep(threads, [k], source_etype=I64), typ=I64)
        b.call(join, [tid, ir.Constant(PTR, None)])
    b.ret(b.load(_slot(b, ctx, 4), typ=PTR))
    return fn
