"""The bar of issue 4 ("The bar"), checked against this run's numbers. A check
whose inputs did not run (a FAILED row) is reported as not measured, never as
passed."""
from __future__ import annotations

from dataclasses import dataclass

from . import units
from .peers import KILN_FAST_MATH
from .rows import Row
from .toolchain import BuildResult, RunResult

# kernel -> the highest allowed Kiln / C kernel-time ratio
RATIO_TO_C = {"mandelbrot": 1.05, "matmul_naive": 1.05, "nbody": 1.10, "fib": 1.30}
BEST_MATMUL_SHARE_OF_NUMPY = 0.35
EXE_MAX_BYTES = 32 * 1024
EXE_MAX_RUN_NS = 5_000_000
RUN_COLD_MAX_NS = 2_000_000_000
RUN_WARM_MAX_NS = 500_000_000


@dataclass(frozen=True)
class BarCheck:
    name: str
    target: str
    measured: str
    passed: bool | None        # None: not measured


def _row(rows: list[Row], kernel: str, peer: str) -> Row | None:
    return next((r for r in rows if r.kernel == kernel and r.peer == peer and r.ok), None)


def _time(rows: list[Row], kernel: str, peer: str) -> float | None:
    row = _row(rows, kernel, peer)
    return row.kernel_ns if row else None


def _check(name: str, target: str, value: float | None, limit: float, fmt) -> BarCheck:
    if value is None:
        return BarCheck(name, target, "not measured", None)
    return BarCheck(name, target, fmt(value), value <= limit)


def _ratio_check(rows: list[Row], kernel: str, peer: str, limit: float, ours: str = "Kiln",
                 note: str = "") -> BarCheck:
    """`ours` / peer on kernel (wall) time, which decides; the same on CPU time
    alongside, which a loaded machine disturbs much less."""
    name, target = f"{kernel}: {ours} / {peer}", f"<= {limit:.2f}{note}"
    kiln, other = _row(rows, kernel, ours), _row(rows, kernel, peer)
    if not (kiln and other and kiln.kernel_ns and other.kernel_ns):
        return BarCheck(name, target, "not measured", None)
    value = kiln.kernel_ns / other.kernel_ns
    measured = units.ratio(value)
    if kiln.kernel_cpu_ns and other.kernel_cpu_ns:
        measured += f" (cpu {units.ratio(kiln.kernel_cpu_ns / other.kernel_cpu_ns)})"
    return BarCheck(name, target, measured, value <= limit)


def kernel_checks(rows: list[Row]) -> list[BarCheck]:
    checks = []
    present = {row.kernel for row in rows}
    for kernel, limit in RATIO_TO_C.items():
        if kernel in present:
            checks.append(_ratio_check(rows, kernel, "C", limit))
        if _row(rows, kernel, KILN_FAST_MATH):
            # the C peer contracts to FMA by default; Kiln only when asked
            checks.append(_ratio_check(rows, kernel, "C", limit, ours=KILN_FAST_MATH,
                                       note=", opt-in: same source, `kiln run --fast-math`"))
    for kernel in dict.fromkeys(row.kernel for row in rows):
        if any(row.kernel == kernel and row.peer in ("Kiln", "Numba") for row in rows):
            checks.append(_ratio_check(rows, kernel, "Numba", 1.0))
    if "matmul_best" not in present:
        return checks
    kiln, numpy = _time(rows, "matmul_best", "Kiln"), _time(rows, "matmul_best", "NumPy")
    share = numpy / kiln if kiln and numpy else None
    checks.append(BarCheck("matmul_best: Kiln throughput / NumPy's", f">= {BEST_MATMUL_SHARE_OF_NUMPY:.0%}",
                           "not measured" if share is None else f"{share:.0%}",
                           None if share is None else share >= BEST_MATMUL_SHARE_OF_NUMPY))
    return checks


def toolchain_checks(build: BuildResult | None, run: RunResult | None) -> list[BarCheck]:
    checks = []
    if build is not None:
        ok = build.failed is None
        checks.append(_check("kiln build fib: executable size", "< 32 KiB",
                             build.exe_bytes if ok else None, EXE_MAX_BYTES - 1, units.size))
        libs = ", ".join(build.libs) or "none"
        checks.append(BarCheck("kiln build fib: shared libraries", "libc, libm only",
                               libs if ok else "not measured",
                               build.only_libc_libm if ok else None))
        checks.append(_check("kiln build fib: run time (best of runs)", "< 5 ms",
                             build.run_min_ns if ok else None, EXE_MAX_RUN_NS, units.duration))
    if run is not None:
        ok = run.failed is None
        checks.append(_check("kiln run mandelbrot: cold cache", "< 2 s",
                             run.cold_ns if ok else None, RUN_COLD_MAX_NS, units.duration))
        checks.append(_check("kiln run mandelbrot: warm cache", "< 0.5 s",
                             run.warm_ns if ok else None, RUN_WARM_MAX_NS, units.duration))
    return checks
