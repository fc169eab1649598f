"""Profiler overhead: one mixed-tier program under `kiln run` and under
`kiln profile` at the default rate (1 kHz), alternated, several times each.

    .venv/bin/python benchmarks/profiler_overhead.py [--reps N] [--rate HZ] [--json PATH]

Three numbers per mode (best and median of the repetitions):
- program time: measured inside the program around its work (`BENCH` line),
  so start-up, compiling and writing the profile are excluded: this is what
  sampling costs the running program (py-spy stops it for each sample);
- command wall time: the whole `kiln run` / `kiln profile` command, as the
  user waits for it (adds py-spy's attach and the reports);
- CPU time: of every process involved (the program, py-spy, Kiln), which on
  a shared machine says whether wall time moved because of us or neighbours.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass

PROGRAM = '''\
"""def code driving fn hot loops, Python-tier work, and parallelize."""
import time
from algorithm import parallelize


fn inner(x: Float64) -> Float64:
    var acc = x
    for i in range(200):
        acc = acc * 1.0000001 + 0.5
    return acc


fn hot_loop(n: Int) -> Float64:
    var total = 0.0
    for i in range(n):
        total += inner(Float64(i))
    return total


fn spread(items: Int, n: Int) -> Int:
    @parameter
    fn work(i: Int):
        var s = 0.0
        for k in range(n):
            s += inner(Float64(k + i))
        if s < 0.0:
            print(s)

    parallelize[work](items)
    return items


def python_part(n):
    counts = {}
    for i in range(n):
        key = i % 97
        counts[key] = counts.get(key, 0) + i * i
    return len(counts)


def main():
    start = time.perf_counter_ns()
    total = 0.0
    for _ in range(4):
        total += hot_loop(150000)
    python_part(600000)
    spread(64, 8000)
    print(f"BENCH {time.perf_counter_ns() - start} {total:.6e}")
'''

BENCH = re.compile(r"^BENCH (\d+) ", re.M)


@dataclass
class Run:
    program_s: float
    wall_s: float
    cpu_s: float


@dataclass
class Summary:
    mode: str
    runs: list[Run]

    def stat(self, field: str, fn) -> float:
        return fn([getattr(r, field) for r in self.runs])


def run_once(cmd: list[str], cwd: str, env: dict[str, str]) -> Run:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    match = BENCH.search(proc.stdout)
    if match is None:
        raise SystemExit(f"no BENCH line from `{' '.join(cmd)}`:\n{proc.stdout[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(int(match.group(1)) / 1e9, wall, cpu)


def measure(reps: int, rate: int) -> tuple[Summary, Summary, int]:
    with tempfile.TemporaryDirectory(prefix="kiln-profiler-overhead-") as tmp:
        program = os.path.join(tmp, "overhead.kiln")
        with open(program, "w", encoding="utf-8") as fh:
            fh.write(PROGRAM)
        env = dict(os.environ, KILN_CACHE_DIR=os.path.join(tmp, "cache"))
        kiln = [sys.executable, "-m", "kiln"]
        run_cmd = [*kiln, "run", program]
        profile_cmd = [*kiln, "profile", "--rate", str(rate), "-o", os.path.join(tmp, "out.html"), program]
        run_once(run_cmd, tmp, env)                       # compile once: both modes then hit the cache
        plain, profiled = Summary("kiln run", []), Summary("kiln profile", [])
        for _ in range(reps):
            plain.runs.append(run_once(run_cmd, tmp, env))
            profiled.runs.append(run_once(profile_cmd, tmp, env))
        with open(os.path.join(tmp, "out.lines.json"), encoding="utf-8") as fh:
            samples = json.load(fh)["samples"]
    return plain, profiled, samples


def report(plain: Summary, profiled: Summary, rate: int, samples: int) -> str:
    rows = [("program time (inside main)", "program_s"), ("command wall time", "wall_s"),
            ("CPU time, all processes", "cpu_s")]
    out = [f"Profiler overhead at {rate} Hz, {len(plain.runs)} runs of each (best / median); "
           f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
           f"{'':28} {'kiln run':>17} {'kiln profile':>17} {'overhead':>17}"]
    for label, field in rows:
        cells = []
        for fn in (min, statistics.median):
            cells.append((plain.stat(field, fn), profiled.stat(field, fn)))
        base = f"{cells[0][0]:.2f} / {cells[1][0]:.2f} s"
        prof = f"{cells[0][1]:.2f} / {cells[1][1]:.2f} s"
        over = " / ".join(f"{100 * (p / b - 1):+.0f}%" for b, p in cells)
        out.append(f"{label:28} {base:>17} {prof:>17} {over:>17}")
    out.append(f"last profile: {samples} samples attributed to the program")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--json", help="also write the measurements here")
    args = parser.parse_args()
    plain, profiled, samples = measure(args.reps, args.rate)
    print(report(plain, profiled, args.rate, samples))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"rate": args.rate, "samples": samples, "load": os.getloadavg(),
                       "kiln_run": [asdict(r) for r in plain.runs],
                       "kiln_profile": [asdict(r) for r in profiled.runs]}, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
