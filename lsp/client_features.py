"""What the connected client can do, read once from its `initialize`
capabilities, so handlers ask `session.client.pull_diagnostics` instead of
walking optional capability trees."""
from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types as lsp


@dataclass(frozen=True)
class ClientFeatures:
    pull_diagnostics: bool = False        # textDocument/diagnostic
    diagnostic_refresh: bool = False      # workspace/diagnostic/refresh
    work_done_progress: bool = False      # window/workDoneProgress/create
    watched_files_registration: bool = False
    configuration: bool = False           # workspace/configuration
    hierarchical_symbols: bool = False
    markdown_hover: bool = True
    markdown_completion_docs: bool = False
    markdown_signature_docs: bool = False
    semantic_tokens_refresh: bool = False
    inlay_hint_refresh: bool = False
    snippet_completion: bool = False

    @classmethod
    def from_capabilities(cls, caps: lsp.ClientCapabilities | None) -> "ClientFeatures":
        if caps is None:
            return cls()
        text = caps.text_document
        ws = caps.workspace
        window = caps.window
        return cls(
            pull_diagnostics=bool(text and text.diagnostic),
            diagnostic_refresh=bool(ws and ws.diagnostics and ws.diagnostics.refresh_support),
            work_done_progress=bool(window and window.work_done_progress),
            watched_files_registration=bool(
                ws and ws.did_change_watched_files
                and ws.did_change_watched_files.dynamic_registration),
            configuration=bool(ws and ws.configuration),
            hierarchical_symbols=bool(
                text and text.document_symbol
                and text.document_symbol.hierarchical_document_symbol_support),
            markdown_hover=_markdown_hover(text),
            markdown_completion_docs=bool(
                text and text.completion and text.completion.completion_item
                and lsp.MarkupKind.Markdown in (
                    text.completion.completion_item.documentation_format or ())),
            markdown_signature_docs=bool(
                text and text.signature_help and text.signature_help.signature_information
                and lsp.MarkupKind.Markdown in (
                    text.signature_help.signature_information.documentation_format or ())),
            semantic_tokens_refresh=bool(
                ws and ws.semantic_tokens and ws.semantic_tokens.refresh_support),
            inlay_hint_refresh=bool(ws and ws.inlay_hint and ws.inlay_hint.refresh_support),
            snippet_completion=bool(
                text and text.completion and text.completion.completion_item
                and text.completion.completion_item.snippet_support),
        )


def _markdown_hover(text: lsp.TextDocumentClientCapabilities | None) -> bool:
    if not (text and text.hover and text.hover.content_format):
        return True  # clients that do not say usually render Markdown
    return lsp.MarkupKind.Markdown in text.hover.content_format
