"""Text synchronisation: open, change (incremental), save, close."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..documents import TextChange
from ..session import Session
from .feature import Feature


def did_open(session: Session, params: lsp.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    path = session.uris.remember(item.uri)
    session.documents.open(item.uri, path, item.language_id, item.version, item.text)
    session.analysis.set_file(path, item.text)
    session.publisher.schedule(item.uri, immediately=True)


def did_change(session: Session, params: lsp.DidChangeTextDocumentParams) -> None:
    ident = params.text_document
    changes = [_text_change(c) for c in params.content_changes]
    doc = session.documents.change(ident.uri, ident.version, changes, session.converter.unit)
    if doc is None:
        session.log(f"kiln: ignoring didChange for {ident.uri}, which is not open")
        return
    session.analysis.set_file(doc.path, doc.text)
    session.publisher.schedule(ident.uri)


def did_save(session: Session, params: lsp.DidSaveTextDocumentParams) -> None:
    doc = session.documents.get(params.text_document.uri)
    if doc is None:
        return
    if params.text is not None and params.text != doc.text:
        doc.apply(TextChange(None, None, params.text), session.converter.unit)
        session.analysis.set_file(doc.path, doc.text)
    session.publisher.schedule(doc.uri, immediately=True)


def did_close(session: Session, params: lsp.DidCloseTextDocumentParams) -> None:
    doc = session.documents.close(params.text_document.uri)
    if doc is None:
        return
    # The buffer no longer overrides the disk: fall back to the file as saved.
    session.indexer.reload_from_disk(doc.path)
    session.publisher.forget(doc.uri)
    session.token_results.pop(doc.uri, None)
    session.publisher.schedule_all()


def _text_change(change: lsp.TextDocumentContentChangeEvent) -> TextChange:
    rng = getattr(change, "range", None)
    if rng is None:
        return TextChange(None, None, change.text)
    return TextChange((rng.start.line, rng.start.character),
                      (rng.end.line, rng.end.character), change.text)


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_DID_OPEN, did_open, synchronous=True),
    Feature(lsp.TEXT_DOCUMENT_DID_CHANGE, did_change, synchronous=True),
    Feature(lsp.TEXT_DOCUMENT_DID_SAVE, did_save,
            lsp.SaveOptions(include_text=False), synchronous=True),
    Feature(lsp.TEXT_DOCUMENT_DID_CLOSE, did_close, synchronous=True),
]
