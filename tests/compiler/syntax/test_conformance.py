"""Kiln's parser builds exactly CPython's tree (positions included) for the
standard library: a deterministic sample by default, every file with --run-slow."""
from __future__ import annotations

import ast
import sysconfig
import warnings
from pathlib import Path

import pytest

from kiln.compiler.syntax.parser import parse

SAMPLE_SIZE = 320


def _stdlib_files() -> list[Path]:
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)


ALL_FILES = _stdlib_files()
STRIDE = max(1, len(ALL_FILES) // SAMPLE_SIZE)
SAMPLE = ALL_FILES[::STRIDE]


def _ids(paths):
    root = Path(sysconfig.get_paths()["stdlib"])
    return [str(p.relative_to(root)) for p in paths]


def check_conforms(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = ast.dump(ast.parse(text), include_attributes=True)
    except (SyntaxError, UnicodeDecodeError, ValueError, RecursionError):
        pytest.skip("CPython itself cannot parse this file (or it is not UTF-8)")
    result = parse(text, str(path))
    assert [d.message for d in result.diagnostics] == []
    got = ast.dump(result.module, include_attributes=True)
    if got != expected:
        i = next(k for k, (a, b) in enumerate(zip(got + "\0", expected + "\0")) if a != b)
        pytest.fail(f"first difference at {i}:\n got      {got[max(0, i - 150):i + 60]}\n"
                    f" expected {expected[max(0, i - 150):i + 60]}")


@pytest.mark.parametrize("path", SAMPLE, ids=_ids(SAMPLE))
def test_stdlib_sample(path):
    check_conforms(path)


FULL = [p for p in ALL_FILES if p not in set(SAMPLE)]


@pytest.mark.slow
@pytest.mark.parametrize("path", FULL, ids=_ids(FULL))
def test_stdlib_full(path):
    check_conforms(path)
