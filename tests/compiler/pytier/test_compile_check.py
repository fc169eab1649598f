"""python_tier_diagnostics: the errors CPython's compiler adds to its parser's,
found without running anything. Each case is differential: the expected
line, column and message are what `compile()` of the same text says."""
from __future__ import annotations

import sys

import pytest

from kiln.compiler.diagnostics import make
from kiln.compiler.pytier.compile_check import python_tier_diagnostics
from kiln.compiler.syntax.parser import parse

PATH = "/virtual/prog.kiln"

# Python the parser accepts and CPython's compiler rejects (audit-3, S1).
REJECTED = {
    "duplicate_argument": "def f(a, a):\n    pass\n",
    "duplicate_lambda_argument_after_non_ascii": "é = 'ééé'; z = (lambda a, a: 1)\n",
    "await_at_module_level": "await x\n",
    "starred_assignment_value": "a = [1]\nx = *a\n",
    "two_starred_targets": "d = [1, 2]\na, *b, *c = d\n",
    "repeated_keyword": "print(a=1, a=2)\n",
    "assign_to_debug": "__debug__ = 1\n",
    "future_braces": "from __future__ import braces\n",
    "late_future_import": "import os\nfrom __future__ import annotations\n",
    "import_star_in_function": "def f():\n    from os import *\n",
    "return_value_in_async_generator": "async def f():\n    yield 1\n    return 2\n",
    "yield_from_in_async_function": "async def f(g):\n    yield from g\n",
    "async_comprehension_outside_async": "y = []\nz = [i async for i in y]\n",
    "irrefutable_case_first": "match 1:\n    case a:\n        pass\n    case 2:\n        pass\n",
    "repeated_capture_in_pattern": "match [1, 2]:\n    case [a, a]:\n        pass\n",
    "nonlocal_without_binding": "def f():\n    nonlocal x\n",
}


def cpython_verdict(text: str) -> tuple[int, int, str]:
    """(line, 0-based UTF-8 column, message) of CPython's SyntaxError."""
    with pytest.raises(SyntaxError) as info:
        compile(text, "<expected>", "exec", dont_inherit=True)
    exc = info.value
    return exc.lineno, exc.offset - 1, exc.msg  # compiler errors count bytes, +1


def check(text: str, expected: list[tuple[str, int, int, str]], reported=()) -> None:
    parsed = parse(text, PATH)
    assert parsed.ok, parsed.diagnostics
    got = []
    for d in python_tier_diagnostics(parsed, reported):
        pos = parsed.source.position(d.span.start)
        assert d.span.file == PATH and d.hint
        got.append((d.code, pos.line, pos.col, d.message))
    assert got == expected


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_same_error_as_cpython(name):
    text = REJECTED[name]
    line, col, message = cpython_verdict(text)
    check(text, [("K0553", line, col, message)])


def test_valid_python_has_no_diagnostics():
    check("import sys\n\ndef f(*args, **kw):\n    return [a for a in kw] if sys else args\n"
          "async def g():\n    return [x async for x in g()]\n", [])


def test_kiln_code_in_a_def_is_lowered_first():
    check("def f():\n    var x: Int = 1\n    let y = x^\n    return y\n", [])
    check("def f():\n    fn g(x: Int) -> Int:\n        return x\n",
          [("K0551", 2, 4, "`fn g` cannot be declared inside a `def` function")])


def test_compile_warnings_are_warnings():
    text = "x = 'a'\nif x is 'a':\n    pass\n"
    parsed = parse(text, PATH)
    [diag] = python_tier_diagnostics(parsed)
    assert diag.code == "K0554" and not diag.is_error
    assert diag.message == 'SyntaxWarning: "is" with a literal. Did you mean "=="?'
    assert parsed.source.slice(diag.span) == "if x is 'a':"


def test_syntax_errors_leave_nothing_to_compile():
    parsed = parse("def f(a, a):\n    pass\ndef g(:\n", PATH)
    assert not parsed.ok and python_tier_diagnostics(parsed) == []


def test_an_error_already_reported_on_the_line_is_not_repeated():
    text = "x = 1\nreturn x\n"
    parsed = parse(text, PATH)
    line2 = parsed.source.line_start(2)
    theirs = make.error("K0382", parsed.source.span(line2, line2 + 6), "`return` outside a function")
    elsewhere = make.error("K0101", parsed.source.span(0, 1), "undefined name")
    check(text, [], reported=[theirs])
    check(text, [("K0553", 2, 0, "'return' outside function")], reported=[elsewhere])


def test_reads_no_file(tmp_path):
    # CPython quotes the offending line from the file named in compile():
    # the analysis must not touch the disk, whatever the path.
    path = tmp_path / "prog.kiln"
    path.write_text("def f(a, a):\n    pass\n")
    parsed = parse(path.read_text(), str(path))
    opened: list[str] = []
    watching = [True]

    def hook(event, args):
        if watching[0] and event == "open":
            opened.append(str(args[0]))

    sys.addaudithook(hook)  # cannot be removed: it stops listening instead
    try:
        [diag] = python_tier_diagnostics(parsed)
    finally:
        watching[0] = False
    assert diag.code == "K0553" and str(path) not in opened


def test_does_not_load_the_semantic_model(shared_cache_dir):
    # The semantic model calls this function: the reverse import would be a cycle.
    import os
    import subprocess
    code = ("import sys\n"
            "from kiln.compiler.syntax.parser import parse\n"
            "from kiln.compiler.pytier.compile_check import python_tier_diagnostics\n"
            "python_tier_diagnostics(parse('def f():\\n    var x = 1\\n', '/v/p.kiln'))\n"
            "print(sorted(m for m in sys.modules if m.startswith('kiln.compiler.semantic')))\n")
    env = {**os.environ, "KILN_CACHE_DIR": str(shared_cache_dir)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert (out.returncode, out.stdout) == (0, "[]\n"), out.stderr


@pytest.mark.parametrize("outer_limit", [1_000, 30_000])
def test_long_operator_chains_compile_as_under_python3(outer_limit):
    # python3 compiles a 2,500-term sum; the semantic model calls this with
    # its recursion limit raised, which must not change the verdict.
    text = "x = " + " + ".join(f"v{i}" for i in range(2500)) + "\n"
    compile(text, "<expected>", "exec")
    parsed = parse(text, PATH)
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(outer_limit)
    try:
        assert python_tier_diagnostics(parsed) == []
        assert sys.getrecursionlimit() == outer_limit
    finally:
        sys.setrecursionlimit(saved)
