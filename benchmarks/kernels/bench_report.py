"""What every Python peer (CPython, Numba, NumPy) and the Kiln ports' `def
main()` share: reading the size arguments, timing repetitions and printing the
result lines the harness reads (benchmarks/README.md, "Protocol"). Every
repetition prints its own checksum, so the work of each one is observable, and
the calling thread's CPU time next to the wall time."""
from __future__ import annotations

import sys
import time
from typing import Callable, TypeVar

State = TypeVar("State")


def int_args(usage: str, count: int) -> list[int]:
    """The first `count` command-line arguments as positive integers."""
    raw = sys.argv[1:1 + count]
    try:
        values = [int(text) for text in raw]
    except ValueError:
        values = []
    if len(values) != count or any(v <= 0 for v in values):
        sys.exit(f"usage: {sys.argv[0]} {usage}")
    return values


def report_rep(ns: int, checksum: int | float, cpu_ns: int) -> None:
    # repr: shortest round-trip text for floats, so the harness compares exact values
    print(f"BENCH rep {ns} {checksum!r} {cpu_ns}", flush=True)


def report_compile(ns: int) -> None:
    print(f"BENCH compile {ns}", flush=True)


def report_baseline(ns: int, cpu_ns: int) -> None:
    print(f"BENCH baseline {ns} {cpu_ns}", flush=True)


def zeroed(shape, dtype=None):
    """A zero-filled NumPy output array whose pages are already written.

    `np.zeros` gets lazily mapped pages from calloc; the kernel would then pay
    the page faults inside the clock while the C peer memsets its buffer before
    starting it. Every peer clears its output before timing, the same way."""
    out = aligned_empty(shape, dtype)
    out.fill(0)
    return out


def aligned_empty(shape, dtype=None, alignment: int = 64):
    """An uninitialised C-contiguous NumPy array starting on a 64-byte boundary.

    NumPy's allocator aligns to 16 bytes only, so the same kernel ran at a
    different speed from one process to the next (512-bit loads straddling
    cache lines or not) while the C peer gets `posix_memalign(64)`. Every
    peer's arrays start on a cache line, the same way."""
    import numpy as np
    dtype = np.dtype(dtype if dtype is not None else np.float64)
    count = int(np.prod(shape))
    raw = np.empty(count * dtype.itemsize + alignment, dtype=np.uint8)
    skip = -raw.ctypes.data % alignment
    return raw[skip:skip + count * dtype.itemsize].view(dtype).reshape(shape)


def aligned_copy(array):
    """`array`'s values in a 64-byte-aligned C-contiguous array."""
    out = aligned_empty(array.shape, array.dtype)
    out[...] = array
    return out


def time_compile(warm_up: Callable[[], object]) -> None:
    """Time a first call on a tiny input: for a JIT, that is the compile."""
    t0 = time.perf_counter_ns()
    warm_up()
    report_compile(time.perf_counter_ns() - t0)


def time_reps(reps: int, setup: Callable[[], State],
              kernel: Callable[[State], object],
              checksum: Callable[[State, object], int | float],
              warm_up: bool = False) -> None:
    """Run `kernel` `reps` times on a fresh `setup()` state; only the kernel
    call is inside the clock. `warm_up`: one untimed call first (parallel
    kernels: it starts the thread pool, as a first BLAS call does)."""
    if warm_up:
        kernel(setup())
    for _ in range(reps):
        state = setup()
        t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
        result = kernel(state)
        cpu, elapsed = time.thread_time_ns() - c0, time.perf_counter_ns() - t0
        report_rep(elapsed, checksum(state, result), cpu)
