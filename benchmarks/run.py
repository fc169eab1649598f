#!/usr/bin/env python3
"""Run every benchmark kernel in every peer (Kiln, C, Numba, NumPy, CPython),
each in its own process, and print one table of kernel times, ratios to C,
compile and whole-process times; then the Kiln toolchain measurements and the
bar of issue 4. Raw results go to benchmarks/results/ as JSON.

    .venv/bin/python benchmarks/run.py [--quick] [--only KERNEL] ...

See benchmarks/README.md for what each number means."""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from harness import bar, table  # noqa: E402
from harness.kernels import KERNELS, PRESETS, REPS, Kernel  # noqa: E402
from harness.machine import describe, nproc  # noqa: E402
from harness.measure import BuildCache, Settings, measure  # noqa: E402
from harness.peers import PEER_ORDER, implementations  # noqa: E402
from harness.results import RunResults, save  # noqa: E402
from harness.toolchain import measure_build, measure_run  # noqa: E402
from harness.verify import verify  # noqa: E402

TOOLCHAIN = "toolchain"
TIMEOUTS = {"full": 900.0, "quick": 120.0, "tiny": 60.0}
# launches of the built fib executable, warm runs of `kiln run` mandelbrot
TOOLCHAIN_RUNS = {"full": (100, 3), "quick": (100, 3), "tiny": (5, 1)}


def parse_args(argv: list[str]) -> argparse.Namespace:
    names = [k.name for k in KERNELS] + [TOOLCHAIN]
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    size = p.add_mutually_exclusive_group()
    size.add_argument("--quick", dest="preset", action="store_const", const="quick",
                      help="smaller sizes and fewer repetitions (under a minute)")
    size.add_argument("--preset", choices=PRESETS, default="full",
                      help="sizes: full (the issue's), quick, tiny (smoke test)")
    p.set_defaults(preset="full")
    p.add_argument("--only", action="append", choices=names, metavar="KERNEL",
                   help=f"run only this kernel (repeatable): {', '.join(names)}")
    p.add_argument("--peers", help=f"comma-separated peers to run, from: {', '.join(PEER_ORDER)}")
    p.add_argument("--reps", type=int, help="repetitions per process (overrides the preset)")
    p.add_argument("--timeout", type=float, help="seconds allowed per process")
    p.add_argument("--json", type=Path, help="where to write the results (default: benchmarks/results/)")
    args = p.parse_args(argv)
    if args.peers:
        args.peers = [peer.strip() for peer in args.peers.split(",")]
        unknown = [peer for peer in args.peers if peer not in PEER_ORDER]
        if unknown:
            p.error(f"unknown peer(s) {', '.join(unknown)}; choose from {', '.join(PEER_ORDER)}")
    if args.reps is not None and args.reps < 1:
        p.error("--reps must be at least 1")
    return args


def selected_kernels(only: list[str] | None) -> list[Kernel]:
    return [k for k in KERNELS if not only or k.name in only]


def run_kernels(results: RunResults, kernels: list[Kernel], settings: Settings,
                peers: list[str] | None) -> None:
    builds = BuildCache()
    build_dir = Path(tempfile.mkdtemp(prefix="c-", dir=settings.work_dir))
    for kernel in kernels:
        rows = []
        for impl in implementations(kernel.name, HERE / "kernels", build_dir, sys.executable):
            if peers and impl.peer not in peers:
                continue
            print(f"  {kernel.name:<13} {impl.peer:<9} ...", end="", flush=True, file=sys.stderr)
            row = measure(impl, kernel, settings, builds)
            print(" ok" if row.ok else f" FAILED: {row.failed}", file=sys.stderr)
            rows.append(row)
        verify(kernel, rows)
        results.rows.extend(rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    policy = REPS[args.preset]
    reps = args.reps or policy.reps
    slow_reps = min(reps, args.reps or policy.slow_peer_reps)
    cores = str(nproc())
    thread_env = {"OMP_NUM_THREADS": cores, "OPENBLAS_NUM_THREADS": cores, "NUMBA_NUM_THREADS": cores}
    kernels = selected_kernels(args.only)
    results = RunResults(
        started=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        preset=args.preset, reps=reps, slow_reps=slow_reps, machine=describe(REPO),
        thread_env=thread_env, kernel_sizes={k.name: list(k.args(args.preset)) for k in kernels})
    timeout = args.timeout or TIMEOUTS[args.preset]
    with tempfile.TemporaryDirectory(prefix="kiln-bench-") as tmp:
        work = Path(tmp)
        settings = Settings(args.preset, reps, slow_reps, timeout, work, thread_env)
        run_kernels(results, kernels, settings, args.peers)
        if not args.only or TOOLCHAIN in args.only:
            print("  toolchain: kiln build / kiln run of the examples ...", file=sys.stderr)
            launches, warm_runs = TOOLCHAIN_RUNS[args.preset]
            results.build = measure_build(REPO, work, sys.executable, launches, timeout)
            results.run = measure_run(REPO, work, sys.executable, warm_runs, timeout)
    results.machine.load_at_end = os.getloadavg()
    results.bar = bar.kernel_checks(results.rows) if results.rows else []
    results.bar += bar.toolchain_checks(results.build, results.run)
    results.duration_s = round(time.perf_counter() - started, 1)
    path = args.json or default_json_path(results)
    save(results, path)
    print(table.report(results, kernels))
    print(f"\n{results.duration_s} s in all; raw results: {path}")
    return 0


def default_json_path(results: RunResults) -> Path:
    stamp = results.started.replace(":", "").replace("-", "").replace("+0000", "Z")
    return HERE / "results" / f"{stamp}-{results.preset}.json"


if __name__ == "__main__":
    sys.exit(main())
