"""prepareRename and rename (across files)."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..guard import RequestRefused
from ..session import Session
from .feature import Feature


def prepare_rename(session: Session,
                   params: lsp.PrepareRenameParams) -> lsp.PrepareRenamePlaceholder | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    span = session.analysis.prepare_rename(at.path, at.offset)
    if span is None:
        return None
    rng = session.converter.range(span)
    if rng is None:
        return None
    return lsp.PrepareRenamePlaceholder(range=rng, placeholder=at.source.slice(span))


def rename(session: Session, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    result = session.analysis.rename(at.path, at.offset, params.new_name)
    if result.error is not None:
        raise RequestRefused(result.error)
    if not result.edits:
        return None
    return session.converter.workspace_edit(result.edits)


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME, prepare_rename),
    Feature(lsp.TEXT_DOCUMENT_RENAME, rename, lsp.RenameOptions(prepare_provider=True)),
]
