"""Expand-selection chains over a syntax tree."""
import ast
import textwrap

from kiln.compiler.syntax.source import SourceFile
from kiln.lsp.selection import enclosing_spans


def check(text, marker, expected):
    text = textwrap.dedent(text)
    source = SourceFile("t.kiln", text)
    offset = text.index(marker)
    chain = enclosing_spans(ast.parse(text), source, offset)
    assert [source.slice(s) for s in chain] == expected


def test_chain_grows_from_name_to_file():
    text = """\
        @deco
        def f(a):
            return g(a + 1)
        x = 2
        """
    check(text, "a + 1", [
        "a", "a + 1", "g(a + 1)", "return g(a + 1)",
        "@deco\ndef f(a):\n    return g(a + 1)", textwrap.dedent(text),
    ])


def test_decorator_is_inside_its_function():
    check("@deco\ndef f(): pass\n", "deco", ["deco", "@deco\ndef f(): pass",
                                             "@deco\ndef f(): pass\n"])
