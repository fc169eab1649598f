"""Valid Python must produce no diagnostics from the Python-tier name
resolution: a deterministic sample of CPython's own standard library, read as
`.kiln` files (every valid Python module is a valid Kiln module)."""
from __future__ import annotations

import pathlib
import sysconfig

import pytest

from kiln.compiler.semantic import check_program

STDLIB = pathlib.Path(sysconfig.get_paths()["stdlib"])
# Names the stdlib really leaves undefined (found by this very check): allowed.
KNOWN = {("idlelib/stackviewer.py", "intentional_name_error")}


def _sample(stride: int = 23) -> list[pathlib.Path]:
    files = sorted(p for p in STDLIB.rglob("*.py")
                   if "site-packages" not in p.parts and "test" not in p.parts
                   and "tests" not in p.parts)
    return files[::stride]


@pytest.mark.parametrize("path", _sample(), ids=lambda p: str(p.relative_to(STDLIB)))
def test_stdlib_module_has_no_python_tier_diagnostics(path):
    try:
        text = path.read_text(encoding="utf-8")
        compile(text, str(path), "exec")
    except (UnicodeDecodeError, SyntaxError, ValueError):
        pytest.skip("CPython itself cannot compile this file")
    name = str(path)
    problems = []
    for d in check_program({name: text}, name):
        if d.code in ("K0504",):           # optional third-party or platform modules
            continue
        word = text.encode()[d.span.start:d.span.end].decode()
        if (str(path.relative_to(STDLIB)), word) in KNOWN:
            continue
        line = text.encode()[:d.span.start].count(b"\n") + 1
        problems.append(f"{line}: {d.code} {d.message}")
    assert problems == []
