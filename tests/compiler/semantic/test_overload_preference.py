"""Which overload a call in compiled code picks: the one whose parameters
the arguments fit without conversions, then the less generic one; never the
declaration order (the bridge picks the same way for Python arguments)."""
import pytest

from kiln.compiler.semantic import FileSystemLoader, Workspace

PROGRAM = """\
fn over(x: Float64) -> Float64:
    return x + 0.5

fn over(x: Int) -> Int:
    return x + 1

fn pick[T: AnyType](x: T) -> Int:
    return 0

fn pick(x: Int) -> Int:
    return 1

fn show(s: String) -> Int:
    return 1

fn show(s: StringLiteral) -> Int:
    return 2

fn narrow(x: Float64) -> Int:
    return 0

fn narrow(x: Int32) -> Int:
    return 1

fn main():
    let n: Int = 4
    let f: Float64 = 2.0
    _ = over(1)
    _ = over(1.0)
    _ = over(n)
    _ = over(f)
    _ = pick(n)
    _ = pick(f)
    _ = show("text")
    _ = narrow(7)
"""


def chosen_line(call: str) -> int:
    ws = Workspace(FileSystemLoader())
    path = "/virtual/overloads.kiln"
    ws.set_file(path, PROGRAM)
    assert not [d for d in ws.diagnostics(path) if d.is_error]
    offset = PROGRAM.index(call)
    [location] = ws.definition(path, offset)
    return PROGRAM.count("\n", 0, location.span.start) + 1


@pytest.mark.parametrize("call, line", [
    ("over(1)", 4),        # an int literal is an Int before it is a Float64
    ("over(1.0)", 1),
    ("over(n)", 4),
    ("over(f)", 1),
    ("pick(n)", 10),       # the concrete overload before the generic one
    ("pick(f)", 7),
    ('show("text")', 16),  # a string literal is a StringLiteral before a String
    ("narrow(7)", 22),     # an int literal is an integer of another width before a float
])
def test_the_best_fitting_overload_wins(call, line):
    assert chosen_line(call) == line
