"""`let` in Python-tier code (a `def`, a class body, module level) is
immutable as in an `fn` (language.md): binding the name again in its scope
is K0103, with the same note, hint and fix-it as in compiled code."""
from __future__ import annotations

import textwrap

from kiln.compiler.semantic import check_program

PATH = "/ws/let.kiln"


def check(src: str, expected: list[tuple[int, int, str]]) -> None:
    """expected: (line, 1-based column, code) of every diagnostic."""
    text = textwrap.dedent(src).lstrip("\n")
    got = []
    data = text.encode()
    for d in check_program({PATH: text}, PATH):
        line = data.count(b"\n", 0, d.span.start) + 1
        col = d.span.start - (data.rfind(b"\n", 0, d.span.start) + 1) + 1
        got.append((line, col, d.code))
    assert got == expected


def test_reassigning_a_let_in_a_def_is_an_error_like_in_an_fn():
    check("""
        def f():
            let k = 3
            k = 4
            return k

        fn g() -> Int:
            let k = 3
            k = 4
            return k
        """, [(3, 5, "K0103"), (8, 5, "K0103")])


def test_every_way_of_binding_again_is_reported():
    check("""
        def f(items):
            let k = 0
            k += 1
            for k in items:
                pass
            del k
        """, [(3, 5, "K0103"), (4, 9, "K0103"), (6, 9, "K0103")])


def test_module_level_let_and_global_writes():
    check("""
        let limit = 10

        def raise_it():
            global limit
            limit = 20
        """, [(5, 5, "K0103")])


def test_the_diagnostic_explains_and_offers_var():
    text = "def f():\n    let k = 3\n    k = 4\n    return k\n"
    [d] = check_program({PATH: text}, PATH)
    assert d.message == "cannot assign to `k`: it is declared with `let`"
    assert d.notes[0].message == "`k` declared here" and d.hint
    [fix] = d.fixes
    edit = fix.edits[0]
    assert text.encode()[edit.span.start:edit.span.end] == b"let" and edit.new_text == "var"


def test_var_and_plain_python_names_stay_mutable():
    check("""
        def f(items):
            var total = 0
            for x in items:
                total += x
            n = 1
            n = 2
            let done = total + n
            return done

        def g():
            for i in range(3):
                let square = i * i
                print(square)
        """, [])
