"""Measuring one implementation: build it (timed), run it in its own process
(timed from outside), read the repetitions it timed from inside, and turn all
of that into a Row. Nothing here raises for a broken implementation: every
failure becomes `Row.failed` with a one-line reason."""
from __future__ import annotations

import statistics
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import process
from .kernels import Kernel
from .peers import BuildStep, Implementation
from .protocol import ProtocolError, Report, parse_report
from .rows import Row


@dataclass
class Settings:
    preset: str
    reps: int
    slow_reps: int
    timeout: float
    work_dir: Path
    thread_env: dict[str, str] = field(default_factory=dict)


@dataclass
class BuildCache:
    """Builds shared by several implementations (the bridge's C and ctypes
    rows) run once: output path -> (wall ns, failure reason or None)."""
    done: dict[Path, tuple[int, str | None]] = field(default_factory=dict)

    def build(self, step: BuildStep, timeout: float) -> tuple[int, str | None]:
        if step.output not in self.done:
            step.output.parent.mkdir(parents=True, exist_ok=True)
            outcome = process.run(list(step.command), timeout=timeout)
            reason = None if outcome.ok else process.failure_reason(outcome, timeout)
            self.done[step.output] = (outcome.wall_ns, reason)
        return self.done[step.output]


def measure(impl: Implementation, kernel: Kernel, settings: Settings, builds: BuildCache) -> Row:
    reps = settings.slow_reps if impl.slow else settings.reps
    command = [*impl.command, *map(str, kernel.args(settings.preset)), str(reps)]
    row = Row(kernel.name, impl.peer, command)
    if impl.build is not None:
        row.compile_ns, reason = builds.build(impl.build, settings.timeout)
        if reason is not None:
            return row.fail(f"build: {reason}")
    calls = kernel.args(settings.preset)[0]   # the bridge's first size is its call count
    if impl.cold_and_warm:
        return _measure_cold_and_warm(row, impl, kernel, settings, calls)
    report = _run(row, command, {**settings.thread_env, **impl.env}, settings.timeout)
    if report is not None:
        _fill_times(row, report, kernel, calls)
        if impl.build is None and report.compile_ns is not None:
            row.compile_ns = report.compile_ns
    return row


def _measure_cold_and_warm(row: Row, impl: Implementation, kernel: Kernel,
                           settings: Settings, calls: int) -> Row:
    """Kiln: the first run compiles into an empty cache, the second finds it
    warm. Compile time = the difference of their time outside the kernels."""
    cache = Path(tempfile.mkdtemp(prefix=f"kiln-cache-{kernel.name}-", dir=settings.work_dir))
    env = {**settings.thread_env, **impl.env, "KILN_CACHE_DIR": str(cache)}
    cold = _run(row, row.command, env, settings.timeout)
    if cold is None:
        row.failed = f"cold run: {row.failed}"
        return row
    cold_wall, cold_cpu = row.process_ns, row.process_cpu_ns
    warm = _run(row, row.command, env, settings.timeout)
    if warm is None:
        row.failed = f"warm run: {row.failed}"
        return row
    _fill_times(row, warm, kernel, calls)
    row.cold_process_ns, row.cold_process_cpu_ns = cold_wall, cold_cpu
    cold_sums = {rep.checksum for rep in cold.reps}
    if row.ok and cold_sums != {row.checksum}:
        # code loaded from the cache computes something else than freshly compiled code
        row.failed = process.shorten(f"cold run checksums {sorted(cold_sums)} != warm run's {row.checksum!r}")
    if cold_wall is not None and row.process_ns is not None:
        row.compile_ns = (cold_wall - _inside(cold)) - (row.process_ns - _inside(warm))
    return row


def _inside(report: Report) -> int:
    """Time the process spent inside its own clocks."""
    return sum(rep.ns for rep in report.reps) + sum(report.baselines_ns)


def _run(row: Row, command: list[str], env: dict[str, str], timeout: float) -> Report | None:
    outcome = process.run(command, timeout=timeout, env=env)
    row.process_ns, row.process_cpu_ns = outcome.wall_ns, outcome.cpu_ns
    if not outcome.ok:
        row.failed = process.failure_reason(outcome, timeout)
        return None
    try:
        return parse_report(outcome.stdout)
    except ProtocolError as exc:
        row.failed = process.shorten(f"bad output: {exc}")
        return None


def _fill_times(row: Row, report: Report, kernel: Kernel, calls: int) -> None:
    row.rep_ns = [rep.ns for rep in report.reps]
    row.rep_cpu_ns = report.cpu_times() or []
    row.baseline_ns = list(report.baselines_ns)
    checksums = {rep.checksum for rep in report.reps}
    row.checksum = report.reps[0].checksum
    if len(checksums) != 1:
        row.failed = process.shorten(f"checksum changed between repetitions: {sorted(checksums)}")
        return
    # one thread's CPU time says nothing about a kernel that runs on several
    cpu = row.rep_cpu_ns if row.rep_cpu_ns and not kernel.parallel else None
    if not kernel.per_call:
        row.kernel_ns = float(min(row.rep_ns))
        row.median_ns = float(statistics.median(row.rep_ns))
        row.kernel_cpu_ns = float(min(cpu)) if cpu else None
        return
    if not row.baseline_ns:
        row.failed = "bad output: the bridge printed no `BENCH baseline` line"
        return
    # the bridge loop's own cost (range, store) is measured apart and taken out
    row.kernel_ns = (min(row.rep_ns) - min(row.baseline_ns)) / calls
    row.median_ns = (statistics.median(row.rep_ns) - statistics.median(row.baseline_ns)) / calls
    if cpu and len(report.baselines_cpu_ns) == len(row.baseline_ns):
        row.kernel_cpu_ns = (min(cpu) - min(report.baselines_cpu_ns)) / calls
