"""Incremental re-parsing (semantic/reparse.py): after seeded random edits
of real files, the Workspace's tree (usually the previous one with only the
edited top-level statement parsed again) equals a from-scratch parse, with
every position and `name_span`, and the analysis reports the same
diagnostics as a from-scratch check."""
from __future__ import annotations

import ast
import pathlib
import random

import pytest

from kiln.compiler.semantic import MemoryLoader, Workspace, check_program
from kiln.compiler.semantic.reparse import reparse
from kiln.compiler.syntax.parser import parse

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SAMPLES = sorted([*ROOT.glob("examples/*.kiln"), *FIXTURES.glob("*.kiln")])[::12]
PATH = "/edit/m.kiln"
SNIPPETS = ["x", "1", " ", "(", ")", "\n", "\n    ", "    ", ":", '"', "'''", "\\", "#", "[", "]",
            "var y = 2\n", "return 0", ".", "^", "é", "def g():\n    pass\n", "\t"]


def dump(tree: ast.AST) -> list:
    out = [ast.dump(tree, include_attributes=True)]
    out.extend(getattr(n, "name_span", None) for n in ast.walk(tree))
    return out


def random_edit(rng: random.Random, text: str) -> str:
    pos = rng.randrange(len(text) + 1)
    kind = rng.random()
    if kind < 0.45:
        return text[:pos] + rng.choice(SNIPPETS) + text[pos:]
    if kind < 0.8:
        return text[:pos] + text[pos + rng.randint(1, 3):]
    line_start = text.rfind("\n", 0, pos) + 1       # retype a character inside a line
    return text[:pos] + text[pos + 1:] if pos > line_start else text[:pos] + "z" + text[pos:]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_random_edits_parse_and_check_like_from_scratch(sample):
    rng = random.Random(sample.name)
    text = sample.read_text()
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.diagnostics(PATH)
    reused = 0
    for _ in range(40):
        edited = random_edit(rng, text)
        if rng.random() < 0.3:
            text = sample.read_text()       # back to a clean file: most edits start from one
            ws.set_file(PATH, text)
            ws.diagnostics(PATH)
            edited = random_edit(rng, text)
        text = edited
        before = {id(stmt) for stmt in ws.syntax(PATH).module.body}
        ws.set_file(PATH, text)
        fresh = parse(text, PATH)
        got = ws.syntax(PATH)
        reused += any(id(stmt) in before for stmt in got.module.body)
        assert dump(got.module) == dump(fresh.module)
        assert got.diagnostics == fresh.diagnostics
        assert ws.diagnostics(PATH) == check_program({PATH: text}, PATH)
    print(sample.name, "edits re-parsed incrementally:", reused, "of 40")


def test_an_edit_inside_a_body_reuses_the_other_statements():
    text = "fn a() -> Int:\n    return 1\n\n\nfn b() -> Int:\n    return 2\n\n\ndef c():\n    return 3\n"
    old = parse(text, PATH)
    new_text = text.replace("return 2", "return 22\n    # more")
    new = reparse(old, text, new_text, PATH)
    assert new is not None
    assert new.module.body[0] is old.module.body[0] and new.module.body[2] is old.module.body[2]
    assert dump(new.module) == dump(parse(new_text, PATH).module)


@pytest.mark.parametrize("edit", [
    ("return 2", 'return """2'),           # an open string swallows what follows
    ("return 2", "return (2\n\n\nx = 1"),   # an open bracket takes the next assignment
    ("    return 2", "return 2"),          # a dedent starts a new statement
    ("fn b", "xfn b"),                     # the first column of a statement
    ("return 2\n\n\n", "return 2\n\n\nx = 1\n"),  # a new top-level statement
])
def test_structural_edits_fall_back_to_a_full_parse(edit):
    text = "fn a() -> Int:\n    return 1\n\n\nfn b() -> Int:\n    return 2\n\n\ndef c():\n    return 3\n"
    assert reparse(parse(text, PATH), text, text.replace(*edit), PATH) is None


@pytest.mark.parametrize("edit", [
    ("return 2", "return (2"),             # the next `def` ends the open bracket
    ("return 2", "return 2 +"),
    ("return 2", "return 2 + \\"),          # a trailing backslash before blank lines
    ("return 2", "if 2 ==\n    return 2"),
    ("return 2", "x = [1,\n    return 2"),
])
def test_a_syntax_error_inside_a_body_is_reparsed_in_place_like_a_full_parse(edit):
    text = "fn a() -> Int:\n    return 1\n\n\nfn b() -> Int:\n    return 2\n\n\ndef c():\n    return 3\n"
    old = parse(text, PATH)
    new_text = text.replace(*edit)
    new = reparse(old, text, new_text, PATH)
    fresh = parse(new_text, PATH)
    assert new is not None and fresh.diagnostics
    assert new.module.body[0] is old.module.body[0] and new.module.body[2] is old.module.body[2]
    assert dump(new.module) == dump(fresh.module)
    assert new.diagnostics == fresh.diagnostics


def test_an_error_about_the_previous_statement_is_kept():
    """`fn f():` without a body is reported on the next statement's first
    token; an edit inside that next statement must not drop it (random edits
    found this)."""
    old = "fn f():\ndef g():\n    pass\n    inner()\n"
    new = old.replace("inner()", "inn()")
    previous = parse(old, PATH)
    assert [d.code for d in previous.diagnostics] == ["K0002"]
    result = reparse(previous, old, new, PATH)
    fresh = parse(new, PATH)
    assert result is None or result.diagnostics == fresh.diagnostics
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, old)
    ws.diagnostics(PATH)
    ws.set_file(PATH, new)
    assert ws.syntax(PATH).diagnostics == fresh.diagnostics
