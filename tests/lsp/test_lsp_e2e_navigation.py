"""Navigation across tiers and files over stdio: a `def` in app.kiln calls an
`fn` in kernels.kiln. Definition, declaration, type definition, references,
highlights, rename, hover, signature help and completion."""
import pytest
from lsprotocol import types as lsp

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest.fixture(scope="module")
def docs(editor):
    return editor.open("app.kiln"), editor.open("kernels.kiln")


def names(locations, docs_by_uri):
    """(file name, text at the range) of each location."""
    out = []
    for loc in locations:
        doc = docs_by_uri[loc.uri]
        out.append((loc.uri.rsplit("/", 1)[1], doc.slice(loc.range)))
    return sorted(out)


async def test_definition_from_def_to_fn_in_another_file(editor, docs):
    app, kernels = docs
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**app.at("scale(v", 1)))
    assert len(found) == 1
    assert found[0].uri == kernels.uri
    assert found[0].range.start == kernels.pos("scale(x")
    assert kernels.slice(found[0].range) == "scale"


async def test_declaration_and_type_definition(editor, docs):
    app, kernels = docs
    found = await editor.request(lsp.TEXT_DOCUMENT_DECLARATION,
                                 lsp.DeclarationParams(**app.at("total(10")))
    assert [(loc.uri, loc.range.start) for loc in found] == [(kernels.uri, kernels.pos("total(n"))]
    found = await editor.request(lsp.TEXT_DOCUMENT_TYPE_DEFINITION,
                                 lsp.TypeDefinitionParams(**kernels.at("pair.sum", 1)))
    assert [(loc.uri, kernels.slice(loc.range)) for loc in found] == [(kernels.uri, "Pair")]


async def test_definition_of_fields_methods_params_and_locals(editor, docs):
    _, kernels = docs

    async def target(marker, delta=0):
        found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                     lsp.DefinitionParams(**kernels.at(marker, delta)))
        assert len(found) == 1 and found[0].uri == kernels.uri
        return found[0].range.start

    assert await target("pair.sum", 6) == kernels.pos("sum(self)")
    assert await target("self.first +", 6) == kernels.pos("first: Int")
    assert await target("x * k") == kernels.pos("x: Float64, k")
    assert await target("acc += i") == kernels.pos("acc = 0")
    assert await target("Pair(acc") == kernels.pos("Pair:")


async def test_references_across_files_and_highlights(editor, docs):
    app, kernels = docs
    refs = await editor.request(lsp.TEXT_DOCUMENT_REFERENCES, lsp.ReferenceParams(
        **kernels.at("scale(x"), context=lsp.ReferenceContext(include_declaration=True)))
    by_uri = {app.uri: app, kernels.uri: kernels}
    assert names(refs, by_uri) == [("app.kiln", "scale"), ("app.kiln", "scale"),
                                   ("kernels.kiln", "scale")]
    refs = await editor.request(lsp.TEXT_DOCUMENT_REFERENCES, lsp.ReferenceParams(
        **kernels.at("scale(x"), context=lsp.ReferenceContext(include_declaration=False)))
    assert {loc.uri for loc in refs} == {app.uri}

    marks = await editor.request(lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT,
                                 lsp.DocumentHighlightParams(**kernels.at("acc = 0")))
    lines = sorted((h.range.start.line, kernels.slice(h.range), h.kind) for h in marks)
    assert [(line, text) for line, text, _ in lines] == [
        (kernels.pos("var acc").line, "acc"), (kernels.pos("acc += i").line, "acc"),
        (kernels.pos("Pair(acc").line, "acc")]
    assert lines[0][2] == lsp.DocumentHighlightKind.Write
    assert lines[2][2] == lsp.DocumentHighlightKind.Read


async def test_augmented_assignment_highlights_as_write(editor, docs):
    _, kernels = docs
    marks = await editor.request(lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT,
                                 lsp.DocumentHighlightParams(**kernels.at("acc += i")))
    kinds = {h.range.start.line: h.kind for h in marks}
    assert kinds[kernels.pos("acc += i").line] == lsp.DocumentHighlightKind.Write


