"""Syntax error recovery for the LALR driver.

At an error we report ONE problem (error_messages.py words it), then repair
or skip, keeping as much of the statement as the parser can:

1. a lexical error token (its message is the diagnostic) or a bad indentation
   token is dropped;
2. an unexpected INDENT is dropped with its matching DEDENT, so the indented
   lines still parse (as statements of the enclosing block);
3. a missing `:` (or an `=` written for `==`) is repaired if the next tokens
   then parse; a missing block gets an `ErrorStmt` body;
4. the statement is kept (keep_statement.py): the broken part becomes an
   `ErrorExpr` and a broken header is closed, so `var y = x +` is still a
   VarDecl of `y`, `return z +* 2` still a Return and `fn f(a: Int -> Int:`
   still an fn with its body;
5. otherwise, panic mode: pop the parser stack back to where a statement
   starts, skip to the end of the logical line, and shift an `ERROR_STMT`
   token that becomes an `ErrorStmt` spanning what was skipped and listing
   the names the statement would have bound (error_names.py). If an
   indented block follows the broken line, its INDENT/DEDENT are dropped so
   its statements are still parsed and checked.

Only the first error of a run is reported: until a few tokens have been
shifted after a repair, further errors are silent (one typo, one message).
"""
from __future__ import annotations

from . import error_messages as msgs
from . import nodes
from .build_base import Problem
from .error_names import bound_names
from .keep_statement import keep_statement, place
from .lexer import Token

MAX_PROBLEMS = 100
# Tokens standing for a statement or expression whose own error was reported
# when it was kept: finding one where the grammar does not allow it is a
# consequence of that error, not a second one.
_ALREADY_REPORTED = ("ERROR_STMT", "ERROR_EXPR")


def _virtual(typ: str, at, value="") -> Token:
    pos = getattr(at, "pos", 0)
    return Token(typ, value, at.lineno, at.col_offset, at.lineno, at.col_offset, pos, pos)


