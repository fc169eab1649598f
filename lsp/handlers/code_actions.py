"""Code actions: the quick fixes that diagnostics carry as fix-its
("declare it with `var`", "add `raises`", "import `f` from `sibling`")."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..session import Session
from .feature import Feature


def code_action(session: Session, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
    only = params.context.only
    if only and not any(lsp.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        return []
    opened = session.file_source(params.text_document.uri)
    if opened is None:
        return None
    path, source = opened
    wanted = session.converter.span(source, params.range)
    actions = []
    for diag in session.analysis.diagnostics(path):
        if not diag.fixes or not _touches(diag.span, wanted.start, wanted.end):
            continue
        shown = session.converter.diagnostic(diag)
        actions += [session.converter.quick_fix(fix, shown) for fix in diag.fixes]
    return actions


def _touches(span, start: int, end: int) -> bool:
    return span.start <= end and start <= span.end


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_CODE_ACTION, code_action,
            lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
            empty=list),
]
