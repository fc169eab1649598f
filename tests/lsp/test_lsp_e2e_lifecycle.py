"""The server as a process: what it advertises, how it survives its own bugs
and bad requests, cancellation, files changing on disk, and a clean exit."""
import asyncio
import shutil

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcRequestCancelled

from lsp_editor import Doc, start_editor, stop_editor
from lsp_paths import FIXTURES

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_capabilities(editor):
    caps = editor.capabilities
    sync = caps.text_document_sync
    assert sync.change == lsp.TextDocumentSyncKind.Incremental and sync.open_close
    assert caps.position_encoding == lsp.PositionEncodingKind.Utf16
    for provider in ("definition_provider", "declaration_provider", "type_definition_provider",
                     "references_provider", "document_highlight_provider", "hover_provider",
                     "document_symbol_provider", "workspace_symbol_provider",
                     "folding_range_provider", "selection_range_provider",
                     "inlay_hint_provider", "code_action_provider", "diagnostic_provider"):
        assert getattr(caps, provider), provider
    assert caps.rename_provider.prepare_provider
    assert list(caps.completion_provider.trigger_characters) == ["."]
    assert "(" in caps.signature_help_provider.trigger_characters
    tokens = caps.semantic_tokens_provider
    assert tokens.full.delta and tokens.range
    assert {"function", "struct", "interface", "typeParameter", "parameter", "variable",
            "decorator", "type"} <= set(tokens.legend.token_types)
    assert {"compiled", "python", "readonly"} <= set(tokens.legend.token_modifiers)
    # there is no Kiln formatter yet, so the server must not claim one
    assert not caps.document_formatting_provider and not caps.document_range_formatting_provider


async def test_requests_on_unknown_documents_answer_empty(editor):
    ghost = lsp.TextDocumentIdentifier(uri=editor.uri("never_written.kiln"))
    at = lsp.Position(line=3, character=2)
    assert await editor.request(lsp.TEXT_DOCUMENT_HOVER,
                                lsp.HoverParams(text_document=ghost, position=at)) is None
    assert await editor.request(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
                                lsp.DocumentSymbolParams(text_document=ghost)) in (None, [])


async def test_cancelled_request_is_not_run(editor):
    # The first hover makes the server check a big file; the second hover and
    # its cancellation arrive while it is busy, so the server sees both
    # before it starts the second: that one must be cancelled, not run.
    big = "\n".join(f"fn f{i}(x: Int) -> Int:\n    var y = x + {i}\n    return y\n"
                    for i in range(1500))
    doc = editor.open("busy.kiln", big)
    protocol = editor.client.protocol
    send = lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**doc.at("f7(x"))
    first = asyncio.wrap_future(protocol.send_request(*send))
    second = asyncio.wrap_future(protocol.send_request(*send, msg_id="cancel-me"))
    protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id="cancel-me"))
    with pytest.raises(JsonRpcRequestCancelled):
        await asyncio.wait_for(second, 60)
    assert "f7" in (await asyncio.wait_for(first, 60)).contents.value
    editor.close(doc)


async def test_internal_errors_answer_empty_and_are_logged(project):
    faults = "textDocument/hover,textDocument/didChange"
    editor = await start_editor(project, env={"KILN_LSP_FAULTS": faults})
    try:
        doc = editor.open("app.kiln")
        assert await editor.request(lsp.TEXT_DOCUMENT_HOVER,
                                    lsp.HoverParams(**doc.at("scale(v"))) is None
        doc.replace("2.0", "3.0")  # the didChange handler fails too
        found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                     lsp.DefinitionParams(**doc.at("scale(v")))
        assert found and found[0].uri.endswith("kernels.kiln")
        logged = [m.message for m in editor.client.log_messages
                  if m.type == lsp.MessageType.Error]
        assert any("internal error while handling textDocument/hover" in m for m in logged)
        assert any("textDocument/didChange" in m for m in logged)
        assert all("Traceback" in m for m in logged if "fault injected" in m)
    finally:
        await stop_editor(editor)


async def test_watched_files_keep_results_right(tmp_path):
    for name in ("kernels.kiln", "app.kiln"):
        shutil.copy(FIXTURES / "project" / name, tmp_path / name)
    editor = await start_editor(tmp_path)
    try:
        app = editor.open("app.kiln")
        assert await app.diagnostics() == []
        kernels = tmp_path / "kernels.kiln"
        kernels.write_text(kernels.read_text().replace("fn scale(", "fn rescale("))
        since = len(editor.client.published)
        editor.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=kernels.as_uri(), type=lsp.FileChangeType.Changed)]))
        # (a publish already on its way may come first: wait for the new content)
        diags = await editor.next_published(app.uri, since, until=lambda diags: diags)
        assert any("scale" in d.message for d in diags)
        # the editor is told to re-ask for colours and hints of open files
        assert lsp.WORKSPACE_SEMANTIC_TOKENS_REFRESH in editor.client.refreshes
        assert lsp.WORKSPACE_INLAY_HINT_REFRESH in editor.client.refreshes

        extra = tmp_path / "extra.kiln"
        extra.write_text("fn brand_new_symbol() -> Int:\n    return 1\n")
        editor.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=extra.as_uri(), type=lsp.FileChangeType.Created)]))
        found = await editor.request(lsp.WORKSPACE_SYMBOL,
                                     lsp.WorkspaceSymbolParams(query="brand_new"))
        assert [s.name for s in found] == ["brand_new_symbol"]
        extra.unlink()
        editor.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=extra.as_uri(), type=lsp.FileChangeType.Deleted)]))
        found = await editor.request(lsp.WORKSPACE_SYMBOL,
                                     lsp.WorkspaceSymbolParams(query="brand_new"))
        assert found == []
    finally:
        await stop_editor(editor)


async def test_untitled_buffers_are_analysed(editor):
    doc = Doc(editor, "untitled:Untitled-1", "fn f(a: Int) -> Int:\n    return b\n")
    editor.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=doc.uri, language_id="kiln", version=1,
                                           text=doc.text)))
    diags = await doc.diagnostics(1)
    assert [(d.code, doc.slice(d.range)) for d in diags] == [("K0101", "b")]
    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**doc.at("a: Int")))
    assert "Int" in hover.contents.value
    editor.close(doc)


async def test_workspace_folders_added_and_removed(editor, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "far.kiln").write_text("fn faraway_function() -> Int:\n    return 1\n")
    folder = lsp.WorkspaceFolder(uri=other.as_uri(), name="other")

    async def search():
        return [s.name for s in await editor.request(
            lsp.WORKSPACE_SYMBOL, lsp.WorkspaceSymbolParams(query="faraway"))]

    assert await search() == []
    editor.client.workspace_did_change_workspace_folders(lsp.DidChangeWorkspaceFoldersParams(
        event=lsp.WorkspaceFoldersChangeEvent(added=[folder], removed=[])))
    for _ in range(500):
        if await search():
            break
        await asyncio.sleep(0.02)
    assert await search() == ["faraway_function"]
    editor.client.workspace_did_change_workspace_folders(lsp.DidChangeWorkspaceFoldersParams(
        event=lsp.WorkspaceFoldersChangeEvent(added=[], removed=[folder])))
    assert await search() == []
