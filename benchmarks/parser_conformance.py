"""Kiln's parser against CPython's on every .py file of the standard library.

    .venv/bin/python benchmarks/parser_conformance.py [-j N] [--show K] [DIR]

For each file CPython itself can parse (and that decodes as UTF-8), compares
`ast.dump(..., include_attributes=True)` of `kiln.compiler.syntax.parse` with
`ast.parse`, prints `passed N/M` and the first failures with the first line
where the two dumps differ.
"""
from __future__ import annotations

import argparse
import ast
import multiprocessing
import os
import sys
import sysconfig
import time
import warnings


def stdlib_files(root: str) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "__pycache__"))
        out.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py"))
    return sorted(out)


def reference(path: str) -> tuple[str, str] | None:
    """(text, CPython's dump), or None when CPython itself rejects the file."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return text, ast.dump(ast.parse(text), include_attributes=True)
    except (SyntaxError, UnicodeDecodeError, ValueError, RecursionError, MemoryError):
        return None


def check_file(path: str) -> tuple[str, str, str]:
    """('pass' | 'fail' | 'skip', path, detail)."""
    from kiln.compiler.syntax.parser import parse
    ref = reference(path)
    if ref is None:
        return "skip", path, ""
    text, expected = ref
    result = parse(text, path)
    try:
        got = ast.dump(result.module, include_attributes=True)
    except Exception as e:  # a non-AST object left in the tree
        return "fail", path, f"dump failed: {e!r}"
    if got == expected and not result.diagnostics:
        return "pass", path, ""
    if result.diagnostics:
        d = result.diagnostics[0]
        pos = result.source.position(d.span.start)
        return "fail", path, f"{len(result.diagnostics)} diagnostics, first {pos.line}:{pos.col}: {d.message}"
    return "fail", path, first_difference(got, expected)


def first_difference(got: str, expected: str) -> str:
    i = next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
    return f"at {i}: got ...{got[max(0, i - 120):i + 80]!r}\n      expected ...{expected[max(0, i - 120):i + 80]!r}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("root", nargs="?", default=sysconfig.get_paths()["stdlib"])
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=15, help="failures to print")
    args = ap.parse_args(argv)
    files = stdlib_files(args.root)
    start = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        results = pool.map(check_file, files, chunksize=8)
    elapsed = time.perf_counter() - start
    failures = [r for r in results if r[0] == "fail"]
    checked = [r for r in results if r[0] != "skip"]
    for _, path, detail in failures[:args.show]:
        print(f"FAIL {path}\n     {detail}")
    print(f"passed {len(checked) - len(failures)}/{len(checked)} "
          f"({len(results) - len(checked)} files skipped: CPython rejects them or not UTF-8) "
          f"in {elapsed:.1f}s")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
