"""Edits inside Python-tier `def` bodies (top-level defs and methods of
top-level classes): the Workspace binds and resolves that def's scope again
(semantic/py_bodies.py) and compiles it alone for CPython's verdict, instead
of analysing the file from scratch. Every state must equal a from-scratch
analysis; edits that reach the module's scope fall back."""
from __future__ import annotations

import pytest
from test_incremental_bodies import PATH, from_scratch, snapshot
from test_incremental_typing import keystrokes, type_through

from kiln.compiler.semantic import MemoryLoader, Workspace

TEXT = '''\
"""Module docstring."""
from __future__ import annotations

LIMIT = 10


fn twice(n: Int) -> Int:
    return n * 2


class Counter:
    """Counts."""
    step = 1

    def __init__(self, start):
        self.count = start

    def bump(self, by=LIMIT):
        total = self.count + by
        for i in range(by):
            total += twice(i)
        self.count = total
        return [total for _ in range(2)]


def report(values, scale=2):
    """Python-tier caller."""
    acc = 0
    for value in values:
        acc += twice(value) * scale
    return acc


print(report([1, 2]), Counter(3).bump())
'''


def _edit(old: str, new: str, text: str = TEXT) -> tuple[Workspace, str]:
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.diagnostics(PATH)
    table = ws.analysis(PATH).table
    edited = text.replace(old, new, 1)
    assert edited != text
    ws.set_file(PATH, edited)
    assert snapshot(ws, PATH) == from_scratch(edited)
    return ws, ws.analysis(PATH).table is table


@pytest.mark.parametrize("statement", ["scaled = acc * undefined_name(", "if value ==",
                                       "lam = lambda q: [q + v for v in values]",
                                       "def inner(): return acc", "print(value is 1)",
                                       "nonlocal acc", "del acc"])
@pytest.mark.parametrize("where", ["    return acc", "        return [total"])
def test_typing_in_a_def_or_a_method_updates_in_place_like_from_scratch(statement, where):
    at = TEXT.index(where)
    states = keystrokes(TEXT, at, statement)
    assert type_through(TEXT, states) == len(states)


@pytest.mark.parametrize("old,new", [
    ("    acc = 0\n", "    acc = 0\n    n = values\n"),        # a new local
    ("    acc = 0\n", "    acc = LIMITS\n"),                    # an undefined module name
    ("acc += twice(value) * scale", "acc += twice(value) * scale + LIMIT"),
    ("total = self.count + by", "total = self.count + by + step"),   # class names are invisible
    ("acc = 0\n", "acc = 0\n    x: int = 'one'\n"),
])
def test_edits_in_def_bodies_are_updates_in_place(old, new):
    _ws, in_place = _edit(old, new)
    assert in_place


@pytest.mark.parametrize("old,new", [
    ("    acc = 0\n", "    global LIMIT\n    acc = 0\n"),     # binds in the module's scope
    ("    acc = 0\n", "    import os\n    acc = 0\n"),         # an import to link
    ("    acc = 0\n", "    acc = globals()\n"),                # module names become unknowable
    ("    acc = 0\n", "    fn f():\n        pass\n    acc = 0\n"),   # a compiled declaration
    ('"""Python-tier caller."""', '"""Python-tier caller!"""'),  # the def's docstring
    ("def report(values, scale=2):", "def report(values, scale=3):"),   # its header
    ("class Counter:", "class Counter(object):"),
])
def test_edits_that_reach_outside_the_def_analyse_the_file_again(old, new):
    _ws, in_place = _edit(old, new)
    assert not in_place


def test_cpython_verdict_follows_the_def_body():
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, TEXT)
    assert ws.diagnostics(PATH) == []
    warned = TEXT.replace("    return acc\n", "    return acc is 1\n")
    ws.set_file(PATH, warned)
    assert [d.code for d in ws.diagnostics(PATH)] == ["K0554"]      # CPython's SyntaxWarning
    assert snapshot(ws, PATH) == from_scratch(warned)
    broken = warned.replace("    acc = 0\n", "    nonlocal acc\n    acc = 0\n")
    ws.set_file(PATH, broken)
    assert snapshot(ws, PATH) == from_scratch(broken)
    ws.set_file(PATH, TEXT)
    assert ws.diagnostics(PATH) == []


def test_a_later_def_keeps_its_locals_findable_after_an_earlier_def_changed():
    ws, in_place = _edit("    acc = 0\n", "    acc = 0\n    extra = 1\n")
    assert in_place
    text = ws.text(PATH)
    use = text.encode().index(b"total += twice") + 2
    target = ws.definition(PATH, use)
    target = target[0] if isinstance(target, list) else target
    assert target.span.start == text.encode().index(b"total = self.count")
