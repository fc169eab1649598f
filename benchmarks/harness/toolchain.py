"""Measurements of the Kiln toolchain itself on the examples:
`kiln build examples/fib.kiln` (executable size, shared libraries, run time)
and `kiln run examples/mandelbrot.kiln` with an empty and a warm cache."""
from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import process

# the dynamic loader and the vDSO come with every dynamic executable
LOADER_PREFIXES = ("linux-vdso", "ld-linux", "/lib64/ld-linux", "/lib/ld-linux")
ALLOWED_LIBS = ("libc.so", "libm.so")


@dataclass
class BuildResult:
    example: str
    failed: str | None = None
    build_ns: int | None = None
    exe_bytes: int | None = None
    libs: list[str] = field(default_factory=list)
    only_libc_libm: bool | None = None
    runs: int = 0
    run_min_ns: int | None = None
    run_median_ns: int | None = None
    true_min_ns: int | None = None     # /bin/true launched the same way: the floor


@dataclass
class RunResult:
    example: str
    failed: str | None = None
    cold_ns: int | None = None
    warm_ns: int | None = None         # best of the warm runs
    warm_all_ns: list[int] = field(default_factory=list)
    cold_cpu_ns: int | None = None     # user + system CPU time, for loaded machines
    warm_cpu_ns: int | None = None     # of the best warm run


def measure_build(repo: Path, work_dir: Path, python: str, runs: int, timeout: float) -> BuildResult:
    example = repo / "examples" / "fib.kiln"
    result = BuildResult(str(example.relative_to(repo)))
    if not example.exists():
        result.failed = f"{result.example} does not exist yet"
        return result
    exe = Path(tempfile.mkdtemp(prefix="kiln-build-", dir=work_dir)) / "fib"
    env = {"KILN_CACHE_DIR": str(exe.parent / "cache")}
    outcome = process.run([python, "-m", "kiln", "build", str(example), "-o", str(exe)],
                          timeout=timeout, env=env)
    result.build_ns = outcome.wall_ns
    if not outcome.ok or not exe.exists():
        result.failed = "kiln build: " + (process.failure_reason(outcome, timeout) if not outcome.ok
                                          else "exit 0 but no executable written")
        return result
    result.exe_bytes = exe.stat().st_size
    result.libs = shared_libraries(exe)
    result.only_libc_libm = all(lib.startswith(ALLOWED_LIBS) for lib in result.libs)
    times = _launch_times([str(exe)], runs, timeout)
    if isinstance(times, str):
        result.failed = f"running the executable: {times}"
        return result
    result.runs = len(times)
    result.run_min_ns, result.run_median_ns = min(times), int(statistics.median(times))
    floor = _launch_times(["true"], runs, timeout)
    result.true_min_ns = min(floor) if isinstance(floor, list) else None
    return result


def shared_libraries(exe: Path) -> list[str]:
    """Names of the shared libraries `ldd` says the executable needs, loader excluded."""
    try:
        done = subprocess.run(["ldd", str(exe)], capture_output=True, text=True)
    except OSError:
        return ["(ldd not available)"]
    names = []
    for line in done.stdout.splitlines():
        words = line.split()
        if words and not words[0].startswith(LOADER_PREFIXES) and words[0] != "statically":
            names.append(words[0])
    return names


def _launch_times(command: list[str], runs: int, timeout: float) -> list[int] | str:
    """Wall time of each of `runs` sequential launches, or why one failed."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        try:
            code = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  timeout=timeout).returncode
        except (OSError, subprocess.TimeoutExpired) as exc:
            return process.shorten(str(exc))
        times.append(time.perf_counter_ns() - t0)
        if code != 0:
            return f"exit code {code}"
    return times


def measure_run(repo: Path, work_dir: Path, python: str, warm_runs: int, timeout: float) -> RunResult:
    example = repo / "examples" / "mandelbrot.kiln"
    result = RunResult(str(example.relative_to(repo)))
    if not example.exists():
        result.failed = f"{result.example} does not exist yet"
        return result
    cache = Path(tempfile.mkdtemp(prefix="kiln-cache-example-", dir=work_dir))
    command = [python, "-m", "kiln", "run", str(example)]
    for attempt in range(1 + warm_runs):
        outcome = process.run(command, timeout=timeout, env={"KILN_CACHE_DIR": str(cache)})
        if not outcome.ok:
            stage = "cold" if attempt == 0 else "warm"
            result.failed = f"{stage} run: {process.failure_reason(outcome, timeout)}"
            return result
        if attempt == 0:
            result.cold_ns, result.cold_cpu_ns = outcome.wall_ns, outcome.cpu_ns
        else:
            if not result.warm_all_ns or outcome.wall_ns < min(result.warm_all_ns):
                result.warm_cpu_ns = outcome.cpu_ns
            result.warm_all_ns.append(outcome.wall_ns)
    result.warm_ns = min(result.warm_all_ns) if result.warm_all_ns else None
    return result
