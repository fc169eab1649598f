"""The printed report: the kernel table (times, ratio to C, compile and
process time, checksum verdict), the toolchain measurements and the bar."""
from __future__ import annotations

from . import units
from .bar import BarCheck
from .kernels import Kernel
from .results import RunResults
from .rows import Row

HEADER = ("kernel", "size", "peer", "kernel time", "x C", "cpu time", "cpu x C", "compile",
          "process", "checksum")
RIGHT_ALIGNED = {3, 4, 5, 6, 7, 8}


def _baseline(kernel: Kernel, rows: list[Row]) -> Row | None:
    for row in rows:
        if row.kernel == kernel.name and row.peer == kernel.baseline_peer and row.ok:
            return row
    return None


def _ratio(value: float | None, base: float | None) -> str:
    return units.ratio(value / base if value is not None and base else None)


def _process(row: Row) -> str:
    text = units.duration(row.process_ns)
    if row.cold_process_ns is not None:
        text += f" (cold {units.duration(row.cold_process_ns)})"
    return text


def _cells(row: Row, kernel: Kernel, preset: str, first: bool, base: Row | None) -> list[str]:
    lead = [kernel.name if first else "", kernel.size_label(preset) if first else "", row.peer]
    if not row.ok:
        return lead + [f"FAILED: {row.failed}"]
    per = "/call" if kernel.per_call else ""
    cpu = units.duration(row.kernel_cpu_ns) + per if row.kernel_cpu_ns is not None else "-"
    return lead + [units.duration(row.kernel_ns) + per, _ratio(row.kernel_ns, base and base.kernel_ns),
                   cpu, _ratio(row.kernel_cpu_ns, base and base.kernel_cpu_ns),
                   units.duration(row.compile_ns), _process(row),
                   f"{row.checksum!r} {row.check}".strip()]


def kernel_table(results: RunResults, kernels: list[Kernel]) -> str:
    lines: list[list[str]] = [list(HEADER)]
    for kernel in kernels:
        rows = [row for row in results.rows if row.kernel == kernel.name]
        base = _baseline(kernel, rows)
        lines.extend(_cells(row, kernel, results.preset, i == 0, base) for i, row in enumerate(rows))
    # a FAILED row has one free-text cell after the first three: it sizes only those
    full = [cells for cells in lines if len(cells) == len(HEADER)]
    widths = [max(len(cells[i]) for cells in (lines if i < 3 else full)) for i in range(len(HEADER))]
    out = []
    for cells in lines:
        parts = [cell.rjust(widths[i]) if i in RIGHT_ALIGNED else cell.ljust(widths[i])
                 for i, cell in enumerate(cells[:-1])]
        out.append("  ".join(parts + [cells[-1]]).rstrip())
    out.insert(1, "-" * min(max(len(line) for line in out), 120))
    return "\n".join(out)


def toolchain_lines(results: RunResults) -> list[str]:
    lines = []
    build = results.build
    if build is not None:
        if build.failed:
            lines.append(f"kiln build {build.example}: FAILED: {build.failed}")
        else:
            lines.append(f"kiln build {build.example}: built in {units.duration(build.build_ns)}, "
                         f"{units.size(build.exe_bytes)}, needs {', '.join(build.libs) or 'nothing'}; "
                         f"run over {build.runs} launches: best {units.duration(build.run_min_ns)}, "
                         f"median {units.duration(build.run_median_ns)} "
                         f"(/bin/true launched the same way: {units.duration(build.true_min_ns)})")
    run = results.run
    if run is not None:
        if run.failed:
            lines.append(f"kiln run {run.example}: FAILED: {run.failed}")
        else:
            lines.append(f"kiln run {run.example}: cold cache {units.duration(run.cold_ns)} "
                         f"(CPU {units.duration(run.cold_cpu_ns)}), warm cache {units.duration(run.warm_ns)} "
                         f"(CPU {units.duration(run.warm_cpu_ns)}; best of {len(run.warm_all_ns)})")
    return lines


def bar_lines(checks: list[BarCheck]) -> list[str]:
    if not checks:
        return []
    marks = {True: "pass", False: "MISS", None: "----"}
    width = max(len(check.name) for check in checks)
    return [f"  [{marks[check.passed]}] {check.name.ljust(width)}  {check.measured:>14}  (target {check.target})"
            for check in checks]


def header_lines(results: RunResults) -> list[str]:
    m = results.machine
    load = " ".join(f"{v:.2f}" for v in m.load_at_start)
    end = " ".join(f"{v:.2f}" for v in m.load_at_end) if m.load_at_end else "?"
    return [f"Kiln benchmarks, preset {results.preset}: best of {results.reps} repetitions "
            f"({results.slow_reps} for CPython), kernel time measured inside each process",
            f"machine: {m.cpu_model} ({m.simd}), nproc {m.nproc}, {m.system}; load average {load} at start, {end} at end",
            f"tools: Python {m.python}, {m.gcc}, "
            + ", ".join(f"{k} {v}" for k, v in m.packages.items()) + f", BLAS {m.blas}; kiln {m.kiln_commit}",
            "threads: " + " ".join(f"{k}={v}" for k, v in results.thread_env.items())]


def report(results: RunResults, kernels: list[Kernel]) -> str:
    parts = header_lines(results) + ["", kernel_table(results, kernels)]
    notes = [f"  {k.name}: checksums may differ by up to {k.tolerance:g} (relative): {k.tolerance_reason}"
             for k in kernels if k.tolerance]
    if notes:
        parts += ["", "checksum tolerances:"] + notes
    tool = toolchain_lines(results)
    if tool:
        parts += [""] + tool
    if results.bar:
        parts += ["", "the bar (issue 4):"] + bar_lines(results.bar)
    return "\n".join(parts)
