"""Signature help while typing a call's arguments."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..convert import documentation, label_offset
from ..session import Session
from .feature import Feature


def signature_help(session: Session, params: lsp.SignatureHelpParams) -> lsp.SignatureHelp | None:
    at = session.cursor(params.text_document.uri, params.position)
    if at is None:
        return None
    help_ = session.analysis.signature_help(at.path, at.offset)
    if help_ is None or not help_.signatures:
        return None
    return lsp.SignatureHelp(
        signatures=[_signature(sig, session.client.markdown_signature_docs)
                    for sig in help_.signatures],
        active_signature=help_.active_signature,
        active_parameter=help_.active_parameter,
    )


def _signature(sig, markdown: bool) -> lsp.SignatureInformation:
    return lsp.SignatureInformation(
        label=sig.label,
        documentation=documentation(sig.doc, markdown),
        parameters=[lsp.ParameterInformation(label=(label_offset(sig.label, p.start),
                                                    label_offset(sig.label, p.end)))
                    for p in sig.parameters],
    )


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_SIGNATURE_HELP, signature_help,
            lsp.SignatureHelpOptions(trigger_characters=["(", ","],
                                     retrigger_characters=[")"])),
]
