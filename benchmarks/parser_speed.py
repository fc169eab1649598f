"""Parser speed: warm parse of a generated 5,000-line Kiln + Python module, and
a fresh process that imports the parser and parses a 100-line file.

    .venv/bin/python benchmarks/parser_speed.py [--lines N] [--repeat R] [--profile]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

KILN_UNIT = '''
alias WIDTH{i} = 8

@value
struct Vec{i}[dtype: DType](Stringable):
    var x: Float64
    var y: Float64

    fn __init__(inout self, x: Float64, y: Float64):
        self.x = x
        self.y = y

    fn dot(self, other: Self) -> Float64:
        return self.x * other.x + self.y * other.y

fn saxpy{i}(a: Float32, x: UnsafePointer[Float32], y: UnsafePointer[Float32], n: Int) raises:
    @parameter
    fn body[width: Int](i: Int):
        y.store[width=width](i, a * x.load[width=width](i) + y.load[width=width](i))
    vectorize[body, simdwidthof[DType.float32]()](n)
    var total: Int = 0
    for k in range(n):
        if k % 3 == 0 and k != 7:
            total += k ^ 2
        elif k > 100:
            break
    let s = String("done")
    take(s^)

def report{i}(items, *, verbose=False):
    """Summarize items."""
    counts = {{name: len(v) for name, v in items.items() if v}}
    try:
        value = sorted(counts, key=lambda k: -counts[k])[0]
    except (IndexError, KeyError) as e:
        value = None
    print(f"{{value!r:>10}} {{len(counts)}} items", end="")
    return [x * 2 for x in range(10) if x % 2], (value, counts)
'''


def generate(lines: int) -> str:
    parts, i = [], 0
    while sum(p.count("\n") for p in parts) < lines:
        parts.append(KILN_UNIT.format(i=i))
        i += 1
    return "".join(parts)


def warm(text: str, repeat: int) -> float:
    from kiln.compiler.syntax.parser import parse
    result = parse(text)
    assert not result.diagnostics, result.diagnostics[:3]
    best = best_cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        parse(text)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu


def _run(cmd: list[str]) -> tuple[float, float]:
    """(wall, CPU of the child) for one subprocess."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user
                  + after.children_system - before.children_system)


def fresh_process(text: str, runs: int = 7):
    with tempfile.NamedTemporaryFile("w", suffix=".kiln", delete=False) as f:
        f.write(text)
    code = ("import sys\nfrom kiln.compiler.syntax.parser import parse\n"
            "r = parse(open(sys.argv[1]).read(), sys.argv[1])\nassert not r.diagnostics\n")
    subprocess.run([sys.executable, "-c", code, f.name], check=True)  # warms the table cache
    parse_runs = [_run([sys.executable, "-c", code, f.name]) for _ in range(runs)]
    bare_runs = [_run([sys.executable, "-c", "pass"]) for _ in range(runs)]
    os.unlink(f.name)
    return min(parse_runs), min(bare_runs)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    text = generate(args.lines)
    n = text.count("\n")
    if args.profile:
        import cProfile
        import pstats
        from kiln.compiler.syntax.parser import parse
        parse(text)
        cProfile.runctx("parse(text)", globals(), {"parse": parse, "text": text}, "/tmp/kiln-parse.prof")
        pstats.Stats("/tmp/kiln-parse.prof").sort_stats("tottime").print_stats(20)
        return 0
    wall, cpu = warm(text, args.repeat)
    print(f"warm parse of {n} lines: {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall "
          f"({n / cpu:,.0f} lines/s of CPU)")
    small = generate(100)
    (wall, cpu), (bare_wall, bare_cpu) = fresh_process(small)
    print(f"fresh process, import + parse of {small.count(chr(10))} lines: "
          f"{cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall; of which the bare interpreter "
          f"(`python -c pass`) is {bare_cpu * 1000:.0f} ms CPU, {bare_wall * 1000:.0f} ms wall")
    return 0


if __name__ == "__main__":
    sys.exit(main())
