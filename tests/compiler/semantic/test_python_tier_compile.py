"""`kiln check` and the editor report what CPython's compiler rejects when
`kiln run` compiles the Python tier (audit-3 S1): the expected line, column
and message are CPython's own for the same text."""
from __future__ import annotations

import pytest

from kiln.compiler.semantic import MemoryLoader, Workspace, check_program
from kiln.compiler.syntax.source import SourceFile

PATH = "/virtual/prog.kiln"

REJECTED = {
    "duplicate_argument": "def f(a, a):\n    pass\n",
    "await_at_module_level": "async def x():\n    pass\nawait x()\n",
    "starred_assignment_value": "a = [1]\nx = *a\n",
    "two_starred_targets": "d = [1, 2]\na, *b, *c = d\n",
    "repeated_keyword": "print(a=1, a=2)\n",
    "assign_to_debug": "__debug__ = 1\n",
    "future_braces": "from __future__ import braces\n",
    "late_future_import": "import os\nfrom __future__ import annotations\n",
    "import_star_in_function": "def f():\n    from os import *\n",
    "return_value_in_async_generator": "async def f():\n    yield 1\n    return 2\n",
    "async_comprehension_outside_async": "y = []\nz = [i async for i in y]\n",
    "irrefutable_case_first": "match 1:\n    case a:\n        pass\n    case 2:\n        pass\n",
    "repeated_capture_in_pattern": "match [1, 2]:\n    case [a, a]:\n        pass\n",
    "compile_error_next_to_compiled_code": "fn twice(x: Int) -> Int:\n    return x * 2\n\n"
                                           "def f(a, a):\n    return twice(a)\n",
}


def cpython_verdict(text: str) -> tuple[int, int, str]:
    """(line, 0-based UTF-8 column, message) of CPython's SyntaxError; Kiln
    lowers `fn` code away first, so CPython sees the Python lines only."""
    python = "\n".join("" if line.startswith(("fn ", "    return x")) else line
                       for line in text.split("\n"))
    with pytest.raises(SyntaxError) as info:
        compile(python, "<expected>", "exec", dont_inherit=True)
    exc = info.value
    return exc.lineno, exc.offset - 1, exc.msg


def located(diags, text: str) -> list[tuple[str, int, int, str]]:
    source = SourceFile(PATH, text)
    out = []
    for d in diags:
        pos = source.position(d.span.start)
        out.append((d.code, pos.line, pos.col, d.message))
    return out


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_check_program_reports_cpythons_compile_error(name):
    text = REJECTED[name]
    line, col, message = cpython_verdict(text)
    assert located(check_program({PATH: text}, PATH), text) == [("K0553", line, col, message)]


def test_the_editor_sees_it_too():
    text = REJECTED["duplicate_argument"]
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    [diag] = ws.diagnostics(PATH)
    assert diag.code == "K0553" and diag.hint and diag.is_error


def test_compile_warnings_are_warnings():
    text = "x = 'a'\nif x is 'a':\n    pass\n"
    [diag] = check_program({PATH: text}, PATH)
    assert diag.code == "K0554" and not diag.is_error


def test_errors_the_checker_reports_are_not_doubled():
    text = "x = 1\nreturn x\n"
    assert [d.code for d in check_program({PATH: text}, PATH)] == ["K0382"]


def test_valid_files_stay_clean():
    text = ("import sys\n\nfn double(x: Int) -> Int:\n    return x * 2\n\n"
            "def f(*args, **kw):\n    return [a for a in kw] if sys else double(len(args))\n")
    assert check_program({PATH: text}, PATH) == []
