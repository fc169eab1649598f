"""Property: random edits of valid .kiln and .py texts never crash `parse`, the
result is always a tree, and every diagnostic span lies inside the text."""
from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiln.compiler.syntax.parser import parse

HERE = Path(__file__).parent
CORPUS = [p.read_text() for p in sorted((HERE / "golden").glob("*.kiln"))]
CORPUS += [
    "import os\n\nclass A(B):\n    def f(self, x=1, *a, **k):\n        return [y for y in x if y]\n",
    "match p:\n    case Point(x=0) | [1, *_]:\n        print(f'{p!r:>{w}}')\n    case _:\n        pass\n",
    "async def g():\n    async with a as b:\n        await c\n    try:\n        x = {**d}\n"
    "    except* E as e:\n        raise\n",
]
# Characters that stress the lexer, the indenter and recovery.
NOISE = st.sampled_from(list("()[]{}:;,.=+-*/^@'\"\\#\t\n \0é€😀fnvarletx1_`$?!")
                        + ["fn ", "struct ", "var ", "let ", "def ", "    ", "'''", 'f"{', "\r\n"])


@st.composite
def edited_text(draw):
    text = draw(st.sampled_from(CORPUS))
    for _ in range(draw(st.integers(1, 6))):
        pos = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "delete_line", "duplicate_line"]))
        if kind == "insert":
            text = text[:pos] + draw(NOISE) + text[pos:]
        elif kind == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 8)):]
        else:
            lines = text.split("\n")
            k = pos % len(lines)
            if kind == "delete_line":
                del lines[k]
            else:
                lines.insert(k, lines[k])
            text = "\n".join(lines)
    return text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_text())
def test_random_edits_never_crash(text):
    result = parse(text, "edited.kiln")
    assert isinstance(result.module, ast.Module)
    ast.dump(result.module, include_attributes=True)  # nothing but AST nodes inside
    size = len(text.encode("utf-8", "surrogatepass"))
    for d in result.diagnostics:
        assert d.code != "K0900", d.message
        assert d.hint, d.message
        assert 0 <= d.span.start <= d.span.end <= size, (d, size)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text):
    result = parse(text)
    size = len(text.encode("utf-8", "surrogatepass"))
    assert all(0 <= d.span.start <= d.span.end <= size and d.code != "K0900"
               for d in result.diagnostics)
