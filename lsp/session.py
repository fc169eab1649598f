"""The state every handler shares: the client's buffers, the compiler's
analysis workspace, settings, and the converter between the two worlds.

The analysis `Workspace` (kiln.compiler.semantic) is the only source of
answers: the session feeds it texts (open buffers, indexed files) and hands
its values to `convert.py`. Everything here runs on the event loop thread.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from kiln.compiler.semantic import FileSystemLoader, Workspace
from kiln.compiler.syntax.source import SourceFile

from .client_features import ClientFeatures
from .convert import Converter
from .documents import DocumentStore
from .positions import ColumnUnit
from .settings import Settings
from .uris import UriBook, path_from_uri

if TYPE_CHECKING:
    from .indexer import WorkspaceIndexer
    from .publisher import DiagnosticsPublisher
    from .server import KilnLanguageServer


@dataclass(frozen=True, slots=True)
class Cursor:
    """A request's position, translated: which file and which byte."""

    path: str
    source: SourceFile
    offset: int


class Session:
    def __init__(self, server: "KilnLanguageServer") -> None:
        self.server = server
        self.documents = DocumentStore()
        self.uris = UriBook()
        self.settings = Settings()
        self.client = ClientFeatures()
        self.analysis = Workspace(loader=FileSystemLoader())
        self.converter = Converter(files=self)
        self.workspace_folders: list[str] = []
        self._sources: dict[str, SourceFile] = {}   # line indexes of files not open
        # The last full semantic tokens sent per URI: (result id, data), the
        # base of the next delta.
        self.token_results: dict[str, tuple[str, list[int]]] = {}
        # Wired by the server (they need the session themselves).
        self.publisher: "DiagnosticsPublisher"
        self.indexer: "WorkspaceIndexer"

    # -- set up at `initialize` ---------------------------------------------------
    def configure(self, params: lsp.InitializeParams, encoding: str | None) -> None:
        self.client = ClientFeatures.from_capabilities(params.capabilities)
        self.converter.unit = ColumnUnit.from_encoding(encoding)
        self.settings = self.settings.updated(params.initialization_options)
        folders = [f.uri for f in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [params.root_uri]
        self.workspace_folders = [path_from_uri(uri) for uri in folders]

    # -- `convert.Files` -----------------------------------------------------------
    def source(self, path: str) -> SourceFile | None:
        """The text the analysis sees for `path` with its line index: the open
        buffer, else what the analysis workspace holds or its loader reads.
        (Not `analysis.source`, which would parse a file, e.g. a Python
        module a definition points into, only to count its lines.)"""
        doc = self.documents.by_path(path)
        if doc is not None:
            return doc.source
        text = self.analysis.text(path)
        if text is None:
            return None
        cached = self._sources.get(path)
        if cached is None or cached.text != text:
            cached = self._sources[path] = SourceFile(path, text)
        return cached

    def uri(self, path: str) -> str:
        return self.uris.uri(path)

    # -- translating requests ------------------------------------------------------
    def path_of(self, uri: str) -> str:
        return path_from_uri(uri)

    def cursor(self, uri: str, position: lsp.Position) -> Cursor | None:
        path = self.path_of(uri)
        source = self.source(path)
        if source is None:
            return None
        return Cursor(path, source, self.converter.offset(source, position))

    def file_source(self, uri: str) -> tuple[str, SourceFile] | None:
        path = self.path_of(uri)
        source = self.source(path)
        return (path, source) if source is not None else None

    def workspace_changed(self) -> None:
        """Files other than the edited buffer changed (the index finished, a
        file changed on disk): whatever the editor shows may be stale."""
        self.publisher.refresh()
        if self.client.semantic_tokens_refresh:
            self.server.workspace_semantic_tokens_refresh(None)
        if self.client.inlay_hint_refresh:
            self.server.workspace_inlay_hint_refresh(None)

    # -- talking to the user -------------------------------------------------------
    def log(self, message: str, level: lsp.MessageType = lsp.MessageType.Log) -> None:
        self.server.window_log_message(lsp.LogMessageParams(type=level, message=message))

    def log_error(self, message: str) -> None:
        self.log(message, lsp.MessageType.Error)
