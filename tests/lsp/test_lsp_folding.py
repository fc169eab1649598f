"""Folding ranges over a syntax tree (Python-only text: CPython's tree has
the same shape the Kiln parser builds for it)."""
import ast
import textwrap

from kiln.compiler.syntax.source import SourceFile
from kiln.lsp.folding import folds


def check(text, expected):
    text = textwrap.dedent(text)
    got = [(f.start, f.end, f.kind) for f in folds(ast.parse(text), SourceFile("t.kiln", text))]
    assert got == expected


def test_blocks_branches_and_handlers_fold_separately():
    check("""\
        import os
        import sys
        # one
        # two
        def f(x):
            if x:
                return 1
            elif x > 2:
                return 2
            else:
                return 3
            try:
                pass
            except E:
                pass
            finally:
                y = [
                    1,
                ]
        """, [
        (1, 2, "imports"), (3, 4, "comment"), (5, 19, None), (6, 7, None),
        (8, 9, None), (10, 11, None), (12, 13, None), (14, 15, None), (16, 19, None),
        (17, 19, None),
    ])


def test_hash_inside_a_string_is_not_a_comment():
    check('''\
        s = """
        # not a comment
        # still not
        """
        ''', [(1, 4, None)])
