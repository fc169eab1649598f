"""The indentation post-lexer: raw tokens -> tokens with NEWLINE, INDENT, DEDENT.

Like lark's `Indenter`, it counts brackets so that line breaks inside (), []
and {} disappear, and it turns the indentation carried by each `NL` token into
INDENT/DEDENT tokens. It follows CPython's tokenizer where the two could
differ: tabs advance to the next multiple of 8, a form feed resets the column,
indentation whose meaning depends on the tab size is an error, and more than
200 open brackets is "too many nested parentheses" and 100 levels of
indentation "too many levels of indentation" (which also keeps every later
pass away from pathologically deep trees).

INDENT and DEDENT are zero-width tokens at the first token of their line;
NEWLINE sits at the line break that ends the logical line.
"""
from __future__ import annotations

from .lexer import Token

MAX_DEPTH = 200
MAX_INDENT_LEVELS = 100  # CPython's MAXINDENT
LONG_LINE_TOKENS = 3000  # see depth_guard.py


def _error_at(tok: Token, message: str) -> Token:
    return Token("ERRORTOKEN", message, tok.lineno, tok.col_offset, tok.end_lineno,
                 tok.end_col_offset, tok.pos, tok.end)


def _measure(indent: str) -> tuple[int, int]:
    """(column with tabs to multiples of 8, column with tabs as 1).

    `indent` may hold backslash continuations: as in CPython's tokenizer, the
    column of the first `\\` not at column 0 is the indentation, and the
    counting goes on across the joined lines otherwise."""
    col = alt = cont = 0
    for ch in indent:
        if ch == " ":
            col += 1
            alt += 1
        elif ch == "\t":
            col = (col // 8 + 1) * 8
            alt += 1
        elif ch == "\f":
            col = alt = 0
        elif ch == "\\":
            cont = cont or col
    if cont:
        return cont, cont
    return col, alt


_STATEMENT_ONLY = ("def", "class", "return", "import", "while", "pass", "break", "continue",
                   "raise", "global", "nonlocal", "del", "assert", "try", "except",
                   "finally", "with", "elif")
_DECLARATION_WORDS = {"fn", "struct", "trait", "alias", "var", "let"}


class Indenter:
    def __init__(self, literals: dict[str, str]):
        self.opening = {literals[c]: c for c in "([{"}
        self.closing = {literals[c]: c for c in ")]}"}
        self.statement_only = {literals[w] for w in _STATEMENT_ONLY}

    def process(self, raw, long_lines: list[int] | None = None) -> list[Token]:
        """The layout tokens; lines of logical lines with more than
        LONG_LINE_TOKENS tokens are appended to `long_lines` when given."""
        raw = list(raw)
        out: list[Token] = []
        emit = out.append
        levels: list[tuple[int, int, bool]] = [(0, 0, True)]  # (col, alt, real)
        brackets: list[Token] = []       # open brackets, innermost last
        pending: str | None = None       # indentation waiting for its first token
        line_open = False                # a logical line has tokens and no NEWLINE yet
        opening, closing = self.opening, self.closing
        if long_lines is None:
            long_lines = []
        line_start = 0
        split: tuple[int, int, Token] | None = None  # where a never-closed bracket ends
        i = -1
        while True:
            i += 1
            tok = raw[i]
            typ = tok.type
            if typ == "NL" and not brackets:
                if i - line_start > LONG_LINE_TOKENS:
                    long_lines.append(raw[line_start + 1].lineno)
                line_start = i
            if typ == "NL":
                if brackets:
                    if not self._starts_statement(raw, i + 1):
                        if split is None and self._may_end(raw, i, levels):
                            split = (i, len(out), brackets[-1])
                        continue
                    if split is not None:
                        i = self._rewind(split, out, brackets) - 1
                        split = None
                        continue
                    emit(self._unclosed(brackets[-1]))
                    brackets.clear()
                if line_open:
                    emit(Token("NEWLINE", "", tok.lineno, tok.col_offset, tok.lineno,
                               tok.col_offset, tok.pos, tok.pos))
                    line_open = False
                pending = tok.value
                continue
            if typ == "EOF":
                if brackets and split is not None:
                    i = self._rewind(split, out, brackets) - 1
                    split = None
                    continue
                break
            if pending is not None:
                self._indent(pending, tok, levels, emit)
                pending = None
            if typ in opening:
                brackets.append(tok)
                if len(brackets) > MAX_DEPTH:
                    emit(_error_at(tok, "too many nested parentheses"))
                    brackets.clear()
                    continue
            elif typ in closing:
                error = self._close(brackets, tok)
                if error is not None:
                    emit(error)
                    line_open = True
                    continue
            elif typ == "STRING" and tok.end - tok.pos > LONG_LINE_TOKENS:
                long_lines.append(tok.lineno)  # an f-string can hold a deep expression
            emit(tok)
            line_open = True
        if brackets:
            out.append(self._unclosed(brackets[-1]))
            line_open = True
        if len(raw) - line_start > LONG_LINE_TOKENS:
            long_lines.append(raw[min(line_start + 1, len(raw) - 1)].lineno)
        return self._finish(tok, out, levels, line_open)

    @staticmethod
    def _may_end(raw, i: int, levels) -> bool:
        """Could the line after this NL (inside brackets) start a new statement
        if a bracket was left open before it? When the line before ends with
        ':' (a header's block follows), or when it is indented no deeper than
        the block and starts like a statement (`name =`, `name +=`, `if`,
        `for`, `@`). Called for every line break inside brackets: cheap first."""
        prev = raw[i - 1]
        if prev.value == ":" and prev.type != "STRING":
            return True
        if _measure(raw[i].value)[0] > levels[-1][0]:
            return False
        first = raw[i + 1]
        if first.type == "NAME":
            second = raw[i + 2] if i + 2 < len(raw) else first
            return second.value == "=" or second.type == "AUGASSIGN"
        return first.type != "STRING" and first.value in ("if", "for", "@")

    def _rewind(self, split, out: list[Token], brackets: list[Token]) -> int:
        """A bracket stays open to the end of the file or to a statement
        keyword: end its logical line at the first plausible line break
        instead, so the code after it parses as statements. Returns the
        index of that NL in the raw tokens."""
        index, length, opener = split
        del out[length:]
        out.append(self._unclosed(opener))
        brackets.clear()
        return index

    def _close(self, brackets: list[Token], tok: Token) -> Token | None:
        if not brackets:
            return _error_at(tok, f"unmatched '{tok.value}'")
        opener = brackets.pop()
        if self.opening[opener.type] + tok.value not in ("()", "[]", "{}"):
            return _error_at(tok, f"closing parenthesis '{tok.value}' does not match "
                                  f"opening parenthesis '{opener.value}' on line {opener.lineno}")
        return None

    def _starts_statement(self, raw, j: int) -> bool:
        """Inside brackets, a line that starts like a statement means a
        bracket was left open (valid code never has these inside brackets)."""
        tok = raw[j]
        if tok.type in self.statement_only:
            return True
        return (tok.type == "NAME" and tok.value in _DECLARATION_WORDS
                and raw[j + 1].type == "NAME")

    @staticmethod
    def _unclosed(opener: Token) -> Token:
        """CPython's message, for the innermost bracket still open."""
        return _error_at(opener, f"'{opener.value}' was never closed")

    def _finish(self, eof: Token, out, levels, line_open) -> list[Token]:
        def at_eof(typ: str) -> Token:
            return Token(typ, "", eof.lineno, eof.col_offset, eof.lineno,
                         eof.col_offset, eof.pos, eof.pos)
        if line_open:
            out.append(at_eof("NEWLINE"))
        for _, _, real in levels[1:]:
            if real:
                out.append(at_eof("DEDENT"))
        out.append(at_eof("$END"))
        return out

    def _indent(self, indent: str, tok: Token, levels, emit) -> None:
        col, alt = _measure(indent)
        top_col, top_alt, _ = levels[-1]

        def mark(typ: str, value: str = "") -> Token:
            return Token(typ, value, tok.lineno, tok.col_offset, tok.lineno,
                         tok.col_offset, tok.pos, tok.pos)
        if col == top_col:
            if alt != top_alt:
                emit(mark("ERRORTOKEN", "inconsistent use of tabs and spaces in indentation"))
            return
        if col > top_col:
            if len(levels) == MAX_INDENT_LEVELS:  # once, where the limit is crossed
                emit(mark("ERRORTOKEN", "too many levels of indentation"))
            elif alt <= top_alt:
                emit(mark("ERRORTOKEN", "inconsistent use of tabs and spaces in indentation"))
            levels.append((col, alt, True))
            emit(mark("INDENT"))
            return
        while col < levels[-1][0]:
            _, _, real = levels.pop()
            if real:
                emit(mark("DEDENT"))
        if col != levels[-1][0]:
            # Between two levels: report it once and let the line join the
            # enclosing block (a phantom level that never emits a DEDENT).
            emit(mark("ERRORTOKEN", "unindent does not match any outer indentation level"))
            levels.append((col, alt, False))
        elif alt != levels[-1][1]:
            emit(mark("ERRORTOKEN", "inconsistent use of tabs and spaces in indentation"))
