"""Folding ranges and selection ranges: views of the compiler's syntax tree."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..convert import folding_range
from ..folding import folds
from ..selection import enclosing_spans
from ..session import Session
from .feature import Feature


def _parsed(session: Session, uri: str):
    """The open document's syntax (tree + source), or None."""
    opened = session.file_source(uri)
    if opened is None:
        return None
    return session.analysis.syntax(opened[0])


def folding_ranges(session: Session, params: lsp.FoldingRangeParams):
    parsed = _parsed(session, params.text_document.uri)
    if parsed is None:
        return None
    return [folding_range(f) for f in folds(parsed.module, parsed.source)]


def selection_ranges(session: Session, params: lsp.SelectionRangeParams):
    parsed = _parsed(session, params.text_document.uri)
    if parsed is None:
        return None
    source = parsed.source
    result = []
    for position in params.positions:
        offset = session.converter.offset(source, position)
        chain = enclosing_spans(parsed.module, source, offset)
        result.append(session.converter.selection_range(source, chain))
    return result


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_FOLDING_RANGE, folding_ranges, empty=list),
    Feature(lsp.TEXT_DOCUMENT_SELECTION_RANGE, selection_ranges, empty=list),
]