class Recovery:
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.quiet_until = -1        # token index before which errors are not reported
        self.last_token = None       # the token of the previous error: detects no progress

    def report(self, c: msgs.Complaint) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(c.first.lineno, c.first.col_offset, c.last.end_lineno,
                                         c.last.end_col_offset, c.message, c.code, c.hint))

    def recover(self, d, toks: list[Token], i: int, states: list, values: list) -> int:
        tok = toks[i]
        loud = i >= self.quiet_until
        stuck = self.last_token is tok
        self.last_token = tok
        if stuck:
            if tok.type != "$END":
                tok.type = "SKIP"
                return i + 1
            return self._force_end(d, toks, i, states, values)
        if tok.type == "ERRORTOKEN" and tok.value.startswith(
                ("inconsistent", "unindent", "too many levels")):
            if loud:
                self.report(msgs.Complaint(tok, tok, tok.value, "K0002"))
            return i + 1
        if tok.type == "INDENT":
            if loud:
                self.report(msgs.Complaint(tok, tok, "unexpected indent", "K0002"))
            self._drop_block(toks, i)
            return i + 1
        if len(self.problems) >= MAX_PROBLEMS:
            return self._give_up(d, toks, i, states, values)
        row = d.tables.actions[states[-1]]
        if tok.type != "ERRORTOKEN":
            repaired = self._repair(d, toks, i, states, values, row, loud)
            if repaired is not None:
                return repaired
        if loud and tok.type not in _ALREADY_REPORTED:
            self.report(msgs.unexpected(d, toks, i, values, row))
        self.quiet_until = -1
        kept = keep_statement(d, toks, i, states, values)
        if kept is not None:
            self.quiet_until = kept.line_end + 2  # through an unexpected INDENT after it
            return kept.resume
        return self._panic(d, toks, i, states, values)

    # -- local repairs -------------------------------------------------------------
    def _repair(self, d, toks, i, states, values, row, loud):
        tok = toks[i]
        lit = d.tables.literals
        if tok.type == "NEWLINE" and lit[":"] in row and self._accepts(
                d, states, [lit[":"]], toks, i):
            if loud:
                self.report(msgs.missing_colon(values, msgs.previous(toks, i)))
            toks.insert(i, _virtual(lit[":"], tok))
            self.quiet_until = i + 4
            return i
        if tok.type == lit["="] and lit["=="] in row and self._accepts(
                d, states, [lit["=="]], toks, i + 1):
            if loud:
                self.report(msgs.Complaint(tok, tok, "invalid syntax: '=' is not a comparison; "
                                           "did you mean '=='?", hint="use '==' to compare values"))
            tok.type, tok.value = lit["=="], "=="
            self.quiet_until = i + 4
            return i
        if tok.type == "NAME" and lit[":"] in row and msgs.previous(toks, i).type == "NAME":
            # `fn f(a Int)` lacks a ':', `def f(a b)` a ','
            kind = msgs.parameter_list_of(values)
            missing = lit[":"] if kind == "fn" else lit[","] if kind == "def" else None
            if missing is not None and d.simulate(states, [missing, "NAME"]):
                if loud:
                    self.report(msgs.unexpected(d, toks, i, values, row))
                toks.insert(i, _virtual(missing, tok))
                self.quiet_until = i + 4
                return i
        if "INDENT" in row and tok.type != "INDENT" and self._accepts(
                d, states, ["INDENT", "ERROR_STMT", "DEDENT"], toks, i):
            if loud:
                head = msgs.header_token(values)
                where = (f" after the '{msgs.HEADERS[head.type]}' on line {head.lineno}"
                         if head is not None else "")
                self.report(msgs.Complaint(tok, tok, f"expected an indented block{where}",
                                           "K0002"))
            filler = _virtual("ERROR_STMT", tok, self._error_node(tok, tok, []))
            toks[i:i] = [_virtual("INDENT", tok), filler, _virtual("DEDENT", tok)]
            self.quiet_until = i + 6
            return i
        return None

    def _accepts(self, d, states, inserted: list[str], toks, i) -> bool:
        """Would the parser get through `inserted` and the next real tokens?"""
        follow = []
        j = i
        while len(follow) < 3 and j < len(toks):
            if toks[j].type != "SKIP":
                follow.append(toks[j].type)
                if toks[j].type == "$END":
                    break
            j += 1
        return d.simulate(states, inserted + follow)

    # -- panic mode ----------------------------------------------------------------
    def _panic(self, d, toks, i, states, values) -> int:
        actions = d.tables.actions
        first = toks[i]
        depth = len(states)
        while "ERROR_STMT" not in actions[states[-1]] and len(states) > 1:
            states.pop()
            start = msgs.start_of(values.pop())
            if start is not None:
                first = start
        if len(states) == depth and toks[i].type in ("DEDENT", "$END"):
            # Nothing to wrap: the block or file ends where a statement was due.
            if toks[i].type == "$END":
                return self._force_end(d, toks, i, states, values)
            toks[i].type = "SKIP"
            return i + 1
        last = toks[i]
        j = i
        while True:
            typ = toks[j].type
            if typ == "NEWLINE":
                last = toks[j]
                j += 1
                break
            if typ in ("DEDENT", "$END"):
                break
            if typ != "SKIP":
                last = toks[j]
            j += 1
        names = bound_names(toks[_index_at(toks, i, first):j])
        if j < len(toks) and toks[j].type == "INDENT":
            self._drop_block(toks, j)
        if "ERROR_STMT" in actions[states[-1]]:
            toks.insert(j, _virtual("ERROR_STMT", first, self._error_node(first, last, names)))
        return j

    def _give_up(self, d, toks, i, states, values) -> int:
        """Too many errors: skip the rest of the file, closing the open blocks."""
        open_blocks = 0
        for t in toks[:i]:
            if t.type == "INDENT":
                open_blocks += 1
            elif t.type == "DEDENT":
                open_blocks -= 1
        end = toks[-1]
        for t in toks[i:-1]:
            t.type = "SKIP"
        toks[-1:-1] = [_virtual("DEDENT", end) for _ in range(max(open_blocks, 0))]
        return self._panic(d, toks, i, states, values)

    def _force_end(self, d, toks, i, states, values) -> int:
        """At the end of the file with the parser stuck: keep as much of the
        stack as allows `[ERROR_STMT] DEDENT* $END` (or `DEDENT* $END`) to finish."""
        end = toks[i]
        for keep in range(len(states), 0, -1):
            for k in range(8):
                for head in (["ERROR_STMT"], []):
                    seq = head + ["DEDENT"] * k
                    if d.simulate(states[:keep], seq + ["$END"]):
                        del states[keep:]
                        del values[keep - 1:]
                        node = self._error_node(end, end, [])
                        toks[i:i] = [_virtual(t, end, node if t == "ERROR_STMT" else "")
                                     for t in seq]
                        return i
        raise AssertionError("the start state always accepts ERROR_STMT $END")

    def _drop_block(self, toks, i) -> None:
        depth = 0
        for j in range(i, len(toks)):
            typ = toks[j].type
            if typ == "INDENT":
                depth += 1
            elif typ == "DEDENT":
                depth -= 1
                if depth == 0:
                    toks[j].type = "SKIP"
                    break
        toks[i].type = "SKIP"

    @staticmethod
    def _error_node(first, last, names) -> nodes.ErrorStmt:
        node = nodes.ErrorStmt(names)
        place(node, first, last)
        return node


def _index_at(toks, i, first) -> int:
    """Index of the token where `first` (a token or node) starts, searching back from i."""
    where = (first.lineno, first.col_offset)
    k = i
    while k > 0 and (toks[k - 1].lineno, toks[k - 1].col_offset) >= where:
        k -= 1
    return k


__all__ = ["Recovery"]
