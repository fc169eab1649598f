"""Recovery as `kiln check` sees it: each fixture in recovery/ gives exactly one
diagnostic per line marked `# ERROR` (a syntax error) or `# TYPE ERROR` (a
real semantic error after them) and nothing else, so what recovery keeps
causes no follow-on errors in the semantic model (undefined names, a missing
return, a return outside a function, argument order ...)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiln.compiler.semantic.program import check_program
from kiln.compiler.syntax.source import SourceFile

FIXTURES = sorted((Path(__file__).parent / "recovery").iterdir())


def check(path: Path) -> None:
    text = path.read_text()
    expected = []
    for number, line in enumerate(text.splitlines(), 1):
        if "# ERROR" in line:
            expected.append((number, "syntax"))
        elif "# TYPE ERROR" in line:
            expected.append((number, "semantic"))
    source = SourceFile(str(path), text)
    got = [(source.position(d.span.start).line, "syntax" if d.code < "K0100" else "semantic")
           for d in check_program({str(path): text}, str(path))]
    assert sorted(got) == expected, [
        (source.position(d.span.start).line, d.code, d.message)
        for d in check_program({str(path): text}, str(path))]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_whole_check_reports_each_error_once(path):
    check(path)
