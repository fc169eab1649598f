"""Syntax error recovery for the LALR driver.

At an error we report ONE problem, then either repair locally or skip:

1. a lexical error token (its message is the diagnostic) or a bad indentation
   token is dropped;
2. an unexpected INDENT is dropped with its matching DEDENT, so the indented
   lines still parse (as statements of the enclosing block);
3. a missing `:` (or an `=` written for `==`) is repaired if the next tokens
   then parse; a missing block gets an `ErrorStmt` body;
4. otherwise, panic mode: pop the parser stack back to where a statement
   starts, skip to the end of the logical line, and shift an `ERROR_STMT`
   token that becomes an `ErrorStmt` spanning what was skipped. If an
   indented block follows the broken line, its INDENT/DEDENT are dropped so
   its statements are still parsed and checked.

Only the first error of a run is reported: until three tokens have been
shifted after a repair, further errors are silent (one typo, one message).
"""
from __future__ import annotations

from . import nodes
from .build_base import Problem
from .lexer import Token

MAX_PROBLEMS = 100
_HEADERS = {"IF": "if", "ELIF": "elif", "WHILE": "while", "FOR": "for", "ELSE": "else",
            "TRY": "try", "EXCEPT": "except", "FINALLY": "finally", "WITH": "with",
            "DEF": "def", "CLASS": "class", "FN": "fn", "STRUCT": "struct",
            "TRAIT": "trait", "MATCH": "match", "CASE": "case", "LAMBDA": "lambda"}
_CONDITION = {"if", "elif", "while"}


def _virtual(typ: str, at, value="") -> Token:
    pos = getattr(at, "pos", 0)
    return Token(typ, value, at.lineno, at.col_offset, at.lineno, at.col_offset, pos, pos)


