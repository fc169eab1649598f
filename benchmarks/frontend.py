"""Front-end throughput: parse + resolve + type-check of a generated module.

    .venv/bin/python benchmarks/frontend.py [--lines 5000] [--repeat 5]

Prints, for a generated module of both tiers (structs with methods and
operators, SIMD/pointer kernels, generic fns, `def`s with comprehensions):
- warm: in one process with the grammar loaded, the median time of a full
  check (parse + analysis) and of its two halves, and lines per second;
- re-check after a one-character edit (what the language server pays per
  keystroke), CPU time as well as wall time;
- cold: a fresh interpreter that imports Kiln and checks the file;
- `kiln check` of a 100-line file, wall time including interpreter start-up.
Targets (issue 3): 5,000 lines in < 1 s warm; `kiln check` of 100 lines < 0.4 s.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

UNIT = '''\
@value
struct P{i}:
    var x: Float64
    var y: Float64

    fn norm2(self) -> Float64:
        return self.x * self.x + self.y * self.y

    fn __add__(self, o: P{i}) -> P{i}:
        return P{i}(self.x + o.x, self.y + o.y)


fn scale{i}[dtype: DType, width: Int](v: SIMD[dtype, width], k: Scalar[dtype]) -> SIMD[dtype, width]:
    return v * k


fn kernel{i}(n: Int, p: UnsafePointer[Float32]) -> Float64:
    var total: Float64 = 0
    var a = P{i}(1.0, 2.0)
    for j in range(n):
        let b = P{i}(Float64(j), 0.5)
        a = a + b
        if a.norm2() > 100.0:
            total += a.norm2()
        else:
            total -= 1.0
    var v = SIMD[DType.float32, 8](0)
    for k in range(0, n, 8):
        v += scale{i}(p.load[width=8](k), 2.0)
    return total + Float64(v.reduce_add())


def helper{i}(data, scale=2):
    out = [x * scale for x in data if x > 0]
    return {{"n": len(out), "total": sum(out), "k": kernel{i}}}

'''


def generate(lines: int) -> str:
    parts = ['"""Generated front-end benchmark module."""\n\n']
    count = 2
    i = 0
    while count < lines:
        unit = UNIT.format(i=i)
        parts.append(unit)
        count += unit.count("\n")
        i += 1
    return "".join(parts)


def _timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def warm(text: str, path: str, repeat: int) -> dict[str, float]:
    from kiln.compiler.semantic import MemoryLoader, Workspace
    from kiln.compiler.syntax.parser import parse

    parse(text, path)                          # grammar loaded, caches warm
    results: dict[str, list[float]] = {"parse": [], "analysis": [], "full": [], "full_cpu": [],
                                       "edit": [], "edit_cpu": []}
    for n in range(repeat):
        ws = Workspace(MemoryLoader({path: text}))
        ws.set_file(path, text)
        wall, _ = _timed(lambda: ws.syntax(path))
        results["parse"].append(wall)
        wall, _ = _timed(lambda: ws.analysis(path))
        results["analysis"].append(wall)
        ws2 = Workspace(MemoryLoader({path: text}))
        ws2.set_file(path, text)
        wall, cpu = _timed(lambda: ws2.diagnostics(path))
        results["full"].append(wall)
        results["full_cpu"].append(cpu)
        edited = text.replace("return v * k", f"return v * k  # {n}", 1)
        ws2.set_file(path, edited)
        wall, cpu = _timed(lambda: ws2.diagnostics(path))
        results["edit"].append(wall)
        results["edit_cpu"].append(cpu)
    return {k: statistics.median(v) for k, v in results.items()}


EDITS = {
    # what the language server sees per keystroke, deep in the file
    "type a character in an fn body": lambda t, n: _at(t, "total += a.norm2()", "total += a.norm2() ", n),
    "delete a character in an fn body": lambda t, n: _at(t, "total -= 1.0", "total -= 1.", n),
    "type a character in a def body": lambda t, n: _at(t, "if x > 0]", "if x > 1]", n),
    "press Enter in an fn body": lambda t, n: _at(t, "        else:\n", "\n        else:\n", n),
}


def _at(text: str, old: str, new: str, n: int) -> str:
    """Replace the occurrence of `old` about two thirds into the file (a
    different one each round, so no result is reused by accident)."""
    index = text.index(old, len(text) * 2 // 3 + 997 * n)
    return text[:index] + new + text[index + len(old):]


def edits(text: str, path: str, repeat: int) -> dict[str, tuple[float, float, float]]:
    """Per kind of edit: median CPU ms of the re-parse, of the re-analysis
    (with the Python tier's compile check), and wall ms of the whole."""
    from kiln.compiler.semantic import MemoryLoader, Workspace
    out = {}
    for name, make in EDITS.items():
        parse_s, analysis_s, wall_s = [], [], []
        ws = Workspace(MemoryLoader({path: text}))
        ws.set_file(path, text)
        ws.diagnostics(path)
        for n in range(repeat):
            ws.set_file(path, make(text, n))
            w0 = time.perf_counter()
            _, parse_cpu = _timed(lambda: ws.syntax(path))
            _, analysis_cpu = _timed(lambda: ws.diagnostics(path))
            wall_s.append(time.perf_counter() - w0)
            parse_s.append(parse_cpu)
            analysis_s.append(analysis_cpu)
            ws.set_file(path, text)
            ws.diagnostics(path)
        out[name] = (statistics.median(parse_s) * 1000, statistics.median(analysis_s) * 1000,
                     statistics.median(wall_s) * 1000)
    return out


def cold(path: str) -> float:
    code = ("import sys; from kiln.compiler.semantic import check_program; "
            f"t=open({path!r}).read(); check_program({{{path!r}: t}}, {path!r})")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def kiln_check_wall(path: str, repeat: int) -> float:
    exe = os.path.join(os.path.dirname(sys.executable), "kiln")
    cmd = [exe] if os.path.exists(exe) else [sys.executable, "-m", "kiln"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([*cmd, "check", path], cwd=ROOT, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    text = generate(args.lines)
    nlines = text.count("\n")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bench_module.kiln")
        with open(path, "w") as fh:
            fh.write(text)
        small = os.path.join(tmp, "small.kiln")
        with open(small, "w") as fh:
            fh.write(generate(100))
        w = warm(text, path, args.repeat)
        e = edits(text, path, args.repeat)
        cold_s = cold(path)
        check_s = kiln_check_wall(small, args.repeat)
    print(f"front end on a generated module of {nlines} lines (median of {args.repeat})")
    print(f"  warm  parse                 {w['parse'] * 1000:8.1f} ms")
    print(f"  warm  resolve + type-check  {w['analysis'] * 1000:8.1f} ms")
    print(f"  warm  full check            {w['full'] * 1000:8.1f} ms wall, {w['full_cpu'] * 1000:.1f} ms CPU"
          f"  -> {nlines / w['full']:,.0f} lines/s (target < 1000 ms)")
    print(f"  warm  re-check after edit   {w['edit'] * 1000:8.1f} ms wall, {w['edit_cpu'] * 1000:.1f} ms CPU")
    print("  edits (CPU ms: re-parse + re-analysis and diagnostics; wall ms of both)")
    for name, (p_ms, a_ms, wall_ms) in e.items():
        print(f"    {name:34s} {p_ms:6.1f} + {a_ms:6.1f} ms CPU, {wall_ms:6.1f} ms wall")
    print(f"  cold  fresh process         {cold_s * 1000:8.1f} ms  -> {nlines / cold_s:,.0f} lines/s")
    print(f"  kiln check, 100-line file   {check_s * 1000:8.1f} ms wall (target < 400 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
