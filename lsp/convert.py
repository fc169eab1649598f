"""The one conversion layer between the compiler's values and the protocol's.

The analysis core speaks `Span`s (UTF-8 byte offsets per file path),
`Diagnostic`s, `Fix`es and its own symbol kinds; lsprotocol speaks URIs,
(line, column) positions in the negotiated unit, and LSP enums. Every
crossing goes through here, so the analysis core never sees protocol types
and the handlers never count bytes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from lsprotocol import types as lsp

from kiln.compiler.diagnostics.diagnostic import Diagnostic, Fix, Severity
from kiln.compiler.diagnostics.diagnostic import TextEdit as KilnTextEdit
from kiln.compiler.syntax.source import SourceFile, Span

from .positions import ColumnUnit, line_column, offset_at

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.NOTE: lsp.DiagnosticSeverity.Information,
}

_TAGS = {
    "unnecessary": lsp.DiagnosticTag.Unnecessary,
    "deprecated": lsp.DiagnosticTag.Deprecated,
}


class Files(Protocol):
    """What conversion needs to know about files: their current text (open
    buffer or disk) and the URI the client calls them by."""

    def source(self, path: str) -> SourceFile | None: ...

    def uri(self, path: str) -> str: ...


@dataclass
class Converter:
    files: Files
    unit: ColumnUnit = ColumnUnit.UTF16

    # -- positions -------------------------------------------------------------
    def position(self, source: SourceFile, offset: int) -> lsp.Position:
        line, col = line_column(source, offset, self.unit)
        return lsp.Position(line=line, character=col)

    def offset(self, source: SourceFile, position: lsp.Position) -> int:
        return offset_at(source, position.line, position.character, self.unit)

    def range_in(self, source: SourceFile, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(source, start), end=self.position(source, end))

    def range(self, span: Span) -> lsp.Range | None:
        source = self.files.source(span.file)
        if source is None:
            return None
        return self.range_in(source, span.start, span.end)

    def span(self, source: SourceFile, rng: lsp.Range) -> Span:
        start = self.offset(source, rng.start)
        end = self.offset(source, rng.end)
        return Span(source.path, min(start, end), max(start, end))

    def location(self, span: Span) -> lsp.Location | None:
        rng = self.range(span)
        if rng is None:
            return None
        return lsp.Location(uri=self.files.uri(span.file), range=rng)

    def locations(self, spans: Iterable[Span]) -> list[lsp.Location]:
        return [loc for loc in map(self.location, spans) if loc is not None]

    # -- diagnostics -------------------------------------------------------------
    def diagnostic(self, diag: Diagnostic) -> lsp.Diagnostic | None:
        rng = self.range(diag.span)
        if rng is None:
            return None
        related = []
        loose_notes = []
        for note in diag.notes:
            where = self.location(note.span) if note.span is not None else None
            if where is None:
                loose_notes.append(note.message)
            else:
                related.append(lsp.DiagnosticRelatedInformation(location=where, message=note.message))
        return lsp.Diagnostic(
            range=rng,
            message=_message_text(diag, loose_notes),
            severity=_SEVERITY[diag.severity],
            code=diag.code,
            source="kiln",
            related_information=related or None,
            tags=[_TAGS[t] for t in sorted(diag.tags) if t in _TAGS] or None,
        )

    def diagnostics(self, diags: Iterable[Diagnostic]) -> list[lsp.Diagnostic]:
        return [d for d in map(self.diagnostic, diags) if d is not None]

    # -- edits -----------------------------------------------------------------
    def workspace_edit(self, edits: Iterable[KilnTextEdit]) -> lsp.WorkspaceEdit:
        by_uri: dict[str, list[lsp.TextEdit]] = {}
        for edit in edits:
            rng = self.range(edit.span)
            if rng is None:
                continue
            uri = self.files.uri(edit.span.file)
            by_uri.setdefault(uri, []).append(lsp.TextEdit(range=rng, new_text=edit.new_text))
        return lsp.WorkspaceEdit(changes=by_uri)

    def selection_range(self, source: SourceFile, chain: list[Span]) -> lsp.SelectionRange:
        """Innermost-first spans as the protocol's linked list of parents."""
        parent = None
        for span in reversed(chain):
            parent = lsp.SelectionRange(range=self.range_in(source, span.start, span.end),
                                        parent=parent)
        return parent

    def quick_fix(self, fix: Fix, diag: lsp.Diagnostic | None) -> lsp.CodeAction:
        return lsp.CodeAction(
            title=fix.title,
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diag] if diag is not None else None,
            edit=self.workspace_edit(fix.edits),
            is_preferred=True,
        )