class Recovery:
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.quiet_until = -1        # token index before which errors are not reported
        self.last_token = None       # the token of the previous error: detects no progress

    def report(self, first, last, message: str, code: str = "K0001", hint=None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(first.lineno, first.col_offset, last.end_lineno,
                                         last.end_col_offset, message, code, hint))

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
        if tok.type == "ERRORTOKEN" and tok.value.startswith(("inconsistent", "unindent")):
            if loud:
                self.report(tok, tok, tok.value, "K0002")
            return i + 1
        if tok.type == "INDENT" and not stuck:
            if loud:
                self.report(tok, tok, "unexpected indent", "K0002")
            self._drop_block(toks, i)
            return i + 1
        if len(self.problems) >= MAX_PROBLEMS:
            return self._give_up(d, toks, i, states, values)
        row = d.tables.actions[states[-1]]
        if tok.type != "ERRORTOKEN" and not stuck:
            repaired = self._repair(d, toks, i, states, values, row, loud)
            if repaired is not None:
                return repaired
        if loud:
            self._report_unexpected(d, toks, i, values, row)
        self.quiet_until = -1
        return self._panic(d, toks, i, states, values)

    # -- local repairs -------------------------------------------------------------
    def _repair(self, d, toks, i, states, values, row, loud):
        tok = toks[i]
        prev = self._previous(toks, i)
        lit = d.tables.literals
        if tok.type == "NEWLINE" and lit[":"] in row and self._accepts(
                d, states, [lit[":"]], toks, i):
            if loud:
                kw = self._header(values)
                self.report(prev, prev, _colon_message(kw), hint="add ':' at the end of the line")
            toks.insert(i, _virtual(lit[":"], tok))
            self.quiet_until = i + 4
            return i
        if tok.type == lit["="] and lit["=="] in row and self._accepts(
                d, states, [lit["=="]], toks, i + 1):
            if loud:
                self.report(tok, tok, "invalid syntax: '=' is not a comparison; "
                            "did you mean '=='?", hint="use '==' to compare values")
            tok.type, tok.value = lit["=="], "=="
            self.quiet_until = i + 4
            return i
        if "INDENT" in row and tok.type != "INDENT" and self._accepts(
                d, states, ["INDENT", "ERROR_STMT", "DEDENT"], toks, i):
            if loud:
                head = self._header_token(values)
                where = (f" after the '{_HEADERS[head.type]}' on line {head.lineno}"
                         if head is not None else "")
                self.report(tok, tok, f"expected an indented block{where}", "K0002")
            filler = _virtual("ERROR_STMT", tok, self._error_node(tok, tok))
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
            start = _start_of(values.pop())
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
        if j < len(toks) and toks[j].type == "INDENT":
            self._drop_block(toks, j)
        if "ERROR_STMT" in actions[states[-1]]:
            toks.insert(j, _virtual("ERROR_STMT", first, self._error_node(first, last)))
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
                        node = self._error_node(end, end)
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
    def _error_node(first, last) -> nodes.ErrorStmt:
        node = nodes.ErrorStmt()
        node.lineno, node.col_offset = first.lineno, first.col_offset
        node.end_lineno, node.end_col_offset = last.end_lineno, last.end_col_offset
        if (node.end_lineno, node.end_col_offset) < (node.lineno, node.col_offset):
            node.end_lineno, node.end_col_offset = node.lineno, node.col_offset
        return node

    # -- messages ------------------------------------------------------------------
    @staticmethod
    def _previous(toks, i) -> Token:
        j = i - 1
        while j > 0 and toks[j].type in ("SKIP", "NEWLINE", "INDENT", "DEDENT"):
            j -= 1
        return toks[j] if j >= 0 else toks[i]

    @staticmethod
    def _header_token(values) -> Token | None:
        """The keyword that starts the compound statement being parsed."""
        for k, v in enumerate(reversed(values)):
            if isinstance(v, Token):
                if v.type in ("NEWLINE", "INDENT", "DEDENT"):
                    if k == 0 and v.type == "NEWLINE":
                        continue
                    return None
                if v.type in _HEADERS:
                    return v
            elif isinstance(v, list):
                return None
        return None

    def _header(self, values) -> str | None:
        tok = self._header_token(values)
        return _HEADERS[tok.type] if tok is not None else None

    @staticmethod
    def _open_bracket(values) -> Token | None:
        """The innermost bracket the parser has shifted but not yet closed."""
        closing = 0
        for v in reversed(values):
            if isinstance(v, Token):
                if v.value in (")", "]", "}"):
                    closing += 1
                elif v.value in ("(", "[", "{") and v.type != "STRING":
                    if closing == 0:
                        return v
                    closing -= 1
                elif v.type in ("NEWLINE", "INDENT", "DEDENT"):
                    return None
        return None

    @staticmethod
    def _never_closed(toks, i) -> bool:
        """Does the bracket enclosing toks[i] stay open to the end of the line?"""
        depth = 1
        for tok in toks[i:]:
            if tok.value in ("(", "[", "{") and tok.type != "STRING":
                depth += 1
            elif tok.value in (")", "]", "}") and tok.type != "STRING":
                depth -= 1
                if depth == 0:
                    return False
            elif tok.type in ("NEWLINE", "$END") or (
                    tok.type == "ERRORTOKEN" and tok.value.startswith("unclosed")):
                return True
        return True

    def _report_unexpected(self, d, toks, i, values, row) -> None:
        tok = toks[i]
        if tok.type == "ERRORTOKEN":
            code = "K0003" if tok.value.startswith(
                ("unterminated", "unclosed", "unmatched", "closing parenthesis")) else "K0004"
            self.report(tok, tok, tok.value, code)
            return
        prev = self._previous(toks, i)
        opener = self._open_bracket(values)
        if (opener is not None and prev.end_lineno < tok.lineno
                and self._never_closed(toks, i)):
            # The line after an open bracket does not continue it: the bracket
            # was most likely never closed.
            self.report(opener, opener, f"unclosed '{opener.value}' opened at line "
                        f"{opener.lineno}", "K0003")
        elif tok.type == "$END":
            self.report(tok, tok, "unexpected end of file")
        elif tok.type == "NEWLINE" and prev.value in ("import", "from"):
            self.report(prev, prev, f"expected a module name after '{prev.value}'")
        elif tok.type == "NEWLINE" and prev.value == "." and prev.type != "STRING":
            self.report(prev, prev, "expected an attribute name after '.'",
                        hint="write the attribute or method name")
        elif tok.type == "NEWLINE" and prev.value == "->" and prev.type != "STRING":
            self.report(prev, prev, "expected a return type after '->'",
                        hint="write the return type, or remove '->'")
        elif tok.type == "NEWLINE" and "NAME" in row:
            self.report(prev, prev, f"expected an expression after {_describe(prev)}",
                        hint="complete the expression")
        elif _after_decorators(values):
            self.report(tok, tok, f"a decorator cannot stand before {_describe(tok)}",
                        hint="decorate def, class, fn, struct or trait "
                             "(or put @parameter on an if or for)")
        elif tok.type == "NEWLINE":
            self.report(prev, prev, f"invalid syntax: the line ends after {_describe(prev)}",
                        hint=_expected_hint(d, row))
        elif tok.type == "DEDENT":
            self.report(prev, prev, "invalid syntax: the statement is incomplete",
                        hint=_expected_hint(d, row))
        elif prev.type == "NAME" and prev.value in ("print", "exec") and tok.type in (
                "STRING", "NAME", "NUMBER"):
            self.report(prev, tok, f"missing parentheses in call to '{prev.value}'",
                        hint=f"did you mean {prev.value}(...)?")
        else:
            lit = d.tables.literals
            kw = self._header(values)
            if lit[","] in row and tok.type in d.expr_start and _in_brackets(values):
                hint = "perhaps you forgot a comma?"
            elif lit[":"] in row and kw is not None and kw != "lambda":
                hint = f"is a ':' missing at the end of the `{kw}` line?"
            else:
                hint = _expected_hint(d, row)
            self.report(tok, tok, f"invalid syntax: unexpected {_describe(tok)}", hint=hint)


