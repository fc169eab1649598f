"""CPython's nesting limits: what it compiles the parser accepts without
recursion (at the default recursion limit), what it refuses becomes one
diagnostic, never an internal error."""
from __future__ import annotations

import ast
import sys

import pytest

from kiln.compiler.syntax.parser import parse

CHAINS = {
    "plus": lambda n: "+".join(["a"] * n),
    "unary": lambda n: "-" * n + "1",
    "not": lambda n: "not " * n + "a",
    "calls": lambda n: "f" + "()" * n,
    "attributes": lambda n: "a" + ".b" * n,
    "subscripts": lambda n: "a" + "[0]" * n,
    "conditional": lambda n: "a if b else " * n + "c",
    "lambda": lambda n: "lambda: " * n + "0",
    "power": lambda n: "**".join(["2"] * n),
    "mixed": lambda n: "+".join(["-a.b()[0]"] * (n // 5)),
    "and": lambda n: " and ".join(["a"] * n),
    "compare": lambda n: " < ".join(["a"] * n),
}


def check(text: str, codes: list[str]) -> None:
    result = parse(text)
    assert [d.code for d in result.diagnostics] == codes, [d.message for d in result.diagnostics]
    assert isinstance(result.module, ast.Module)


@pytest.fixture(autouse=True)
def default_recursion_limit():
    """Deep trees must not need a raised limit in the parser."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    yield
    sys.setrecursionlimit(old)


@pytest.mark.parametrize("kind", CHAINS)
def test_chains_cpython_parses_parse(kind):
    text = "x = " + CHAINS[kind](2500) + "\n"
    ast.parse(text)  # CPython takes it
    check(text, [])


@pytest.mark.parametrize("kind", [k for k in CHAINS if k not in ("and", "compare", "mixed")])
def test_chains_too_deep_for_cpython_are_one_diagnostic(kind):
    text = "def f():\n    x = " + CHAINS[kind](3100) + "\n    return x\n"
    with pytest.raises((RecursionError, MemoryError, SyntaxError)):
        compile(text, "chain", "exec")
    check(text, ["K0011"])


def test_deep_expression_inside_an_fstring():
    check('x = f"{' + CHAINS["plus"](5000) + '}"\n', ["K0011"])
    check('x = f"{a:{' + CHAINS["unary"](5000) + '}}"\n', ["K0011"])
    check('x = f"{' + CHAINS["plus"](1000) + '}"\n', [])


def test_indentation_levels_like_cpython():
    def nested(n):
        return "".join(" " * i + "if x:\n" for i in range(n)) + " " * n + "pass\n"
    check(nested(99), [])
    result = parse(nested(120))
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("K0002", "too many levels of indentation")]
    assert result.source.position(result.diagnostics[0].span.start).line == 101
