"""Over stdio, what the LSP audit found wrong and is now right: a `def`'s
call of an overloaded `fn` in another file leads to the overload the bridge
picks, renaming a parameter renames the keyword arguments naming it in other
files (the result still checks), signature help highlights the resolved
overload, and completion after `Self.` lists the struct's aliases."""
import pytest
import pytest_asyncio
from lsprotocol import types as lsp

from lsp_editor import position_to_offset, start_editor, stop_editor

pytestmark = pytest.mark.asyncio(loop_scope="module")

LIB = '''fn over(x: Float64) -> Float64:
    return x


fn over(x: Int) -> Int:
    return x


fn lerp(a: Float64, b: Float64, t: Float64 = 0.5) -> Float64:
    return a + (b - a) * t


struct Ring:
    alias SIZE = 8
    var n: Int

    fn __init__(inout self):
        self.n = Self.SIZE
'''

APP = '''from lib import over, lerp


def run():
    return over(1), lerp(0.0, 1.0, t=0.25)


fn main():
    print(over(2.5), lerp(1.0, 2.0, t=0.5))
'''


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def editor(tmp_path_factory):
    root = tmp_path_factory.mktemp("audit")
    (root / "lib.kiln").write_text(LIB)
    (root / "app.kiln").write_text(APP)
    editor = await start_editor(root)
    yield editor
    await stop_editor(editor)


@pytest.fixture(scope="module")
def docs(editor):
    return editor.open("app.kiln"), editor.open("lib.kiln")


async def test_definition_of_a_defs_overloaded_call_is_the_picked_overload(editor, docs):
    app, lib = docs
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**app.at("over(1)")))
    assert [(loc.uri, loc.range.start) for loc in found] == [(lib.uri, lib.pos("over(x: Int)"))]
    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**app.at("over(1)")))
    assert "x: Int" in hover.contents.value


async def test_renaming_a_parameter_renames_keywords_in_other_files(editor, docs):
    app, lib = docs
    assert await app.diagnostics() == [] and await lib.diagnostics() == []
    edit = await editor.request(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameParams(
        **lib.at("t: Float64"), new_name="weight"))
    assert {uri: len(edits) for uri, edits in edit.changes.items()} == {lib.uri: 2, app.uri: 2}
    for doc in (app, lib):
        for e in sorted(edit.changes[doc.uri], key=lambda e: -position_to_offset(doc.text, e.range.start)):
            assert doc.slice(e.range) == "t"
            doc.edit(e.range.start, e.range.end, e.new_text)
    assert "weight=0.25" in app.text
    assert await lib.diagnostics() == [] and await app.diagnostics() == []


async def test_signature_help_highlights_the_resolved_overload(editor, docs):
    app, _ = docs
    got = await editor.request(lsp.TEXT_DOCUMENT_SIGNATURE_HELP,
                               lsp.SignatureHelpParams(**app.at("2.5)")))
    assert got.signatures[got.active_signature].label == "fn over(x: Float64) -> Float64"


async def test_completion_after_self_dot_lists_struct_aliases(editor, docs):
    _, lib = docs
    at = lib.pos("Self.SIZE", len("Self."))
    lib.edit(at, lib.pos("Self.SIZE", len("Self.SIZE")), "")
    got = await editor.request(lsp.TEXT_DOCUMENT_COMPLETION,
                               lsp.CompletionParams(text_document=lib.ident(), position=at))
    items = got.items if isinstance(got, lsp.CompletionList) else got
    assert "SIZE" in {item.label for item in items}


async def test_refused_rename_and_unknown_method_are_not_internal_errors(editor, docs):
    app, _ = docs
    before = len(editor.client.log_messages)
    with pytest.raises(Exception, match="not a valid identifier"):
        await editor.request(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameParams(
            **app.at("run():"), new_name="1bad"))
    with pytest.raises(Exception, match="no symbol to rename"):
        await editor.request(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameParams(
            **app.at("def run"), new_name="other"))
    with pytest.raises(Exception):
        await editor.request(lsp.TEXT_DOCUMENT_FORMATTING, lsp.DocumentFormattingParams(
            text_document=app.ident(), options=lsp.FormattingOptions(tab_size=4, insert_spaces=True)))
    # a request after them, so every log message they caused has arrived
    await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**app.at("run():")))
    errors = [m.message for m in editor.client.log_messages[before:]
              if m.type in (lsp.MessageType.Error, lsp.MessageType.Warning)]
    assert errors == []

