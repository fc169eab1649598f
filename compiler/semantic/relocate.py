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

import bisect
from dataclasses import dataclass, replace

from ..diagnostics.diagnostic import Diagnostic, Fix, Note, TextEdit
from ..syntax.source import Span
from .scopes import Scope
from .symbols import Reference, SymbolTable


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
    # Tight loops: a 5,000-line file has ~5k symbols and ~9k references.
    path, old_end, at, d = table.path, edit.old_end, edit.start, edit.delta
    for sym in table.symbols:
        sp = sym.span
        if sp is not None and sp.end >= old_end and sp.end != at and sp.file == path:
            sym.span = Span(path, sp.start + d if sp.start >= old_end else sp.start, sp.end + d)
        sp = sym.full_span
        if sp is not None and sp.end >= old_end and sp.end != at and sp.file == path:
            sym.full_span = Span(path, sp.start + d if sp.start >= old_end else sp.start, sp.end + d)
    refs = table.references
    # Sorted by start (after any query), the references to move are a suffix:
    # none encloses an edit inside a body (they name things).
    first = bisect.bisect_left(table._starts, at) if table._sorted else 0
    setattr_ = object.__setattr__
    starts = table._starts
    for i in range(first, len(refs)):
        ref = refs[i]
        sp = ref.span
        if sp.end >= old_end and sp.end != at and sp.file == path:
            setattr_(ref, "span", Span(path, sp.start + d if sp.start >= old_end else sp.start, sp.end + d))
            if table._sorted:
                starts[i] = ref.span.start
    # the order is kept: what moved was after the edit and stays after it


def move_scopes(root: Scope, edit: Edit) -> None:
    """Scopes nest: a subtree that ends before the edit stays as it is."""
    old_end, at, d = edit.old_end, edit.start, edit.delta
    stack = [root]
    while stack:
        scope = stack.pop()
        if scope.end < old_end or scope.end == at:
            continue
        if scope.start >= old_end:
            scope.start += d
        scope.end += d
        stack.extend(scope.children)


def remove_references(table: SymbolTable, gone: list[Reference], lo: int, hi: int) -> None:
    """Take `gone` out of the table. They lie within byte range [lo, hi]: if
    the table is sorted, only that stretch is filtered and it stays sorted."""
    ids = {id(r) for r in gone}
    refs = table.references
    if table._sorted:
        first = bisect.bisect_left(table._starts, lo)
        last = bisect.bisect_right(table._starts, hi)
        kept = [r for r in refs[first:last] if id(r) not in ids]
        if last - first - len(kept) == len(ids):
            refs[first:last] = kept
            table._starts[first:last] = [r.span.start for r in kept]
            return
    refs[:] = [r for r in refs if id(r) not in ids]
    table._sorted = False


def insert_references(table: SymbolTable, new: list[Reference], was_sorted: bool,
                      lo: int, hi: int) -> None:
    """`new` (just appended by a body check, all within [lo, hi]) merged
    into a table that was sorted before, so the next query does not sort
    9k references again. The result is what a full sort gives: kept
    references first among equal spans, the new ones in their order."""
    refs = table.references
    if not was_sorted or not new or refs[-len(new):] != new:
        return
    del refs[-len(new):]
    first = bisect.bisect_left(table._starts, lo)
    last = bisect.bisect_right(table._starts, hi)
    merged = sorted([*refs[first:last], *new], key=lambda r: (r.span.start, r.span.end))
    refs[first:last] = merged
    table._starts[first:last] = [r.span.start for r in merged]
    table._sorted = True


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


__all__ = ["Edit", "move_table", "move_scopes", "move_diagnostics", "remove_references",
           "insert_references"]
