"""Inlay hints: inferred `var`/`let` types and parameter names at call sites,
each switchable in the settings (`inlayHints.variableTypes`,
`inlayHints.parameterNames`)."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..session import Session
from .feature import Feature


def inlay_hint(session: Session, params: lsp.InlayHintParams) -> list[lsp.InlayHint] | None:
    opened = session.file_source(params.text_document.uri)
    if opened is None:
        return None
    path, source = opened
    wanted = session.settings.inlay_hints
    span = session.converter.span(source, params.range)
    hints = []
    for hint in session.analysis.inlay_hints(path, span.start, span.end):
        if hint.kind == "type" and wanted.variable_types:
            hints.append(_type_hint(session, source, hint))
        elif hint.kind == "parameter" and wanted.parameter_names:
            hints.append(_parameter_hint(session, source, hint))
    return hints


def _type_hint(session: Session, source, hint) -> lsp.InlayHint:
    return lsp.InlayHint(position=session.converter.position(source, hint.offset),
                         label=hint.label, kind=lsp.InlayHintKind.Type)


def _parameter_hint(session: Session, source, hint) -> lsp.InlayHint:
    label = hint.label if hint.label.endswith(":") else f"{hint.label}:"
    return lsp.InlayHint(position=session.converter.position(source, hint.offset),
                         label=label, kind=lsp.InlayHintKind.Parameter, padding_right=True)


FEATURES = [Feature(lsp.TEXT_DOCUMENT_INLAY_HINT, inlay_hint, empty=list)]
