"""Outline and colouring over stdio: document and workspace symbols, semantic
tokens (full, delta, range), inlay hints and their settings, folding and
selection ranges."""
import asyncio

import pytest
from lsprotocol import types as lsp

from kiln.lsp.semantic_tokens import TOKEN_MODIFIERS, TOKEN_TYPES

pytestmark = pytest.mark.asyncio(loop_scope="module")


def decode(doc, data):
    """[(text, type, {modifiers})] of an encoded token stream."""
    out, line, col = [], 0, 0
    lines = doc.text.split("\n")
    for i in range(0, len(data), 5):
        dl, dc, length, typ, mods = data[i:i + 5]
        line, col = line + dl, (col + dc if dl == 0 else dc)
        text = lines[line].encode("utf-16-le")[2 * col:2 * (col + length)].decode("utf-16-le")
        out.append((line, text, TOKEN_TYPES[typ],
                    {m for b, m in enumerate(TOKEN_MODIFIERS) if mods & (1 << b)}))
    return out


async def test_document_symbols_are_hierarchical(editor):
    doc = editor.open("kernels.kiln")
    symbols = await editor.request(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
                                   lsp.DocumentSymbolParams(text_document=doc.ident()))
    top = {s.name: s for s in symbols}
    assert {"Scale", "Pair", "Shape", "scale", "total"} <= set(top)
    pair = top["Pair"]
    assert pair.kind == lsp.SymbolKind.Struct
    assert [c.name for c in pair.children] == ["first", "second", "__init__", "sum"]
    assert [c.kind for c in pair.children][:2] == [lsp.SymbolKind.Field] * 2
    assert top["scale"].kind == lsp.SymbolKind.Function
    assert top["Shape"].kind == lsp.SymbolKind.Interface
    assert doc.slice(top["scale"].selection_range) == "scale"
    assert doc.slice(top["scale"].range).startswith("fn scale")
    editor.close(doc)


async def index_finished(editor) -> list:
    """The background index's progress reports once it has ended (on a loaded
    machine it may still be running when a test starts)."""
    def reports():
        return [r for values in editor.client.progress_reports.values() for r in values]

    async def ended():
        while not any(r.kind == "end" for r in reports()):
            await asyncio.sleep(0.02)
    await asyncio.wait_for(ended(), 60)
    return reports()


async def test_workspace_symbols_include_files_never_opened(editor):
    await index_finished(editor)
    found = await editor.request(lsp.WORKSPACE_SYMBOL, lsp.WorkspaceSymbolParams(query="scal"))
    where = {(s.name, s.location.uri.rsplit("/", 1)[1]) for s in found}
    assert ("scale", "kernels.kiln") in where
    found = await editor.request(lsp.WORKSPACE_SYMBOL, lsp.WorkspaceSymbolParams(query="python_side"))
    assert [s.name for s in found] == ["python_side"]


async def test_index_reports_progress(editor):
    reports = await index_finished(editor)
    kinds = [r.kind for r in reports]
    assert kinds[0] == "begin" and kinds[-1] == "end"
    assert "Kiln" in reports[0].title


async def test_semantic_tokens_tell_the_tiers_apart(editor):
    doc = editor.open("app.kiln")
    tokens = await editor.request(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
                                  lsp.SemanticTokensParams(text_document=doc.ident()))
    decoded = decode(doc, tokens.data)
    by_text = {}
    for _, text, typ, mods in decoded:
        by_text.setdefault(text, (typ, mods))
    assert by_text["run"][0] == "function" and "python" in by_text["run"][1]
    assert by_text["main"][0] == "function" and "compiled" in by_text["main"][1]
    assert by_text["scale"][0] == "function" and "compiled" in by_text["scale"][1]
    assert by_text["values"][0] == "parameter"
    assert by_text["n"][0] == "variable" and "compiled" in by_text["n"][1]

    doc.replace("var n = total(10)", "let n = total(10)")
    delta = await editor.request(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA,
                                 lsp.SemanticTokensDeltaParams(text_document=doc.ident(),
                                                               previous_result_id=tokens.result_id))
    data = list(tokens.data)
    for edit in delta.edits:
        data[edit.start:edit.start + edit.delete_count] = edit.data or []
    rebuilt = decode(doc, data)
    assert ("readonly" in next(m for _, t, _, m in rebuilt if t == "n"))
    fresh = await editor.request(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
                                 lsp.SemanticTokensParams(text_document=doc.ident()))
    assert list(fresh.data) == data

    main_line = doc.pos("fn main").line
    ranged = await editor.request(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, lsp.SemanticTokensRangeParams(
        text_document=doc.ident(), range=lsp.Range(start=lsp.Position(line=main_line, character=0),
                                                    end=lsp.Position(line=main_line + 3, character=0))))
    texts = [t for _, t, _, _ in decode(doc, ranged.data)]
    assert texts[0] == "main" and "run" not in texts
    editor.close(doc)


