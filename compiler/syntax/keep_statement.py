"""Recovery that keeps the broken statement (step 4 of recovery.py).

The parser stack is cut back as little as possible, the broken tokens are
skipped up to a resume point, and a few virtual tokens are shifted in their
place so that the statement still parses:

* at the bracket that closes around the error, or at the end of the line:
  an `ERROR_EXPR` (`f(a, b c)` -> `f(a, <error>)`, `var y = x +` ->
  `var y = x + <error>`);
* at a header's final `:` (or at the end of a header line followed by an
  indented block, adding the `:`): an `ERROR_EXPR` and/or the closing
  brackets still open on the kept stack, and `-> <error>` when a return
  annotation was skipped, so `fn norm(p: Point -> Int:` stays an `fn` with
  its body (`fn norm(p: Point) -> <error>:`).

Nothing is ever dropped without an `ErrorExpr` or a closing bracket taking
its place, and every candidate is checked by simulating the parser over the
rest of the line first.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import error_messages as msgs
from . import nodes
from .lexer import Token

_FOLLOW_LIMIT = 64   # tokens after the insertion that must parse
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")", "]", "}"}


@dataclass(frozen=True, slots=True)
class Kept:
    resume: int          # index of the first inserted token
    line_end: int        # index of the NEWLINE ending the line, after the insertion


def keep_statement(d, toks, i, states, values) -> Kept | None:
    actions = d.tables.actions
    base = len(states) - 1
    while base > 0 and "ERROR_STMT" not in actions[states[base]]:
        base -= 1
    end = line_end(toks, i)
    if base == len(states) - 1 or toks[end].type != "NEWLINE":
        return None  # nothing of a statement to keep, or no line end to resume at
    if toks[end - 1].type == "ERRORTOKEN" and toks[end - 1].value.endswith("never closed"):
        toks[end - 1].type = "SKIP"  # the indenter's note on the bracket, not source text
    lit = d.tables.literals
    arrow = [lit["->"], "ERROR_EXPR"] if any(
        t.value == "->" and t.type != "STRING" for t in toks[i:end]) else []
    block_follows = end + 1 < len(toks) and toks[end + 1].type == "INDENT"
    for resume, header, add_colon in _resume_points(toks, i, end, block_follows):
        upto = end + 2 if header else end + 1  # a header's line is followed by INDENT
        follow = [t.type for t in toks[resume:upto] if t.type != "SKIP"][:_FOLLOW_LIMIT]
        colon = [lit[":"]] if add_colon else []
        for keep in range(len(states), base + 1, -1):
            for inserted in _candidates(lit, values[:keep - 1], header, arrow):
                if d.simulate(states[:keep], inserted + colon + follow):
                    return _apply(toks, i, resume, end, states, values, keep,
                                  inserted + colon)
    return None


def _candidates(lit, kept_values, header: bool, arrow: list[str]):
    yield ["ERROR_EXPR"]
    if header:
        closers = [lit[c] for c in _still_open(kept_values)]
        yield ["ERROR_EXPR"] + closers + arrow
        if closers or arrow:
            yield closers + arrow


def _still_open(values) -> list[str]:
    """The closing brackets for the brackets still open in `values`, innermost first."""
    stack: list[str] = []
    for v in values:
        if isinstance(v, Token) and v.type != "STRING":
            if v.value in _OPENERS:
                stack.append(_OPENERS[v.value])
            elif v.value in _CLOSERS and stack:
                stack.pop()
    return stack[::-1]


def _resume_points(toks, i, end, block_follows: bool):
    """(index, is_header, add_colon): the bracket that closes around the
    error, a header's final ':', the end of the line (as a header that lost
    its ':' too when an indented block follows)."""
    depth = 0
    for j in range(i, end):
        tok = toks[j]
        if tok.type in ("STRING", "SKIP", "ERRORTOKEN"):
            continue
        if tok.value in _OPENERS:
            depth += 1
        elif tok.value in _CLOSERS:
            if depth == 0:
                yield j, False, False
                break
            depth -= 1
    last = end - 1
    while last > i and toks[last].type == "SKIP":
        last -= 1
    ends_with_colon = last >= i and toks[last].value == ":" and toks[last].type != "STRING"
    if ends_with_colon:
        yield last, True, False
    yield end, False, False
    if block_follows and not ends_with_colon:
        yield end, True, True


def _apply(toks, i, resume, end, states, values, keep, inserted) -> Kept:
    first = None
    for value in values[keep - 1:]:
        first = first or msgs.start_of(value)
    skipped = [t for t in toks[i:resume] if t.type != "SKIP" and not (
        t.type == "ERRORTOKEN" and t.value.endswith("never closed"))]
    first = first or (skipped[0] if skipped else toks[i])
    where = skipped[-1] if skipped else first
    virtual = []
    for typ in inserted:
        value = ""
        if typ == "ERROR_EXPR":
            value = nodes.ErrorExpr()
            place(value, first, skipped[-1] if skipped else None)
        pos = getattr(where, "end", 0)
        virtual.append(Token(typ, value, where.end_lineno, where.end_col_offset,
                             where.end_lineno, where.end_col_offset, pos, pos))
    for t in toks[i:resume]:
        t.type = "SKIP"
    del states[keep:]
    del values[keep - 1:]
    toks[resume:resume] = virtual
    return Kept(resume, end + len(virtual))


def place(node, first, last) -> None:
    """Span `node` from `first` to `last` (zero-width at `first` without `last`)."""
    node.lineno, node.col_offset = first.lineno, first.col_offset
    if last is None:
        node.end_lineno, node.end_col_offset = first.lineno, first.col_offset
    else:
        node.end_lineno, node.end_col_offset = last.end_lineno, last.end_col_offset
    if (node.end_lineno, node.end_col_offset) < (node.lineno, node.col_offset):
        node.end_lineno, node.end_col_offset = node.lineno, node.col_offset


def line_end(toks, i) -> int:
    """Index of the NEWLINE (or DEDENT/$END) that ends the logical line at i."""
    j = i
    while toks[j].type not in ("NEWLINE", "DEDENT", "$END"):
        j += 1
    return j
