"""Re-parsing after an edit: only the top-level statement the edit is in.

The language server sets a file's whole text on every keystroke; parsing
5,000 lines costs ~150 ms, parsing the one statement being typed in well
under a millisecond. `reparse` finds the top-level statement whose lines
contain the edit, parses that statement's text alone with the real parser,
moves its positions to where the statement sits, and splices it between the
previous tree's other statements (the same node objects; if the edit added
or removed lines, the statements after it move by that many lines).

It answers None, and the caller parses the whole file, whenever the edit
could change how the rest of the file parses, or the result could differ:
the previous parse had diagnostics outside the edited statement, the edit
touches the first column of a statement or crosses statements, the
statement's new text does not parse on its own as exactly one statement (a
dedent that starts a new statement...), or the file has CR line ends or a BOM
(the parser normalises those). A statement with syntax errors (typing
`x = foo(` inside a body) is kept too when they stay inside it: parsed
together with the next statement, that one must come out unchanged (an
opened bracket or string, a backslash at the end would swallow it).
**Invariant:** a non-None result equals `parse(new_text, path)` (positions,
`name_span`s and diagnostics included); tested on random edits.
"""
from __future__ import annotations

import ast
import bisect
from dataclasses import replace

from ..syntax.nodes import ErrorStmt
from ..syntax.result import ParseResult
from ..syntax.source import SourceFile, Span


def reparse(previous: ParseResult, old_text: str, new_text: str, path: str) -> ParseResult | None:
    if "\r" in new_text or new_text.startswith("\ufeff"):
        return None
    body = previous.module.body
    if not body or previous.module.type_ignores or "\r" in old_text:
        return None
    start, old_end, new_end = changed_region(old_text, new_text)
    starts = [_first_line(stmt) for stmt in body]
    first_line = old_text.count("\n", 0, start) + 1
    last_line = first_line + old_text.count("\n", start, old_end)
    index = bisect.bisect_right(starts, first_line) - 1
    if index < 0:
        return None
    unit_first = starts[index]
    unit_next = starts[index + 1] if index + 1 < len(starts) else None
    if unit_next is not None and last_line >= unit_next:
        return None
    old_source = previous.source
    unit_start = old_source.byte_to_char(old_source.line_start(unit_first))
    if body[index].col_offset != 0:
        return None                  # a statement recovery split off a broken block
    if start <= unit_start:
        return None                  # the statement's first column: it may merge or split
    if previous.diagnostics and not _errors_only_in(previous, body, index, unit_first, unit_next):
        return None
    delta = len(new_text) - len(old_text)
    unit_end = old_source.byte_to_char(old_source.line_start(unit_next)) + delta \
        if unit_next is not None else len(new_text)
    if unit_next is not None and not new_text.startswith("\n", unit_end - 1):
        return None
    from ..syntax.parser import parse
    alone = parse(new_text[unit_start:unit_end], path)
    if len(alone.module.body) != 1 or alone.module.type_ignores or \
            isinstance(alone.module.body[0], ErrorStmt):
        return None
    line_delta = new_text.count("\n", start, new_end) - old_text.count("\n", start, old_end)
    if alone.diagnostics:
        # Parsed again where it sits (messages name lines) and, since a broken
        # statement may reach into the next one (an open bracket, a
        # triple-quoted string, a trailing backslash), with the next one.
        alone = _in_place(new_text, unit_start, unit_first, unit_end, body, index, line_delta,
                          path)
        if alone is None:
            return None
        stmt = alone.module.body[0]
    else:
        stmt = alone.module.body[0]
        _move_lines(stmt, unit_first - 1)
    if line_delta:
        for later in body[index + 1:]:
            _move_lines(later, line_delta)
    module = ast.Module(body=[*body[:index], stmt, *body[index + 1:]], type_ignores=[])
    return ParseResult(SourceFile(path, new_text), module, alone.diagnostics)