async def test_struct_and_comptime_tokens(editor):
    doc = editor.open("generic.kiln", "struct Box[T: AnyType]:\n    var item: T\n\n"
                      "@always_inline\nfn twice[n: Int](x: Int) -> Int:\n    return x * n\n")
    tokens = await editor.request(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
                                  lsp.SemanticTokensParams(text_document=doc.ident()))
    kinds = {(text, typ) for _, text, typ, _ in decode(doc, tokens.data)}
    assert ("Box", "struct") in kinds
    assert ("T", "typeParameter") in kinds and ("n", "typeParameter") in kinds
    assert ("item", "property") in kinds
    assert ("Int", "type") in kinds
    assert ("always_inline", "decorator") in kinds
    editor.close(doc)


async def test_inlay_hints_and_their_settings(editor):
    doc = editor.open("app.kiln")
    whole = lsp.Range(start=lsp.Position(line=0, character=0),
                      end=lsp.Position(line=len(doc.text.split("\n")), character=0))
    hints = await editor.request(lsp.TEXT_DOCUMENT_INLAY_HINT,
                                 lsp.InlayHintParams(text_document=doc.ident(), range=whole))
    shown = {(h.position.line, h.label, h.kind) for h in hints}
    n_line = doc.pos("var n").line
    assert (n_line, ": Int", lsp.InlayHintKind.Type) in shown
    assert (n_line, "n:", lsp.InlayHintKind.Parameter) in shown  # total(n=10)
    editor.client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"kiln": {"inlayHints": {"parameterNames": False}}}))
    hints = await editor.request(lsp.TEXT_DOCUMENT_INLAY_HINT,
                                 lsp.InlayHintParams(text_document=doc.ident(), range=whole))
    assert {h.kind for h in hints} == {lsp.InlayHintKind.Type}
    editor.client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(
        settings={"kiln": {"inlayHints": {"parameterNames": True}}}))
    editor.close(doc)


async def test_folding_and_selection_ranges(editor):
    doc = editor.open("kernels.kiln")
    folds = await editor.request(lsp.TEXT_DOCUMENT_FOLDING_RANGE,
                                 lsp.FoldingRangeParams(text_document=doc.ident()))
    spans = {(f.start_line, f.end_line) for f in folds}
    struct_line = doc.pos("struct Pair").line
    assert (struct_line, doc.pos("return self.first + self.second").line) in spans
    assert (doc.pos("for i in").line, doc.pos("acc += i").line) in spans

    ranges = await editor.request(lsp.TEXT_DOCUMENT_SELECTION_RANGE, lsp.SelectionRangeParams(
        text_document=doc.ident(), positions=[doc.pos("acc += i", 7)]))
    chain = []
    node = ranges[0]
    while node is not None:
        chain.append(doc.slice(node.range))
        node = node.parent
    assert chain[0] == "i"
    assert "acc += i" in chain
    assert any(text.startswith("fn total") for text in chain)
    assert chain[-1] == doc.text
    editor.close(doc)


async def _hint_kinds(editor):
    doc = editor.open("app.kiln")
    whole = lsp.Range(start=lsp.Position(line=0, character=0),
                      end=lsp.Position(line=len(doc.text.split("\n")), character=0))
    hints = await editor.request(lsp.TEXT_DOCUMENT_INLAY_HINT,
                                 lsp.InlayHintParams(text_document=doc.ident(), range=whole))
    editor.close(doc)
    return {h.kind for h in hints}


async def test_settings_from_initialization_options_and_the_client(project):
    from lsp_editor import start_editor, stop_editor

    editor = await start_editor(project, options={"inlayHints": {"variableTypes": False}})
    try:
        assert await _hint_kinds(editor) == {lsp.InlayHintKind.Parameter}
    finally:
        await stop_editor(editor)
    editor = await start_editor(project, settings={"inlayHints": {"parameterNames": False}})
    try:
        for _ in range(100):  # the server asks for its settings after `initialized`
            if await _hint_kinds(editor) == {lsp.InlayHintKind.Type}:
                break
            await asyncio.sleep(0.05)
        assert await _hint_kinds(editor) == {lsp.InlayHintKind.Type}
    finally:
        await stop_editor(editor)
