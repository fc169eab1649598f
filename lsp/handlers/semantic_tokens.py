"""Semantic tokens: full, delta and range."""
from __future__ import annotations

import itertools

from lsprotocol import types as lsp

from .. import semantic_tokens as tokens
from ..session import Session
from .feature import Feature

_result_ids = itertools.count(1)


def _tokens(session: Session, uri: str) -> list[tokens.Token] | None:
    opened = session.file_source(uri)
    if opened is None:
        return None
    path, source = opened
    raw = session.analysis.semantic_tokens(path)
    return tokens.position_tokens(source, raw, session.converter.unit)


def full(session: Session, params: lsp.SemanticTokensParams) -> lsp.SemanticTokens | None:
    found = _tokens(session, params.text_document.uri)
    if found is None:
        return None
    data = tokens.encode(found)
    result_id = str(next(_result_ids))
    session.token_results[params.text_document.uri] = (result_id, data)
    return lsp.SemanticTokens(data=data, result_id=result_id)


def delta(session: Session, params: lsp.SemanticTokensDeltaParams):
    uri = params.text_document.uri
    previous = session.token_results.get(uri)
    fresh = full(session, lsp.SemanticTokensParams(text_document=params.text_document))
    if fresh is None:
        return None
    if previous is None or previous[0] != params.previous_result_id:
        return fresh  # the client's base is unknown: send everything
    return lsp.SemanticTokensDelta(edits=tokens.delta(previous[1], fresh.data),
                                   result_id=fresh.result_id)


def in_range(session: Session, params: lsp.SemanticTokensRangeParams) -> lsp.SemanticTokens | None:
    found = _tokens(session, params.text_document.uri)
    if found is None:
        return None
    start, end = params.range.start, params.range.end
    inside = [t for t in found
              if (start.line, start.character) <= (t.line, t.column) < (end.line, end.character)]
    return lsp.SemanticTokens(data=tokens.encode(inside))


# pygls builds the capability (full with delta, range) from the legend.
_OPTIONS = tokens.LEGEND

FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL, full, _OPTIONS),
    Feature(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL_DELTA, delta, _OPTIONS),
    Feature(lsp.TEXT_DOCUMENT_SEMANTIC_TOKENS_RANGE, in_range, _OPTIONS),
]
