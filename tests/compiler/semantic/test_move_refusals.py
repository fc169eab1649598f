"""The text of K0323 (a move `^` the fn may not make) names the parameter's
actual convention: an `inout` parameter was called "borrowed"."""
from kiln.compiler.semantic import check_program

SOURCE = """\
fn swap(inout a: String, b: String):
    var t = a^
    var u = b^
"""


def check(source: str, expected: list[tuple[int, str, str]]) -> None:
    diags = check_program({"m.kiln": source}, "m.kiln")
    got = [(d.span.start, d.message, d.hint) for d in diags if d.code == "K0323"]
    assert got == [(source.index(text), message, hint) for text, message, hint in expected]


def test_moving_out_of_inout_and_borrowed_parameters_say_which():
    check(SOURCE, [
        ("a^", "cannot move out of `a`: an `inout` parameter must still hold a value when the fn "
               "returns", "copy it (`a`) instead of moving it"),
        ("b^", "cannot move out of `b`: a borrowed parameter belongs to the caller",
         "declare it `owned b`, or pass a copy"),
    ])
