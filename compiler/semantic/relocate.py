"""Moving the spans an analysis keeps after an edit that changed the file's
length.

Spans are absolute UTF-8 byte offsets. An edit replaced bytes [start, old_end)
by bytes [start, new_end); what the incremental update keeps (incremental.py)
lies wholly before the edit, wholly after it, or encloses it (the declaration
whose body was edited, the module). So an offset moves by the length change
when it lies at or after `old_end`, except an *end* that equals the edit's
start, which stays (the inserted text follows it). Enclosing spans are
recomputed from their nodes afterwards by the caller: whether they grow
depends on the new text, not on the offsets.

References and diagnostics are frozen values: a moved diagnostic is a new
value; a `Reference` (compared by identity, and remembered by identity in
`BodyResult`s) is moved in place.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..diagnostics.diagnostic import Diagnostic, Fix, Note, TextEdit
from ..syntax.source import Span
from .scopes import Scope
from .symbols import SymbolTable


@dataclass(frozen=True)
class Edit:
    start: int
    old_end: int
    new_end: int

    @property
    def delta(self) -> int:
        return self.new_end - self.old_end

    def moves(self, span: Span) -> bool:
        return span.end >= self.old_end and span.end > self.start

    def span(self, span: Span | None) -> Span | None:
        if span is None or span.end < self.old_end or span.end == self.start:
            return span
        d = self.delta
        start = span.start + d if span.start >= self.old_end else span.start
        return Span(span.file, start, span.end + d)

    def offset_start(self, offset: int) -> int:
        return offset + self.delta if offset >= self.old_end else offset

    def offset_end(self, offset: int) -> int:
        return offset + self.delta if offset >= self.old_end and offset > self.start else offset


def move_table(table: SymbolTable, edit: Edit) -> None:
    for sym in table.symbols:
        if sym.span is not None and sym.span.file == table.path:
            sym.span = edit.span(sym.span)
        if sym.full_span is not None and sym.full_span.file == table.path:
            sym.full_span = edit.span(sym.full_span)
    for ref in table.references:
        if ref.span.file == table.path and edit.moves(ref.span):
            object.__setattr__(ref, "span", edit.span(ref.span))
    table._sorted = False


def move_scopes(root: Scope, edit: Edit) -> None:
    stack = [root]
    while stack:
        scope = stack.pop()
        scope.start = edit.offset_start(scope.start)
        scope.end = edit.offset_end(scope.end)
        stack.extend(scope.children)


def move_diagnostics(diags: list[Diagnostic], path: str, edit: Edit) -> None:
    """In place: each diagnostic of the list that lies after the edit is
    replaced by its moved copy."""
    for i, d in enumerate(diags):
        moved = _moved_diagnostic(d, path, edit)
        if moved is not d:
            diags[i] = moved


def _moved_diagnostic(d: Diagnostic, path: str, edit: Edit) -> Diagnostic:
    def mv(span: Span | None) -> Span | None:
        return edit.span(span) if span is not None and span.file == path else span

    span = mv(d.span)
    notes = tuple(n if mv(n.span) is n.span else Note(n.message, mv(n.span)) for n in d.notes)
    fixes = tuple(_moved_fix(f, mv) for f in d.fixes)
    if span is d.span and all(a is b for a, b in zip(notes, d.notes)) and \
            all(a is b for a, b in zip(fixes, d.fixes)):
        return d
    return replace(d, span=span, notes=notes, fixes=fixes)


def _moved_fix(fix: Fix, mv) -> Fix:
    edits = tuple(e if mv(e.span) is e.span else TextEdit(mv(e.span), e.new_text) for e in fix.edits)
    if all(a is b for a, b in zip(edits, fix.edits)):
        return fix
    return Fix(fix.title, edits)


__all__ = ["Edit", "move_table", "move_scopes", "move_diagnostics"]