def _after_decorators(values) -> bool:
    """Is the parser right after a list of decorators (`(at_token, expr)` pairs)?"""
    top = values[-1] if values else None
    if isinstance(top, Token) and top.type == "NEWLINE" and len(values) >= 3:
        at = values[-3]  # `@ expr NEWLINE` not yet reduced to a decorator
        return isinstance(at, Token) and at.value == "@"
    return isinstance(top, list) and bool(top) and isinstance(top[0], tuple)


def _in_brackets(values) -> bool:
    return Recovery._open_bracket(values) is not None


def _start_of(value):
    """The first positioned thing in a parser value (node, token, or list)."""
    while isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[0]
    return value if getattr(value, "lineno", None) is not None else None


def _describe(tok: Token) -> str:
    if tok.type in ("NEWLINE", "$END"):
        return "end of line" if tok.type == "NEWLINE" else "end of file"
    if tok.type == "NAME":
        return f"name '{tok.value}'"
    if tok.type == "NUMBER":
        return f"number {tok.value}"
    if tok.type == "STRING":
        return "string literal"
    return f"'{tok.value}'"


def _expected_hint(d, row) -> str | None:
    inverse = {v: k for k, v in d.tables.literals.items()}
    names = sorted(inverse.get(t, t.lower()) for t in row if t.isupper() and t not in (
        "ERROR_STMT", "WITH_LPAR", "TRANSFER", "$END"))
    if not names or len(names) > 6:
        return None
    return "expected " + ", ".join(f"'{n}'" if n in inverse.values() or not n.isalpha()
                                   else n for n in names)


def _colon_message(kw: str | None) -> str:
    if kw in _CONDITION:
        return f"expected ':' after the `{kw}` condition"
    if kw in ("def", "fn"):
        return "expected ':' after the function signature"
    if kw in ("class", "struct", "trait"):
        return f"expected ':' after the `{kw}` header"
    if kw in ("for", "with", "match", "case", "except"):
        return f"expected ':' at the end of the `{kw}` header"
    if kw:
        return f"expected ':' after `{kw}`"
    return "expected ':'"


__all__ = ["Recovery"]
