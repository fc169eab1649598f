"""A scripted editor for the end-to-end tests: it drives the real `kiln lsp`
process through pygls' client the way VS Code would (open, type, ask), and
keeps its own copy of each buffer so tests can name positions by the text
at them instead of by line/column numbers."""
from __future__ import annotations

import asyncio
import pathlib
import sys
from dataclasses import dataclass, field

from lsprotocol import types as lsp
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "kiln", "lsp"]
TIMEOUT = 20.0


def capabilities(pull_diagnostics: bool = False) -> lsp.ClientCapabilities:
    """What a modern editor declares (VS Code-like), push or pull diagnostics."""
    return lsp.ClientCapabilities(
        general=lsp.GeneralClientCapabilities(position_encodings=[lsp.PositionEncodingKind.Utf16]),
        window=lsp.WindowClientCapabilities(work_done_progress=True),
        workspace=lsp.WorkspaceClientCapabilities(
            configuration=True,
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(
                dynamic_registration=True),
            diagnostics=lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True),
            inlay_hint=lsp.InlayHintWorkspaceClientCapabilities(refresh_support=True),
            semantic_tokens=lsp.SemanticTokensWorkspaceClientCapabilities(refresh_support=True),
        ),
        text_document=lsp.TextDocumentClientCapabilities(
            rename=lsp.RenameClientCapabilities(prepare_support=True),
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
            completion=lsp.CompletionClientCapabilities(
                completion_item=lsp.ClientCompletionItemOptions(
                    documentation_format=[lsp.MarkupKind.Markdown])),
            signature_help=lsp.SignatureHelpClientCapabilities(
                signature_information=lsp.ClientSignatureInformationOptions(
                    documentation_format=[lsp.MarkupKind.Markdown])),
            document_symbol=lsp.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=True),
            diagnostic=lsp.DiagnosticClientCapabilities() if pull_diagnostics else None,
            publish_diagnostics=lsp.PublishDiagnosticsClientCapabilities(
                related_information=True, version_support=True,
                tag_support=lsp.ClientDiagnosticsTagOptions(value_set=list(lsp.DiagnosticTag))),
        ),
    )


@dataclass
class Published:
    uri: str
    version: int | None
    diagnostics: list[lsp.Diagnostic]