def _in_place(new_text: str, unit_start: int, unit_first: int, unit_end: int,
              body: list[ast.stmt], index: int, line_delta: int, path: str) -> ParseResult | None:
    """The edited statement's text, after as many empty lines as precede it
    (so positions and messages name the right lines), parsed together with
    the next statement. Answers None unless the next statement comes out
    equal to the previous tree's (positions and `name_span`s) and every
    diagnostic lies in the edited one: past an unchanged, cleanly parsed
    statement the lexer, the indenter and the parser are in the state a full
    parse has there, so the rest of the file parses as before."""
    from ..syntax.parser import parse
    following = body[index + 1] if index + 1 < len(body) else None
    after = body[index + 2] if index + 2 < len(body) else None
    end = len(new_text) if after is None or following is None else \
        _line_start(new_text, _first_line(after) + line_delta, unit_end,
                    _first_line(following) + line_delta)
    pad = unit_first - 1
    pair = parse("\n" * pad + new_text[unit_start:end], path)
    if len(pair.module.body) != (1 if following is None else 2):
        return None
    by = len(new_text[:unit_start].encode()) - pad
    limit = pad + len(new_text[unit_start:unit_end].encode())
    if any(d.span.end > limit or d.span.start >= limit or d.notes or d.fixes
           for d in pair.diagnostics):
        return None
    if following is not None:
        second = pair.module.body[1]
        _move_lines(second, -line_delta)                     # to where `following` was
        if _dump(second) != _dump(following):
            return None
    diags = [replace(d, span=Span(path, d.span.start + by, d.span.end + by))
             for d in pair.diagnostics]
    return ParseResult(pair.source, ast.Module(body=[pair.module.body[0]], type_ignores=[]), diags)


def _dump(tree: ast.AST) -> tuple:
    return ast.dump(tree, include_attributes=True), \
        [getattr(n, "name_span", None) for n in ast.walk(tree)]


def _errors_only_in(previous: ParseResult, body: list[ast.stmt], index: int, first: int,
                    following: int | None) -> bool:
    """A previous parse with syntax errors is a base only if every error lies
    in the statement being replaced and recovery left the other statements
    whole (each starting in the first column, none an error placeholder):
    typing that repairs a statement then costs no full parse."""
    source = previous.source
    lo = source.line_start(first)
    hi = source.line_start(following) if following is not None else len(source.data)
    # An error at the statement's very start is about what comes before it
    # ("expected an indented block after the 'fn' on line 1" sits on the next
    # statement's first token): re-parsing this statement alone would drop it.
    if any(not (lo < d.span.start and d.span.end <= hi) for d in previous.diagnostics):
        return False
    return all(stmt.col_offset == 0 and not isinstance(stmt, ErrorStmt)
               for i, stmt in enumerate(body) if i != index)


def changed_region(old, new) -> tuple[int, int, int]:
    """(start, end in old, end in new) of the characters (or bytes) that differ."""
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:                   # longest common prefix, by halving (slices compare in C)
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    prefix = lo
    lo, hi = 0, limit - prefix
    while lo < hi:                   # longest common suffix not overlapping the prefix
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:len(old) - lo] == new[len(new) - mid:len(new) - lo]:
            lo = mid
        else:
            hi = mid - 1
    start, old_end, new_end = prefix, len(old) - lo, len(new) - lo
    # An inserted or deleted run that repeats the text before it (a newline
    # among blank lines) could sit at several places; take the leftmost, so
    # that it stays with the statement it follows, not the next one.
    if old_end == start:
        while start > 0 and new[start - 1] == new[new_end - 1]:
            start, old_end, new_end = start - 1, old_end - 1, new_end - 1
    elif new_end == start:
        while start > 0 and old[start - 1] == old[old_end - 1]:
            start, old_end, new_end = start - 1, old_end - 1, new_end - 1
    return start, old_end, new_end


def _first_line(stmt: ast.stmt) -> int:
    decorators = getattr(stmt, "decorator_list", None) or ()
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _line_start(text: str, line: int, offset: int = 0, offset_line: int = 1) -> int:
    """Character offset where 1-based `line` starts, counting from `offset`
    (the start of line `offset_line`)."""
    for _ in range(line - offset_line):
        offset = text.index("\n", offset) + 1
    return offset


def _move_lines(root: ast.AST, by: int) -> None:
    if not by:
        return
    for node in ast.walk(root):
        if "lineno" in node._attributes:
            node.lineno += by
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno += by
        span = getattr(node, "name_span", None)
        if span is not None:
            node.name_span = (span[0] + by, span[1], span[2] + by, span[3])


__all__ = ["reparse", "changed_region"]
