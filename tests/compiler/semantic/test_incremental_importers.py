"""A file's importers keep their analyses while an edit of the file stays an
update in place that changes nothing they see (semantic/workspace.py holds
them until the edited file's analysis says so): module-level symbols keep
their identity and move with the text, so the importers' links stay right.
Any other edit (a signature, a generic body, an import) drops them as before.
Every state must equal a from-scratch analysis of both files."""
from __future__ import annotations

import random

import pytest
from test_incremental_bodies import body_ranges, random_edit, snapshot

from kiln.compiler.semantic import MemoryLoader, Workspace

LIB, MAIN = "/imp/lib.kiln", "/imp/main.kiln"
LIB_TEXT = '''\
fn first(n: Int) -> Int:
    var acc = n
    for i in range(n):
        acc += i
    return acc


fn helper(n: Int) -> Int:
    return first(n) * 2


fn pick[T: AnyType](x: T) -> T:
    return x


struct Box:
    var v: Int

    fn __init__(inout self, v: Int):
        self.v = v


def py_helper(values):
    total = 0
    for v in values:
        total += v
    return total
'''
MAIN_TEXT = '''\
from lib import helper, pick, Box, py_helper


fn use(n: Int) -> Int:
    var b = Box(n)
    return helper(n) + pick[Int](b.v)


def run():
    return py_helper([use(3)])
'''


def fresh(lib: str) -> dict:
    ws = Workspace(MemoryLoader())
    ws.set_file(LIB, lib)
    ws.set_file(MAIN, MAIN_TEXT)
    return {MAIN: snapshot(ws, MAIN), LIB: snapshot(ws, LIB)}


def edited(old: str, new: str) -> tuple[Workspace, bool]:
    ws = Workspace(MemoryLoader())
    ws.set_file(LIB, LIB_TEXT)
    ws.set_file(MAIN, MAIN_TEXT)
    before = ws.analysis(MAIN)
    ws.diagnostics(LIB)
    lib = LIB_TEXT.replace(old, new, 1)
    assert lib != LIB_TEXT
    ws.set_file(LIB, lib)
    assert {MAIN: snapshot(ws, MAIN), LIB: snapshot(ws, LIB)} == fresh(lib)
    return ws, ws.analysis(MAIN) is before


@pytest.mark.parametrize("old,new", [
    ("        acc += i\n", "        acc += i * 2\n"),                 # an fn body
    ("    var acc = n\n", "    var acc = n\n    var extra = (acc +\n"),   # half-typed
    ("        total += v\n", "        total += v or 1\n"),          # a def body
    ("        self.v = v\n", "        self.v = v + 1\n"),           # a method body
])
def test_an_edit_that_keeps_the_surface_keeps_the_importers(old, new):
    _ws, kept = edited(old, new)
    assert kept


@pytest.mark.parametrize("old,new", [
    ("fn helper(n: Int) -> Int:", "fn helper(n: Float64) -> Int:"),   # a signature
    ("    return x\n", "    return x\n    # more\n"),                # a generic body
    ("    var v: Int\n", "    var v: Float64\n"),                    # a struct's layout
    ("def py_helper(values):", "def py_helper(values, more):"),
    ("fn first(", "fn first_renamed("),
])
def test_an_edit_of_the_surface_analyses_the_importers_again(old, new):
    _ws, kept = edited(old, new)
    assert not kept


def test_definition_from_an_importer_follows_the_moved_declaration():
    ws, kept = edited("        acc += i\n", "        acc += i\n        acc -= 1\n")
    assert kept
    offset = MAIN_TEXT.encode().index(b"helper(n)")
    target = ws.definition(MAIN, offset)
    target = target[0] if isinstance(target, list) else target
    assert target.span.path if hasattr(target.span, "path") else target.span.file == LIB
    assert target.span.start == ws.text(LIB).encode().index(b"fn helper") + len("fn ")


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_of_an_imported_file_keep_importers_like_from_scratch(seed):
    rng = random.Random(f"importers {seed}")
    bodies = body_ranges(LIB_TEXT)
    ws = Workspace(MemoryLoader())
    ws.set_file(LIB, LIB_TEXT)
    ws.set_file(MAIN, MAIN_TEXT)
    ws.diagnostics(MAIN)
    text, kept = LIB_TEXT, 0
    for step in range(25):
        if rng.random() < 0.3:
            text = LIB_TEXT
        before = ws.analysis(MAIN)
        text = random_edit(rng, text, bodies)
        ws.set_file(LIB, text)
        if rng.random() < 0.5:             # the editor asks about the importer first
            ws.diagnostics(MAIN)
        assert {MAIN: snapshot(ws, MAIN), LIB: snapshot(ws, LIB)} == fresh(text), f"edit {step}"
        kept += ws.analysis(MAIN) is before
    assert kept > 0
