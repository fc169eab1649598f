"""Completion after `.` on what the LSP audit found empty: a struct type
(`Buffer.`, `Self.`) lists its aliases and static methods, and a Python
variable bound once to a compiled struct lists that struct's members."""
from __future__ import annotations

from semantic_testing import marked, workspace

PATH = "/q/main.kiln"

BUFFER = '''
struct Buffer:
    alias SIZE = 16
    var n: Int

    fn __init__(inout self):
        self.n = 0

    @staticmethod
    fn make() -> Buffer:
        return Buffer()

    fn capacity(self) -> Int:
        return Self.SIZE

    fn grow(inout self):
        HOLE_IN_STRUCT

fn main():
    let b = Buffer()
    HOLE_IN_FN

def pymain():
    b = Buffer()
    HOLE_IN_DEF
'''


def members(hole: str, typed: str) -> set[str]:
    src = BUFFER
    for h in ("HOLE_IN_STRUCT", "HOLE_IN_FN", "HOLE_IN_DEF"):
        src = src.replace(h, typed + "$0" if h == hole else "pass")
    text, off = marked(src)
    return {c.label for c in workspace({PATH: text}).completions(PATH, off)}


def test_self_type_lists_aliases_and_static_methods():
    assert members("HOLE_IN_STRUCT", "Self.") == {"SIZE", "make"}


def test_struct_type_lists_aliases_and_static_methods():
    assert members("HOLE_IN_FN", "Buffer.") == {"SIZE", "make"}


def test_python_variable_bound_to_a_compiled_struct_lists_its_members():
    assert {"n", "capacity", "grow"} <= members("HOLE_IN_DEF", "b.")


def test_instance_members_stay_instance_members():
    got = members("HOLE_IN_FN", "b.")
    assert {"n", "capacity", "grow"} <= got and "SIZE" not in got


def test_self_dot_typed_on_the_last_line_of_a_struct():
    # `self.n = Self.` does not parse, so the struct's tree ends before it
    text, off = marked('''
struct Ring:
    alias SIZE = 8
    var n: Int

    fn __init__(inout self):
        self.n = Self.$0
''')
    assert {c.label for c in workspace({PATH: text}).completions(PATH, off)} == {"SIZE"}
    text, off = marked("struct Ring:\n    alias SIZE = 8\n\nx = 1\nSelf.$0\n")
    assert workspace({PATH: text}).completions(PATH, off) == []
