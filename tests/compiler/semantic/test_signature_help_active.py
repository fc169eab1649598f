"""Signature help highlights what the call really uses: the overload the
checker resolved it to, and the parameter a keyword argument names."""
from __future__ import annotations

from semantic_testing import marked, workspace

PATH = "/q/main.kiln"

DECLS = '''
fn over(x: Int) -> Int:
    return x

fn over(x: Float64) -> Float64:
    return x

fn lerp(a: Float64, b: Float64, t: Float64 = 0.5) -> Float64:
    return a + (b - a) * t

'''


def help_at(body: str):
    text, off = marked(DECLS + body)
    return workspace({PATH: text}).signature_help(PATH, off)


def test_active_signature_is_the_resolved_overload():
    got = help_at("fn main():\n    print(over(2.5$0))\n")
    assert [s.label for s in got.signatures] == ["fn over(x: Int) -> Int",
                                                 "fn over(x: Float64) -> Float64"]
    assert got.active_signature == 1
    assert help_at("fn main():\n    print(over(2$0))\n").active_signature == 0


def test_active_signature_in_python_code_is_the_overload_the_bridge_picks():
    assert help_at("def main():\n    print(over(2.5$0))\n").active_signature == 1


def test_keyword_argument_activates_its_parameter():
    got = help_at("fn main():\n    print(lerp(lerp(1.0, 2.0), t=0.2$0, b=2.0))\n")
    assert got.active_parameter == 2
    got = help_at("fn main():\n    print(lerp(lerp(1.0, 2.0), t=0.2, b=$0))\n")
    assert got.active_parameter == 1
    got = help_at("fn main():\n    print(lerp(lerp(1.0, 2.0), 3.0$0))\n")
    assert got.active_parameter == 1


def test_stdlib_intrinsics_have_a_signature_in_hover_and_signature_help():
    text, off = marked('''
import math
from math import sqrt

fn main():
    print(sqrt(2.0), math.sqrt($04.0))
''')
    ws = workspace({PATH: text})
    assert [s.label for s in ws.signature_help(PATH, off).signatures] == ["fn sqrt(x: T) -> T"]
    direct = len(text[:text.index("sqrt(2.0")].encode()) + 5
    assert [s.label for s in ws.signature_help(PATH, direct).signatures] == ["fn sqrt(x: T) -> T"]
    hover = ws.hover(PATH, direct - 2).markdown
    assert "fn sqrt(x: T) -> T" in hover and "floating-point" in hover
