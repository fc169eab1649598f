"""render(): the rustc-style text of a diagnostic, golden."""
from __future__ import annotations

import textwrap

from kiln.compiler.diagnostics import make
from kiln.compiler.diagnostics.diagnostic import Note
from kiln.compiler.diagnostics.render import MAX_SHOWN, render
from kiln.compiler.syntax.source import SourceFile


def check(text: str, span_text: str, expected: str, *, nth: int = 0, notes=()) -> None:
    """Render an error on the `nth` occurrence of `span_text` in `text`."""
    source = SourceFile("prog.kiln", text)
    start = -1
    for _ in range(nth + 1):
        start = text.index(span_text, start + 1)
    begin = len(text[:start].encode())
    span = source.span(begin, begin + len(span_text.encode()))
    notes = tuple(Note(m, source.span(*o)) for m, o in notes)
    diag = make.error("K0101", span, "undefined name", hint="define it", notes=notes)
    assert render(diag, source) == textwrap.dedent(expected).strip("\n")


def test_short_line_is_shown_whole():
    check("x = 1\ny = zz + 1\n", "zz", """
        prog.kiln:2:5: error[K0101]: undefined name
          |
        2 | y = zz + 1
          |     ^^
          = hint: define it
    """)


def test_long_line_is_cut_around_the_span():
    text = "total = " + " + ".join(f"v{i}" for i in range(200)) + " + missing\n"
    source_col = text.index("missing") + 1
    check(text, "missing", f"""
        prog.kiln:1:{source_col}: error[K0101]: undefined name
          |
        1 | ...{text[len(text) - 1 - MAX_SHOWN:-1]}
          |    {" " * (MAX_SHOWN - 7)}^^^^^^^
          = hint: define it
    """)


def test_long_line_keeps_its_start_when_the_span_is_there():
    text = "missing(" + ", ".join(str(i) for i in range(100)) + ")\n"
    check(text, "missing", f"""
        prog.kiln:1:1: error[K0101]: undefined name
          |
        1 | {text[:MAX_SHOWN]}...
          | ^^^^^^^
          = hint: define it
    """)


def test_span_in_the_middle_of_a_long_line_has_context_both_sides():
    text = "a = [" + "1, " * 100 + "bad, " + "2, " * 100 + "]\n"
    rendered_start = text.index("bad") - 40
    check(text, "bad", f"""
        prog.kiln:1:{text.index("bad") + 1}: error[K0101]: undefined name
          |
        1 | ...{text[rendered_start:rendered_start + MAX_SHOWN]}...
          | {" " * 43}^^^
          = hint: define it
    """)


def test_a_span_wider_than_the_window_is_clipped():
    text = "x = " + "[" * 500 + "\n"
    check(text, "[" * 500, f"""
        prog.kiln:1:5: error[K0101]: undefined name
          |
        1 | {text[:MAX_SHOWN]}...
          |     {"^" * (MAX_SHOWN - 4)}
          = hint: define it
    """)


def test_tabs_before_the_span_are_kept_in_the_caret_line():
    check("if 1:\n\tx = nope\n", "nope", """
        prog.kiln:2:6: error[K0101]: undefined name
          |
        2 | \tx = nope
          | \t    ^^^^
          = hint: define it
    """)


def test_related_place_on_another_line_is_labelled():
    text = "def f():\n    pass\nf = 1\nprint(g)\n"
    check(text, "g", """
        prog.kiln:4:7: error[K0101]: undefined name
          |
        1 | def f():
          |     - defined here
          ...
        4 | print(g)
          |       ^
          = hint: define it
    """, nth=0, notes=[("defined here", (4, 5))])
