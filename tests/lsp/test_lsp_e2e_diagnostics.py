"""Diagnostics over stdio: pushed on open/change (debounced, versioned), pulled
with result ids, fixed by quick fixes, cleared on close, re-published when an
imported file changes, and sane while a file is half-typed."""
import asyncio

import pytest
from lsprotocol import types as lsp

from lsp_editor import offset_to_position, start_editor, stop_editor

pytestmark = pytest.mark.asyncio(loop_scope="module")


def summary(doc, diags):
    return sorted((d.code, d.range.start.line + 1, doc.slice(d.range)) for d in diags)


async def test_open_publishes_coded_diagnostics_with_related_information(editor):
    doc = editor.open("broken.kiln")
    diags = await doc.diagnostics()
    got = summary(doc, diags)
    assert ("K0102", 2, "y") in got
    assert ("K0340", 11, "risky()") in got or ("K0340", 11, "risky") in got
    assert ("K0101", 15, "undefined_name") in got
    assert all(d.source == "kiln" and d.severity for d in diags)
    editor.close(doc)


async def test_notes_become_related_information(editor):
    doc = editor.open("let_again.kiln", "fn f() -> Int:\n    let x = 1\n    x = 2\n    return x\n")
    diags = await doc.diagnostics()
    (again,) = [d for d in diags if d.code == "K0103"]
    assert doc.slice(again.range) == "x" and again.range.start.line == 2
    (related,) = again.related_information
    assert related.location.uri == doc.uri
    assert related.location.range.start == doc.pos("x = 1")
    assert "declared here" in related.message
    editor.close(doc)


async def test_quick_fixes_from_fix_its(editor):
    doc = editor.open("broken.kiln")
    diags = await doc.diagnostics()
    whole = lsp.Range(start=lsp.Position(line=0, character=0), end=doc.pos("def python_side"))
    actions = await editor.request(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionParams(
        text_document=doc.ident(), range=whole, context=lsp.CodeActionContext(diagnostics=diags)))
    titles = {a.title: a for a in actions}
    assert all(a.kind == lsp.CodeActionKind.QuickFix for a in actions)
    declare = next(a for t, a in titles.items() if "var" in t)
    (edits,) = declare.edit.changes.values()
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        doc.edit(edit.range.start, edit.range.end, edit.new_text)
    raises = next(a for t, a in titles.items() if "raises" in t)
    (edits,) = raises.edit.changes.values()
    # positions of the second fix are still valid: the first edit was on an earlier line
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character),
                       reverse=True):
        doc.edit(edit.range.start, edit.range.end, edit.new_text)
    codes = {d.code for d in await doc.diagnostics()}
    assert "K0102" not in codes and "K0340" not in codes
    assert "var y = x + 1" in doc.text
    assert "K0101" in codes  # the Python-tier typo is still there
    editor.close(doc)


async def test_import_fix_for_a_name_defined_in_a_sibling_module(editor):
    doc = editor.open("uses_sibling.kiln", "def go():\n    return scale(1.0, 2.0)\n")
    diags = await doc.diagnostics()
    assert [d.code for d in diags] == ["K0101"]
    actions = await editor.request(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionParams(
        text_document=doc.ident(), range=diags[0].range,
        context=lsp.CodeActionContext(diagnostics=diags)))
    fix = next(a for a in actions if "kernels" in a.title)
    (edits,) = fix.edit.changes.values()
    for edit in edits:
        doc.edit(edit.range.start, edit.range.end, edit.new_text)
    assert "from kernels import scale" in doc.text
    assert await doc.diagnostics() == []
    editor.close(doc)


async def test_edits_republish_with_the_new_version_and_close_clears(editor):
    doc = editor.open("fresh.kiln", "fn f() -> Int:\n    return 1\n")
    assert await doc.diagnostics() == []
    version = doc.replace("return 1", "return missing")
    diags = await doc.diagnostics(version)
    assert summary(doc, diags) == [("K0101", 2, "missing")]
    version = doc.replace("missing", "1")
    assert await doc.diagnostics(version) == []
    doc.replace("return 1", "return gone")
    assert await doc.diagnostics()
    since = len(editor.client.published)
    editor.close(doc)
    assert await editor.next_published(doc.uri, since) == []


