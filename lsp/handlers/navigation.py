"""Go to definition / declaration / type definition, references, highlights."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..session import Session
from .feature import Feature


def definition(session: Session, params: lsp.DefinitionParams) -> list[lsp.Location] | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    return session.converter.locations(
        loc.span for loc in session.analysis.definition(at.path, at.offset)) or None


def declaration(session: Session, params: lsp.DeclarationParams) -> list[lsp.Location] | None:
    # Kiln has no separate declarations (no headers, no forward decls): the
    # declaration of a name is where it is defined.
    return definition(session, params)


def type_definition(session: Session,
                    params: lsp.TypeDefinitionParams) -> list[lsp.Location] | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    return session.converter.locations(
        loc.span for loc in session.analysis.type_definition(at.path, at.offset)) or None


def references(session: Session, params: lsp.ReferenceParams) -> list[lsp.Location] | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    refs = session.analysis.references(
        at.path, at.offset, include_declaration=params.context.include_declaration)
    return session.converter.locations(ref.span for ref in refs)


def document_highlight(session: Session,
                       params: lsp.DocumentHighlightParams) -> list[lsp.DocumentHighlight] | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    highlights = []
    for ref in session.analysis.document_highlights(at.path, at.offset):
        rng = session.converter.range(ref.span)
        if rng is None:
            continue
        kind = lsp.DocumentHighlightKind.Write if ref.is_write else lsp.DocumentHighlightKind.Read
        highlights.append(lsp.DocumentHighlight(range=rng, kind=kind))
    return highlights


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_DEFINITION, definition),
    Feature(lsp.TEXT_DOCUMENT_DECLARATION, declaration),
    Feature(lsp.TEXT_DOCUMENT_TYPE_DEFINITION, type_definition),
    Feature(lsp.TEXT_DOCUMENT_REFERENCES, references, empty=list),
    Feature(lsp.TEXT_DOCUMENT_DOCUMENT_HIGHLIGHT, document_highlight, empty=list),
]
