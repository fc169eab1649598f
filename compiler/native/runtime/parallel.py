"""`parallelize`: run work items 0..n-1 on a pool of native threads, no GIL.

    kiln_parallel_for(ptr body, ptr env, i64 n, i64 workers) -> ptr error

`body(env, i) -> ptr error` is the compiled closure. The pool is started on
first use: one helper thread per online core besides the caller, parked on
a condition variable between jobs. A job wakes them; the caller and the
helpers pull item indices from a shared atomic counter (uneven items, like
mandelbrot rows, balance themselves); the caller returns when every helper
has checked in. `workers` (> 0) caps how many threads take part. The first
error stops the hand-out of items and is returned.

A job that arrives while the pool is busy (a nested `parallelize`, or two
Python threads) runs on the calling thread alone: same results, no deadlock.
glibc's statically initialised mutexes and condition variables are all-zero
bytes, so the pool's synchronisation objects are zero-initialised globals.
"""
from __future__ import annotations

from llvmlite import ir

from ..irbuilder import call_indirect, opaque_global
from ..layout import I32, I64, PTR
from .base import Var, counted_loop, define, while_loop
from .fault import guarded_call
from .libc import libc
from .thread_state import supported

# { body, env, n, next, error, limit, joined }
CONTEXT = ir.LiteralStructType([PTR, PTR, I64, I64, PTR, I64, I64])
BODY_TYPE = ir.FunctionType(PTR, [PTR, I64])
SYNC_BYTES = 64                    # >= sizeof(pthread_mutex_t) (40), pthread_cond_t (48)
_SC_NPROCESSORS_ONLN = 84
NULL = ir.Constant(PTR, None)


def _slot(b, ctx, index):
    return b.gep(ctx, [I32(0), I32(index)], source_etype=CONTEXT)


def _global(module: ir.Module, name: str, ty: ir.Type) -> ir.GlobalVariable:
    gv = module.globals.get(name)
    if gv is None:
        gv = opaque_global(module, ty, name)
        gv.linkage = "internal"
        gv.initializer = ir.Constant(ty, None)
    return gv


class _Pool:
    """The pool's state: internal globals of the module."""

    def __init__(self, module: ir.Module):
        sync = ir.ArrayType(ir.IntType(8), SYNC_BYTES)
        self.mutex = _global(module, "kiln.pool.mutex", sync)
        self.work = _global(module, "kiln.pool.work", sync)
        self.done = _global(module, "kiln.pool.done", sync)
        self.size = _global(module, "kiln.pool.size", I64)          # helper threads (-1: starting)
        self.job = _global(module, "kiln.pool.job", PTR)
        self.generation = _global(module, "kiln.pool.generation", I64)
        self.pending = _global(module, "kiln.pool.pending", I64)
        self.busy = _global(module, "kiln.pool.busy", I64)


def _emit_worker(module: ir.Module) -> ir.Function:
    """Pull and run items of one job until none are left."""
    existing = module.globals.get("kiln_parallel_worker")
    if existing is not None:
        return existing
    from . import Runtime
    fn, b = define(module, "kiln_parallel_worker", PTR, [PTR])
    ctx = fn.args[0]
    joined = b.atomic_rmw("add", _slot(b, ctx, 6), I64(1), "monotonic")
    with b.if_then(b.icmp_signed(">=", joined, b.load(_slot(b, ctx, 5), typ=I64))):
        b.ret(NULL)                               # more threads than the job asked for
    body = b.load(_slot(b, ctx, 0), typ=PTR)
    env = b.load(_slot(b, ctx, 1), typ=PTR)
    n = b.load(_slot(b, ctx, 2), typ=I64)

    def fail(err):
        lost = b.extract_value(b.cmpxchg(_slot(b, ctx, 4), NULL, err, "acq_rel", "monotonic"), 1)
        with b.if_then(b.not_(lost)):
            b.call(Runtime(module).get("kiln_error_free"), [err])      # not the first error
        b.atomic_rmw("xchg", _slot(b, ctx, 3), n, "monotonic")

    def items():
        running = Var(b, ir.IntType(1), ir.IntType(1)(1), "running")
        with while_loop(b, running.get, "items"):
            i = b.atomic_rmw("add", _slot(b, ctx, 3), I64(1), "monotonic")
            with b.if_else(b.icmp_signed(">=", i, n)) as (finished, work):
                with finished:
                    running.set(ir.IntType(1)(0))
                with work:
                    err = call_indirect(b, BODY_TYPE, body, [env, i])
                    with b.if_then(b.icmp_unsigned("!=", err, NULL)):
                        fail(err)

    def landed(err):
        fail(err)
        b.ret(NULL)
    if supported(module):
        # A stack overflow or bad pointer in an item lands here, in the thread
        # that ran it, and becomes the job's error (runtime/fault.py).
        guarded_call(b, items, landed)
    else:
        items()
    b.ret(NULL)
    return fn