async def test_change_in_an_imported_file_updates_the_importer(editor):
    (editor.root / "lib2.kiln").write_text("fn helper() -> Int:\n    return 1\n")
    (editor.root / "user2.kiln").write_text(
        "from lib2 import helper\n\nfn g() -> Int:\n    return helper()\n")
    lib = editor.open("lib2.kiln")
    user = editor.open("user2.kiln")
    assert await user.diagnostics() == []
    since = len(editor.client.published)
    lib.replace("helper", "renamed")
    # the user's buffer did not change (same version): its diagnostics are
    # re-published because what they say changed; the import now sees the
    # library's unsaved buffer, not its file
    codes = {d.code for d in await editor.next_published(user.uri, since)}
    assert codes & {"K0505", "K0101"}
    editor.close(lib)
    editor.close(user)


async def test_half_typed_file_keeps_answering(editor):
    doc = editor.open("typing.kiln", "fn done(a: Int) -> Int:\n    return a\n\n")
    await doc.diagnostics()
    typed = "fn next(b: Int) -> Int:\n    var c = done(b)\n    return c\n"
    for i, ch in enumerate(typed):
        end = offset_to_position(doc.text, len(doc.text))
        doc.edit(end, end, ch)
        if i % 5 == 0:
            hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER,
                                         lsp.HoverParams(**doc.at("done(a")))
            assert hover is not None and "done" in hover.contents.value
    diags = await doc.diagnostics()
    assert diags == []
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**doc.at("done(b")))
    assert found[0].range.start == doc.pos("done(a")
    # half-way through a signature: one syntax error, the rest still analysed
    doc.replace("fn next(b: Int) -> Int:", "fn next(b: Int")
    diags = await doc.diagnostics()
    assert len([d for d in diags if d.code.startswith("K00")]) == 1
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**doc.at("return a", 7)))
    assert found and found[0].range.start == doc.pos("a: Int")
    editor.close(doc)


async def test_pull_diagnostics_with_result_ids(project):
    editor = await start_editor(project, pull=True)
    try:
        doc = editor.open("broken.kiln")
        report = await editor.request(lsp.TEXT_DOCUMENT_DIAGNOSTIC, lsp.DocumentDiagnosticParams(
            text_document=doc.ident()))
        assert report.kind == "full"
        assert "K0102" in {d.code for d in report.items}
        again = await editor.request(lsp.TEXT_DOCUMENT_DIAGNOSTIC, lsp.DocumentDiagnosticParams(
            text_document=doc.ident(), previous_result_id=report.result_id))
        assert again.kind == "unchanged" and again.result_id == report.result_id
        doc.replace("y = x + 1", "var y = x + 1")
        changed = await editor.request(lsp.TEXT_DOCUMENT_DIAGNOSTIC, lsp.DocumentDiagnosticParams(
            text_document=doc.ident(), previous_result_id=report.result_id))
        assert changed.kind == "full" and "K0102" not in {d.code for d in changed.items}
        # a pull client gets no pushed diagnostics (they would show twice)
        assert not [p for p in editor.client.published if p.uri == doc.uri]
    finally:
        await stop_editor(editor)


async def test_unreachable_code_is_tagged_unnecessary(editor):
    doc = editor.open("dead.kiln", "fn f() -> Int:\n    return 1\n    var x = 2\n")
    diags = await doc.diagnostics()
    (dead,) = [d for d in diags if d.code == "K0383"]
    assert dead.severity == lsp.DiagnosticSeverity.Warning
    assert list(dead.tags) == [lsp.DiagnosticTag.Unnecessary]
    assert doc.slice(dead.range).startswith("var x = 2")
    editor.close(doc)


async def test_import_of_an_unsaved_buffer(editor):
    lib = editor.open("never_saved_lib.kiln", "fn helper() -> Int:\n    return 1\n")
    user = editor.open("never_saved_user.kiln",
                       "from never_saved_lib import helper\n\nfn g() -> Int:\n    return helper()\n")
    assert await user.diagnostics() == []
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**user.at("helper()")))
    assert [(loc.uri, loc.range.start) for loc in found] == [(lib.uri, lib.pos("helper"))]
    editor.close(user)
    editor.close(lib)


async def test_save_republishes(editor):
    doc = editor.open("saved.kiln", "fn f() -> Int:\n    return nope\n")
    await doc.diagnostics()
    since = len(editor.client.published)
    editor.client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=doc.ident()))
    diags = await editor.next_published(doc.uri, since)
    assert [d.code for d in diags] == ["K0101"]
    editor.close(doc)
