"""A struct body is compiled code: Python-tier members (`def`, `class`, plain
assignments) are reported where they are written instead of vanishing."""
from __future__ import annotations

from kiln.compiler.semantic import check_program

PATH = "/ws/s.kiln"


def check(text: str, expected: list[tuple[str, str]]) -> None:
    """expected: (code, the source text the primary span covers)."""
    data = text.encode()
    got = [(d.code, data[d.span.start:d.span.end].decode()) for d in check_program({PATH: text}, PATH)]
    assert got == expected


def test_def_method_in_a_struct_is_reported_at_its_name():
    check("@value\nstruct P:\n    var x: Int\n\n    def show(self):\n        print(self.x)\n",
          [("K0503", "show")])


def test_class_and_assignment_in_a_struct():
    check("@value\nstruct P:\n    var x: Int\n    y = 2\n    class Inner:\n        pass\n",
          [("K0503", "y = 2"), ("K0503", "Inner")])


def test_docstring_pass_and_members_are_fine():
    check('@value\nstruct P:\n    """A point."""\n    var x: Int\n    alias zero = 0\n    pass\n\n'
          "    fn get(self) -> Int:\n        return self.x\n", [])