def _emit_helper(module: ir.Module, pool: _Pool) -> ir.Function:
    """A pool thread: wait for a new job, work on it, check in; forever."""
    existing = module.globals.get("kiln_parallel_helper")
    if existing is not None:
        return existing
    worker = _emit_worker(module)
    fn, b = define(module, "kiln_parallel_helper", PTR, [PTR])
    lock, unlock = libc(module, "pthread_mutex_lock"), libc(module, "pthread_mutex_unlock")
    seen = Var(b, I64, I64(0), "seen")
    with while_loop(b, lambda: ir.IntType(1)(1), "jobs"):
        b.call(lock, [pool.mutex])
        with while_loop(b, lambda: b.icmp_signed("==", b.load(pool.generation, typ=I64), seen.get()), "wait"):
            b.call(libc(module, "pthread_cond_wait"), [pool.work, pool.mutex])
        seen.set(b.load(pool.generation, typ=I64))
        ctx = b.load(pool.job, typ=PTR)
        b.call(unlock, [pool.mutex])
        b.call(worker, [ctx])
        b.call(lock, [pool.mutex])
        left = b.sub(b.load(pool.pending, typ=I64), I64(1))
        b.store(left, pool.pending)
        with b.if_then(b.icmp_signed("==", left, I64(0))):
            b.call(libc(module, "pthread_cond_signal"), [pool.done])
        b.call(unlock, [pool.mutex])
    b.ret(NULL)
    return fn


def _emit_forget_pool(module: ir.Module, pool: _Pool) -> ir.Function:
    """After fork() the child has none of the helper threads: start afresh."""
    fn, b = define(module, "kiln_parallel_forget", ir.VoidType(), [])
    for sync in (pool.mutex, pool.work, pool.done):
        b.call(libc(module, "memset"), [sync, I32(0), I64(SYNC_BYTES)])
    for counter in (pool.size, pool.pending, pool.busy):
        b.store(I64(0), counter)
    b.ret_void()
    return fn


def _start_pool(b, module: ir.Module, pool: _Pool, helper: ir.Function) -> None:
    """On first use: one detached helper per online core besides the caller."""
    with b.if_then(b.icmp_signed("==", b.load(pool.size, typ=I64), I64(0)), likely=False):
        b.call(libc(module, "pthread_atfork"), [NULL, NULL, _emit_forget_pool(module, pool)])
        cores = b.call(libc(module, "sysconf"), [I32(_SC_NPROCESSORS_ONLN)])
        started = Var(b, I64, I64(0), "started")
        thread = b.alloca(I64, name="thread")
        with counted_loop(b, I64(1), cores, "spawn"):
            rc = b.call(libc(module, "pthread_create"), [thread, NULL, helper, NULL])
            with b.if_then(b.icmp_signed("==", rc, I32(0))):
                b.call(libc(module, "pthread_detach"), [b.load(thread, typ=I64)])
                started.set(b.add(started.get(), I64(1)))
        # -1 marks "tried, no helpers" so a failing pthread_create is not retried each call
        b.store(b.select(b.icmp_signed("==", started.get(), I64(0)), I64(-1), started.get()), pool.size)


def emit_parallel_for(module: ir.Module, name: str) -> ir.Function:
    pool = _Pool(module)
    worker = _emit_worker(module)
    helper = _emit_helper(module, pool)
    fn, b = define(module, name, PTR, [PTR, PTR, I64, I64])
    body, env, n, requested = fn.args
    ctx = b.alloca(CONTEXT, name="ctx")
    limit = b.select(b.icmp_signed(">", requested, I64(0)), requested, I64((1 << 62)))
    for index, value in enumerate((body, env, n, I64(0), NULL, limit, I64(0))):
        b.store(value, _slot(b, ctx, index))
    claimed = b.cmpxchg(pool.busy, I64(0), I64(1), "acquire", "monotonic")
    with b.if_then(b.not_(b.extract_value(claimed, 1)), likely=False):
        b.call(worker, [ctx])                    # pool busy: this thread does the whole job
        b.ret(b.load(_slot(b, ctx, 4), typ=PTR))
    with b.if_then(b.icmp_signed("<=", n, I64(1)), likely=False):
        b.call(worker, [ctx])                    # nothing to share
        b.atomic_rmw("xchg", pool.busy, I64(0), "release")
        b.ret(b.load(_slot(b, ctx, 4), typ=PTR))
    _start_pool(b, module, pool, helper)
    helpers = b.load(pool.size, typ=I64)
    lock, unlock = libc(module, "pthread_mutex_lock"), libc(module, "pthread_mutex_unlock")
    with b.if_then(b.icmp_signed(">", helpers, I64(0))):
        b.call(lock, [pool.mutex])
        b.store(ctx, pool.job)
        b.store(helpers, pool.pending)
        b.store(b.add(b.load(pool.generation, typ=I64), I64(1)), pool.generation)
        b.call(libc(module, "pthread_cond_broadcast"), [pool.work])
        b.call(unlock, [pool.mutex])
    b.call(worker, [ctx])
    with b.if_then(b.icmp_signed(">", helpers, I64(0))):
        b.call(lock, [pool.mutex])
        with while_loop(b, lambda: b.icmp_signed(">", b.load(pool.pending, typ=I64), I64(0)), "join"):
            b.call(libc(module, "pthread_cond_wait"), [pool.done, pool.mutex])
        b.call(unlock, [pool.mutex])
    b.atomic_rmw("xchg", pool.busy, I64(0), "release")
    b.ret(b.load(_slot(b, ctx, 4), typ=PTR))
    return fn
