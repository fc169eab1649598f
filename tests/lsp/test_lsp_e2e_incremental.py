"""Typing inside `fn` bodies through the real server: the analysis core updates
the previous analysis instead of starting over (compiler/semantic/incremental.py),
so what the server publishes and answers after each keystroke must be what a
from-scratch check of the same text gives, positions after the edit included."""
import pytest
from lsprotocol import types as lsp

from kiln.compiler.semantic import check_program
from kiln.compiler.syntax.source import SourceFile

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = """\
struct Point:
    var x: Int

    fn __init__(inout self, x: Int):
        self.x = x

    fn twice(self) -> Int:
        return self.x * 2


fn first(n: Int) -> Int:
    var total = 0
    for i in range(n):
        total += i
    return total


fn second(n: Int) -> Int:
    return n + undefined_name


def caller():
    return second(first(3)) + Point(1).twice()
"""


def expected(path: str, text: str) -> list[tuple]:
    source = SourceFile(path, text)
    out = []
    for d in check_program({path: text}, path):
        out.append((d.code, source.utf16_col(d.span.start), source.utf16_col(d.span.end)))
    return sorted(out)


def published(diags: list[lsp.Diagnostic]) -> list[tuple]:
    return sorted((d.code, (d.range.start.line, d.range.start.character),
                   (d.range.end.line, d.range.end.character)) for d in diags)


async def test_keystrokes_inside_bodies_publish_what_a_fresh_check_gives(editor):
    doc = editor.open("typing.kiln", TEXT)
    path = str(editor.root / "typing.kiln")
    assert published(await doc.diagnostics()) == expected(path, doc.text)
    typed = "\n    var extra: Float64 = total"      # a new line, then a type error
    for i, ch in enumerate(typed):
        version = doc.insert("total += i", ch, delta=len("total += i") + i)
        assert published(await doc.diagnostics(version)) == expected(path, doc.text), repr(ch)
    for k in range(4):                                  # backspace in the struct's method
        at = doc.pos("return self.x", len("return self.x * 2") - 1 - k)
        end = lsp.Position(line=at.line, character=at.character + 1)
        version = doc.edit(at, end, "")
        assert published(await doc.diagnostics(version)) == expected(path, doc.text)
    # names after the edits still lead to their definitions
    (target,) = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                     lsp.DefinitionParams(**doc.at("second(first", 1)))
    assert target.range.start == doc.pos("second(n", 0)
    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**doc.at("extra", 1)))
    assert "Float64" in hover.contents.value
    editor.close(doc)
