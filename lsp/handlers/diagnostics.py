"""`textDocument/diagnostic`: diagnostics pulled by the client."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..session import Session
from .feature import Feature


def document_diagnostic(session: Session, params: lsp.DocumentDiagnosticParams):
    return session.publisher.report(params.text_document.uri, params.previous_result_id)


def _empty_report() -> lsp.RelatedFullDocumentDiagnosticReport:
    return lsp.RelatedFullDocumentDiagnosticReport(items=[])


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_DIAGNOSTIC, document_diagnostic,
            lsp.DiagnosticOptions(identifier="kiln", inter_file_dependencies=True,
                                  workspace_diagnostics=False),
            empty=_empty_report),
]
