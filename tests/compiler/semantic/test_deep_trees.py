"""The front end never crashes on deep trees: valid Python with thousands of
chained operators, attributes, subscripts, unary operators, conditional
expressions or lambdas gets no error (as under CPython), and trees deeper
than the parser accepts (built here with CPython's own parser, whose limit
can be raised) still get an answer from every pass and editor query."""
from __future__ import annotations

import ast
import sys

import pytest

from kiln.compiler.semantic import MemoryLoader, Workspace, check_program
from kiln.compiler.semantic.analysis import declare
from kiln.compiler.semantic.program_context import ProgramContext
from kiln.compiler.syntax.result import ParseResult
from kiln.compiler.syntax.source import SourceFile

PATH = "/deep/m.kiln"


def shapes(n: int) -> dict[str, str]:
    return {
        "sum": "x = " + " + ".join(["1"] * n) + "\n",
        "and_or": "a = b = 1\nx = " + " and ".join(["a or b"] * n) + "\n",
        "attributes": "import os\nx = os" + ".path" * n + "\n",
        "subscripts": "d = {}\nx = d" + "[0]" * n + "\n",
        "unary": "x = " + "- " * n + "1\n",
        "conditionals": "c = 1\nx = " + "c if c else " * n + "c\n",
        "lambdas": "f = " + "lambda: " * min(n, 2500) + "0\n",   # CPython's parser runs out above
        "in_a_def": "def f(a):\n    return " + " * ".join(["a"] * n) + "\n",
        "call_chain": "s = ''\nx = s" + ".strip()" * n + "\n",
    }


@pytest.mark.parametrize("shape", sorted(shapes(1)))
def test_valid_python_within_the_parsers_limit_has_no_errors(shape):
    text = shapes(1400 if shape == "call_chain" else 2900)[shape]    # a call is 2 levels
    diags = check_program({PATH: text}, PATH)
    assert not [d for d in diags if d.is_error], diags[:3]


def _cpython_tree(text: str) -> ast.Module:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)
    try:
        return ast.parse(text)
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize("shape", sorted(shapes(1)))
def test_the_binder_needs_no_recursion(shape):
    text = shapes(5000)[shape]
    parsed = ParseResult(SourceFile(PATH, text), _cpython_tree(text), [])
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)      # the default: the walk must not depend on it
    try:
        analysis = declare(PATH, parsed, ProgramContext(lambda p: None, lambda p: None))
    finally:
        sys.setrecursionlimit(limit)
    assert not analysis.bound.diagnostics
    assert set(analysis.names) >= {"x"} or set(analysis.names) >= {"f"}


@pytest.mark.parametrize("shape", sorted(shapes(1)))
def test_trees_deeper_than_the_parser_allows_are_answered(shape):
    text = shapes(5000)[shape]
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    # The parser stops at 3,000 levels; feed CPython's tree to the analysis as
    # if the parser had accepted it.
    ws._parses[PATH] = (text, ParseResult(SourceFile(PATH, text), _cpython_tree(text), []))
    size = len(text.encode())
    for d in ws.diagnostics(PATH):
        assert 0 <= d.span.start <= d.span.end <= size
        assert not d.is_error or d.code in ("K0553", "K0900"), d
    for offset in (0, size // 2, size - 2):
        ws.hover(PATH, offset)
        ws.completions(PATH, offset)
        ws.definition(PATH, offset)
        ws.references(PATH, offset)
    ws.semantic_tokens(PATH)
    ws.document_symbols(PATH)
