"""Hover: signature, inferred type and docstring, as Markdown."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..session import Session
from .feature import Feature


def hover(session: Session, params: lsp.HoverParams) -> lsp.Hover | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    info = session.analysis.hover(at.path, at.offset)
    if info is None or not info.markdown:
        return None
    kind = lsp.MarkupKind.Markdown if session.client.markdown_hover else lsp.MarkupKind.PlainText
    return lsp.Hover(contents=lsp.MarkupContent(kind=kind, value=info.markdown),
                     range=session.converter.range(info.span) if info.span else None)


FEATURES = [Feature(lsp.TEXT_DOCUMENT_HOVER, hover)]