async def test_hover_shows_signature_type_and_docstring(editor, docs):
    app, kernels = docs
    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**app.at("scale(v")))
    assert hover.contents.kind == lsp.MarkupKind.Markdown
    text = hover.contents.value
    assert "fn scale(x: Float64, k: Float64) -> Float64" in text
    assert "Multiply `x` by `k`." in text
    assert app.slice(hover.range) == "scale"

    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**kernels.at("acc = 0")))
    assert "Int" in hover.contents.value
    hover = await editor.request(lsp.TEXT_DOCUMENT_HOVER, lsp.HoverParams(**kernels.at("pair.sum", 6)))
    assert "Both halves added together." in hover.contents.value


async def test_signature_help_tracks_the_active_argument(editor, docs):
    app, _ = docs
    helped = await editor.request(lsp.TEXT_DOCUMENT_SIGNATURE_HELP,
                                  lsp.SignatureHelpParams(**app.at("2.0))")))
    sig = helped.signatures[helped.active_signature]
    assert sig.label.startswith("scale(") or "scale(" in sig.label
    assert helped.active_parameter == 1
    start, end = sig.parameters[1].label
    assert sig.label[start:end].startswith("k")


async def test_completion_names_keywords_and_members(editor, project):
    doc = editor.open("scratch.kiln", (project / "kernels.kiln").read_text() +
                      "\n\nfn probe(p: Pair) -> Int:\n    var local_value = 1\n    return p.\n")
    items = await editor.request(lsp.TEXT_DOCUMENT_COMPLETION,
                                 lsp.CompletionParams(**doc.at("return p.", len("return p."))))
    labels = {i.label: i.kind for i in items.items}
    assert labels.get("first") == lsp.CompletionItemKind.Field
    assert labels.get("sum") == lsp.CompletionItemKind.Method
    assert "scale" not in labels

    items = await editor.request(lsp.TEXT_DOCUMENT_COMPLETION,
                                 lsp.CompletionParams(**doc.at("return p.", len("return "))))
    labels = {i.label: i.kind for i in items.items}
    assert labels.get("local_value") == lsp.CompletionItemKind.Variable
    assert labels.get("scale") == lsp.CompletionItemKind.Function
    assert labels.get("Pair") == lsp.CompletionItemKind.Struct
    assert labels.get("return") == lsp.CompletionItemKind.Keyword
    editor.close(doc)


async def test_module_members_after_import(editor, project):
    doc = editor.open("mod_use.kiln", "import kernels\n\ndef f():\n    return kernels.\n")
    items = await editor.request(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionParams(
        **doc.at("kernels.\n", len("kernels."))))
    labels = {i.label for i in items.items}
    assert {"scale", "total", "Pair"} <= labels
    editor.close(doc)


async def test_rename_across_files(editor, docs):
    app, kernels = docs
    prepared = await editor.request(lsp.TEXT_DOCUMENT_PREPARE_RENAME,
                                    lsp.PrepareRenameParams(**app.at("scale(v", 2)))
    assert app.slice(prepared.range) == "scale"
    edit = await editor.request(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameParams(
        **app.at("scale(v", 2), new_name="rescale"))
    touched = {uri: len(edits) for uri, edits in edit.changes.items()}
    assert touched == {app.uri: 2, kernels.uri: 1}
    for uri, edits in edit.changes.items():
        doc = app if uri == app.uri else kernels
        assert all(doc.slice(e.range) == "scale" and e.new_text == "rescale" for e in edits)


async def test_rename_refuses_invalid_names_and_keywords(editor, docs):
    app, _ = docs
    with pytest.raises(Exception) as failure:
        await editor.request(lsp.TEXT_DOCUMENT_RENAME, lsp.RenameParams(
            **app.at("scale(v"), new_name="1bad"))
    assert "1bad" in str(failure.value) or "identifier" in str(failure.value)
    prepared = await editor.request(lsp.TEXT_DOCUMENT_PREPARE_RENAME,
                                    lsp.PrepareRenameParams(**app.at("def run")))
    assert prepared is None  # `def` is a keyword, not a name


async def test_imported_python_module_resolves_to_its_source(editor):
    doc = editor.open("uses_json.kiln", "import json\n\ndef dump(x):\n    return json.dumps(x)\n")
    found = await editor.request(lsp.TEXT_DOCUMENT_DEFINITION,
                                 lsp.DefinitionParams(**doc.at("json.dumps")))
    assert len(found) == 1
    assert found[0].uri.endswith("/json/__init__.py")
    assert found[0].range.start == lsp.Position(line=0, character=0)
    editor.close(doc)