def make_client() -> LanguageClient:
    """pytest-lsp's client, but keeping every publishDiagnostics (with its
    version) in order instead of only the last per file."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    client.published = []

    def on_publish(client: LanguageClient, params: lsp.PublishDiagnosticsParams):
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(Published(params.uri, params.version, list(params.diagnostics)))

    def on_refresh(method):
        def handler(client: LanguageClient, params):
            client.refreshes = getattr(client, "refreshes", []) + [method]
        return handler

    for method in (lsp.WORKSPACE_SEMANTIC_TOKENS_REFRESH, lsp.WORKSPACE_INLAY_HINT_REFRESH):
        features[method] = on_refresh(method)

    def on_register(client: LanguageClient, params: lsp.RegistrationParams):
        client.registrations = getattr(client, "registrations", []) + list(params.registrations)

    features[lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    features[lsp.CLIENT_REGISTER_CAPABILITY] = on_register
    register_lsp_features(client, features)
    return client


def offset_to_position(text: str, index: int) -> lsp.Position:
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return lsp.Position(line=line, character=len(text[start:index].encode("utf-16-le")) // 2)


def position_to_offset(text: str, pos: lsp.Position) -> int:
    start = 0
    for _ in range(pos.line):
        start = text.index("\n", start) + 1
    line_end = text.find("\n", start)
    line = text[start:line_end if line_end != -1 else len(text)]
    units = line.encode("utf-16-le")[: 2 * pos.character].decode("utf-16-le", "ignore")
    return start + len(units)


@dataclass
class Doc:
    editor: "Editor"
    uri: str
    text: str
    version: int = 1
    texts: dict[int, str] = field(default_factory=dict)

    def pos(self, marker: str, delta: int = 0, nth: int = 0) -> lsp.Position:
        """Position of the `nth` occurrence of `marker`, moved `delta` chars."""
        index = -1
        for _ in range(nth + 1):
            index = self.text.index(marker, index + 1)
        return offset_to_position(self.text, index + delta)

    def ident(self) -> lsp.TextDocumentIdentifier:
        return lsp.TextDocumentIdentifier(uri=self.uri)

    def at(self, marker: str, delta: int = 0, nth: int = 0) -> dict:
        return {"text_document": self.ident(), "position": self.pos(marker, delta, nth)}

    def edit(self, start: lsp.Position, end: lsp.Position, new: str) -> int:
        a, b = position_to_offset(self.text, start), position_to_offset(self.text, end)
        self.text = self.text[:a] + new + self.text[b:]
        self.version += 1
        self.texts[self.version] = self.text
        self.editor.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=start, end=end), text=new)]))
        return self.version

    def replace(self, old: str, new: str, nth: int = 0) -> int:
        start = self.pos(old, nth=nth)
        end = offset_to_position(self.text, position_to_offset(self.text, start) + len(old))
        return self.edit(start, end, new)

    def insert(self, marker: str, new: str, delta: int = 0) -> int:
        at = self.pos(marker, delta)
        return self.edit(at, at, new)

    def slice(self, rng: lsp.Range) -> str:
        return self.text[position_to_offset(self.text, rng.start):
                         position_to_offset(self.text, rng.end)]

    async def diagnostics(self, version: int | None = None) -> list[lsp.Diagnostic]:
        """The diagnostics published for this document at `version` (default:
        the current one), waiting for them."""
        want = self.version if version is None else version
        return await self.editor.published(self.uri, want)


class Editor:
    def __init__(self, client: LanguageClient, root: pathlib.Path):
        self.client = client
        self.root = root
        self.capabilities: lsp.ServerCapabilities | None = None

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str | None = None) -> Doc:
        path = self.root / name
        text = path.read_text() if text is None else text
        doc = Doc(self, path.as_uri(), text)
        doc.texts[1] = text
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=doc.uri, language_id="kiln",
                                               version=1, text=text)))
        return doc

    def close(self, doc: Doc) -> None:
        self.client.text_document_did_close(
            lsp.DidCloseTextDocumentParams(text_document=doc.ident()))

    async def published(self, uri: str, version: int | None) -> list[lsp.Diagnostic]:
        async def wait():
            while True:
                for item in reversed(self.client.published):
                    if item.uri == uri and (version is None or item.version == version):
                        return item.diagnostics
                await asyncio.sleep(0.01)
        return await asyncio.wait_for(wait(), TIMEOUT)

    async def next_published(self, uri: str, since: int,
                             until=lambda diags: True) -> list[lsp.Diagnostic]:
        """The first diagnostics for `uri` published after the first `since`
        notifications (`since = len(client.published)` taken before acting)
        that satisfy `until`."""
        async def wait():
            seen = since
            while True:
                for item in self.client.published[seen:]:
                    if item.uri == uri and until(item.diagnostics):
                        return item.diagnostics
                seen = len(self.client.published)
                await asyncio.sleep(0.01)
        return await asyncio.wait_for(wait(), TIMEOUT)

    async def request(self, method: str, params):
        """Send a request and wait for its answer (with a timeout, so a
        server that does not answer fails the test instead of hanging it)."""
        fut = self.client.protocol.send_request_async(method, params)
        return await asyncio.wait_for(fut, TIMEOUT)


async def start_editor(root: pathlib.Path, *, pull: bool = False, env: dict | None = None,
                       options: dict | None = None, settings: dict | None = None) -> Editor:
    """A server on `root`. `options` go in initializationOptions; `settings`
    is what the client answers to `workspace/configuration` for `kiln`."""
    import os

    client = make_client()
    if settings is not None:
        client.set_configuration(settings, section="kiln")
    server_env = dict(os.environ)
    server_env.update(env or {})
    await client.start_io(*SERVER, env=server_env)
    result = await client.initialize_session(lsp.InitializeParams(
        capabilities=capabilities(pull), root_uri=root.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options))
    editor = Editor(client, root)
    editor.capabilities = result.capabilities
    return editor


async def stop_editor(editor: Editor) -> None:
    await editor.client.shutdown_session()
    await editor.client.stop()