def _message_text(diag: Diagnostic, loose_notes: list[str]) -> str:
    lines = [diag.message]
    lines += [f"note: {n}" for n in loose_notes]
    if diag.hint:
        lines.append(f"hint: {diag.hint}")
    return "\n".join(lines)


# -- symbol kinds --------------------------------------------------------------------
# The analysis core's kinds are keyed by their `.value` strings so this module
# does not depend on the enum's import path for anything but names.
_SYMBOL_KINDS = {
    "module": lsp.SymbolKind.Module,
    "def-function": lsp.SymbolKind.Function,
    "fn": lsp.SymbolKind.Function,
    "struct": lsp.SymbolKind.Struct,
    "trait": lsp.SymbolKind.Interface,
    "alias": lsp.SymbolKind.Constant,
    "field": lsp.SymbolKind.Field,
    "method": lsp.SymbolKind.Method,
    "parameter": lsp.SymbolKind.Variable,
    "comptime-parameter": lsp.SymbolKind.TypeParameter,
    "var": lsp.SymbolKind.Variable,
    "let": lsp.SymbolKind.Constant,
    "python-variable": lsp.SymbolKind.Variable,
    "class": lsp.SymbolKind.Class,
    "import": lsp.SymbolKind.Module,
    "builtin": lsp.SymbolKind.Function,
}

_COMPLETION_KINDS = {
    "module": lsp.CompletionItemKind.Module,
    "def-function": lsp.CompletionItemKind.Function,
    "fn": lsp.CompletionItemKind.Function,
    "struct": lsp.CompletionItemKind.Struct,
    "trait": lsp.CompletionItemKind.Interface,
    "alias": lsp.CompletionItemKind.Constant,
    "field": lsp.CompletionItemKind.Field,
    "method": lsp.CompletionItemKind.Method,
    "parameter": lsp.CompletionItemKind.Variable,
    "comptime-parameter": lsp.CompletionItemKind.TypeParameter,
    "var": lsp.CompletionItemKind.Variable,
    "let": lsp.CompletionItemKind.Constant,
    "python-variable": lsp.CompletionItemKind.Variable,
    "class": lsp.CompletionItemKind.Class,
    "import": lsp.CompletionItemKind.Module,
    "builtin": lsp.CompletionItemKind.Function,
    "keyword": lsp.CompletionItemKind.Keyword,
}


def kind_name(kind) -> str:
    return getattr(kind, "value", kind)


def symbol_kind(kind, name: str = "") -> lsp.SymbolKind:
    if name == "__init__" and kind_name(kind) == "method":
        return lsp.SymbolKind.Constructor
    return _SYMBOL_KINDS.get(kind_name(kind), lsp.SymbolKind.Variable)


def completion_kind(kind) -> lsp.CompletionItemKind:
    return _COMPLETION_KINDS.get(kind_name(kind), lsp.CompletionItemKind.Text)


def label_offset(label: str, index: int) -> int:
    """A code-point index into a signature label as the protocol counts it
    (UTF-16 units), for the parameter ranges the client highlights."""
    return len(label[:index].encode("utf-16-le", "surrogatepass")) // 2


def documentation(text: str | None, markdown: bool) -> lsp.MarkupContent | str | None:
    """Docstrings as Markdown for clients that render it, else plain text."""
    if not text:
        return None
    return lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text) if markdown else text


def folding_range(fold) -> lsp.FoldingRange:
    kinds = {"imports": lsp.FoldingRangeKind.Imports, "comment": lsp.FoldingRangeKind.Comment}
    return lsp.FoldingRange(start_line=fold.start - 1, end_line=fold.end - 1,
                            kind=kinds.get(fold.kind))
