"""Completion: names in scope for the tier, keywords, members after `.`."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..convert import completion_kind, documentation, kind_name
from ..session import Session
from .feature import Feature


def completion(session: Session, params: lsp.CompletionParams) -> lsp.CompletionList | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    items = []
    for rank, item in enumerate(session.analysis.completions(at.path, at.offset)):
        items.append(lsp.CompletionItem(
            label=item.label,
            kind=completion_kind(item.kind),
            detail=item.detail,
            documentation=documentation(item.doc, session.client.markdown_completion_docs),
            # Keep the analysis core's order (nearest scope first, keywords last)
            # among items the client's fuzzy filter scores alike.
            sort_text=f"{_group(item.kind)}{rank:05d}",
        ))
    return lsp.CompletionList(is_incomplete=False, items=items)


def _group(kind) -> str:
    return "1" if kind_name(kind) == "keyword" else "0"


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_COMPLETION, completion,
            lsp.CompletionOptions(trigger_characters=["."])),
]
