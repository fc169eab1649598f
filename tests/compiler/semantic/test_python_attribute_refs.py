"""Attributes of compiled structs used from Python-tier code: `p.x` where
`p = Point(...)` is `p`'s only binding refers to the struct's field or
method, for definition, references and rename across files and tiers."""
from __future__ import annotations

from kiln.compiler.semantic import MemoryLoader, Workspace

LIB = ("struct P:\n    var x: Int\n\n    fn __init__(inout self, x: Int):\n        self.x = x\n\n"
       "    fn get(self) -> Int:\n        return self.x\n")
MAIN = ("from lib import P\n\ndef g():\n    p = P(1)\n    p.x = 3\n    print(p.x, p.get())\n"
        "    q = P(2)\n    q = 5\n    return q.x\n")


def workspace() -> Workspace:
    files = {"/w/lib.kiln": LIB, "/w/main.kiln": MAIN}
    ws = Workspace(MemoryLoader(files))
    for path, text in files.items():
        ws.set_file(path, text)
    assert ws.diagnostics("/w/main.kiln") == []
    return ws


def uses_in_main(ws: Workspace, offset_in_lib: int) -> list[tuple[int, bool]]:
    return [(MAIN.count("\n", 0, r.span.start) + 1, r.is_write)
            for r in ws.references("/w/lib.kiln", offset_in_lib) if r.span.file == "/w/main.kiln"]


def test_field_and_method_uses_in_a_def_are_references():
    ws = workspace()
    assert uses_in_main(ws, LIB.index("x: Int")) == [(5, True), (6, False)]
    assert uses_in_main(ws, LIB.index("get")) == [(6, False)]


def test_a_name_bound_more_than_once_is_not_assumed_to_be_the_struct():
    ws = workspace()
    assert 9 not in [line for line, _ in uses_in_main(ws, LIB.index("x: Int"))]


def test_definition_and_rename_from_python_code():
    ws = workspace()
    [loc] = ws.definition("/w/main.kiln", MAIN.index("p.x") + 2)
    assert loc.path == "/w/lib.kiln" and loc.span.start == LIB.index("x: Int")
    result = ws.rename("/w/lib.kiln", LIB.index("x: Int"), "value")
    edited = sorted((e.span.file, e.span.start) for e in result.edits)
    assert ("/w/main.kiln", MAIN.index("p.x") + 2) in edited
    assert ("/w/main.kiln", MAIN.index("q.x") + 2) not in edited
