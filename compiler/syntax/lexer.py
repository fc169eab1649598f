"""Source text -> raw tokens, with CPython's positions (1-based lines, UTF-8 byte
columns).

One master regular expression does the scanning. Layout is left to the
indentation post-lexer (`indenter.py`): a run of line breaks, blank lines and
comment lines becomes one `NL` token whose value is the indentation of the
next line that has code. Keywords and operators get their terminal names from
the grammar (`literals`); soft keywords stay `NAME` until `keywords.py` decides.
A whole f-string is one `STRING` token; `fstrings.py` looks inside it.

Lexical errors (an unterminated string, a stray character) become `ERRORTOKEN`s
carrying their message, so the parser reports them where it meets them.
"""
from __future__ import annotations

import re
import unicodedata


class Token:
    """A token. `pos`/`end` are code-point offsets into the (normalized) text."""

    __slots__ = ("type", "value", "lineno", "col_offset", "end_lineno",
                 "end_col_offset", "pos", "end")

    def __init__(self, type, value, lineno, col_offset, end_lineno, end_col_offset, pos, end):
        self.type = type
        self.value = value
        self.lineno = lineno
        self.col_offset = col_offset
        self.end_lineno = end_lineno
        self.end_col_offset = end_col_offset
        self.pos = pos
        self.end = end

    def __repr__(self) -> str:
        return f"Token({self.type}, {self.value!r}, {self.lineno}:{self.col_offset})"


_PREFIX = r"(?:[rRbBfFuU]|[rR][bBfF]|[bBfF][rR])?"
_STRING = (
    _PREFIX
    + r"""(?:'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"""
    + r'''|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'''
    + r"""|'(?!'')[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'"""
    + r'''|"(?!"")[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*")'''
)
_DIGITS = r"[0-9](?:_?[0-9])*"
_EXP = r"[eE][-+]?" + _DIGITS
_POINT = rf"(?:{_DIGITS}\.(?:{_DIGITS})?|\.{_DIGITS})(?:{_EXP})?"
_NUMBER = (r"0[xX](?:_?[0-9a-fA-F])+|0[bB](?:_?[01])+|0[oO](?:_?[0-7])+"
           rf"|(?:{_POINT}|{_DIGITS}{_EXP}|{_DIGITS})[jJ]?")
AUGMENTED = ("+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=",
             ">>=", "<<=", "**=")
_OPERATORS = sorted(set(AUGMENTED) | {
    "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "(", ")", "[", "]", "{", "}", ":", ";", ",", ".", "+", "-", "*", "/",
    "%", "&", "|", "^", "~", "<", ">", "=", "@", "!"}, key=len, reverse=True)
# A line starts with blanks and backslash continuations (CPython's tokenizer
# reads both before it decides the indentation); a line that then holds
# nothing or a comment is blank.
_LINE_START = r"[ \t\f]*(?:\\\n[ \t\f]*)*"
_BLANK_LINES = rf"(?:{_LINE_START}(?:\#[^\n]*)?\n)*(?P<indent>{_LINE_START})"

_MASTER = re.compile(r"[ \t\f]*(?:" + "|".join([
    r"(?P<comment>\#[^\n]*)",
    r"(?P<nl>\n" + _BLANK_LINES + ")",  # `nl` closes last, so it is `lastgroup`
    rf"(?P<string>{_STRING})",
    r"(?P<name>(?:[A-Za-z_]|[^\x00-\x7f\s])(?:\w|[^\x00-\x7f\s])*)",
    rf"(?P<number>{_NUMBER})",
    "(?P<op>" + "|".join(re.escape(o) for o in _OPERATORS) + ")",
    r"(?P<cont>\\\n)",
    rf"(?P<open3>{_PREFIX}(?:'''|\"\"\"))",
    rf"(?P<open1>{_PREFIX}['\"])",
    r"(?P<error>[\s\S])",
]) + ")?")
_LEADING = re.compile(_BLANK_LINES)


def normalize_newlines(text: str) -> str:
    """CPython reads source with universal newlines; so do we. Its translation
    also leaves one more line break when the text ends with CR LF (so a `\\`
    continuation on the last line is then not at the end of the file)."""
    if "\r" in text:
        extra = "\n" if text.endswith("\r\n") else ""
        text = text.replace("\r\n", "\n").replace("\r", "\n") + extra
    return text


class Lexer:
    """Scans one text; `tokens()` yields raw tokens ending with `EOF`."""

    def __init__(self, text: str, literals: dict[str, str]):
        self.text = text
        self.literals = literals
        self.all_ascii = text.isascii()
        self.line = 1
        self.line_start = 0
        self.line_ascii = True
        self._set_line_ascii()

    def _set_line_ascii(self) -> None:
        if not self.all_ascii:
            end = self.text.find("\n", self.line_start)
            self.line_ascii = self.text[self.line_start:end if end >= 0 else None].isascii()

    def col(self, pos: int) -> int:
        """UTF-8 byte column of code-point offset `pos` on the current line."""
        if self.line_ascii:
            return pos - self.line_start
        return len(self.text[self.line_start:pos].encode("utf-8", "surrogatepass"))

    def _advance_lines(self, start: int, value: str) -> None:
        n = value.count("\n")
        if n:
            self.line += n
            self.line_start = start + value.rindex("\n") + 1
            self._set_line_ascii()

    def tokens(self):
        text, literals, match = self.text, self.literals, _MASTER.match
        m = _LEADING.match(text)
        pos = m.end()
        self._advance_lines(0, m.group())
        yield Token("NL", m.group("indent"), self.line, 0, self.line, 0, pos, pos)
        n = len(text)
        if pos == n and text.endswith("\\\n"):
            yield self._eof_after_continuation()
        aug = _AUG
        while True:
            m = match(text, pos)  # leading blanks, then one token (or nothing at the end)
            kind = m.lastgroup
            if kind is None:
                break
            pos = m.start(kind)
            end = m.end()
            value = text[pos:end]
            line = self.line
            if self.line_ascii:  # columns are code points: the common, fast case
                col = pos - self.line_start
                end_col = col + end - pos
            else:
                col, end_col = self.col(pos), self.col(end)
            if kind == "name":
                if not value.isascii():
                    value = unicodedata.normalize("NFKC", value)
                    if not value.isidentifier():
                        yield self._error("error", _first_non_identifier(value), pos, line, col)
                        pos = end
                        continue
                yield Token(literals.get(value, "NAME"), value, line, col, line, end_col, pos, end)
            elif kind == "op":
                typ = "AUGASSIGN" if value in aug else literals.get(value, "ERRORTOKEN")
                yield Token(typ, value, line, col, line, end_col, pos, end)
            elif kind == "nl":
                yield Token("NL", m.group("indent"), line, col, line, col + 1, pos, end)
                self._advance_lines(pos, value)
                if end == n and value.endswith("\\\n"):
                    yield self._eof_after_continuation()
            elif kind == "number":
                if end < n and _IDENTIFIER_CHAR.match(text, end):
                    bad = _bad_number_end(text, pos, end)
                    if bad is not None:
                        stop = _WORD.match(text, end).end()
                        yield Token("ERRORTOKEN", bad, line, col, line, self.col(stop), pos, stop)
                        pos = stop
                        continue
                yield Token("NUMBER", value, line, col, line, end_col, pos, end)
            elif kind == "string":
                self._advance_lines(pos, value)
                yield Token("STRING", value, line, col, self.line, self.col(end), pos, end)
            elif kind == "comment":
                pass
            elif kind == "cont":
                self._advance_lines(pos, value)
                if end == n:
                    yield self._eof_after_continuation()
            else:
                yield self._error(kind, value, pos, line, col)
                end = len(text) if kind == "open3" else self._error_end(kind, pos, end)
                self._advance_lines(pos, text[pos:end])
            pos = end
        yield Token("EOF", "", self.line, self.col(n), self.line, self.col(n), n, n)

    def _eof_after_continuation(self) -> Token:
        """CPython needs a line after a `\\` continuation, even an empty one."""
        pos = len(self.text) - 2
        start = self.text.rfind("\n", 0, pos) + 1
        line = self.text.count("\n", 0, pos) + 1
        col = len(self.text[start:pos].encode("utf-8", "surrogatepass"))
        return Token("ERRORTOKEN", "unexpected end of file after a line continuation "
                     "character", line, col, line, col + 1, pos, pos + 1)

    def _error_end(self, kind: str, pos: int, end: int) -> int:
        if kind == "open1":  # skip the rest of the line, not the newline
            nl = self.text.find("\n", pos)
            return nl if nl >= 0 else len(self.text)
        return end

    def _error(self, kind: str, value: str, pos: int, line: int, col: int) -> Token:
        if kind == "open3":
            end_line = line + self.text.count("\n", pos, len(self.text) - 1)  # CPython: the last line
            msg = f"unterminated triple-quoted string literal (detected at line {end_line})"
        elif kind == "open1":
            msg = f"unterminated string literal (detected at line {line})"
        elif value == "\\" and pos + 1 >= len(self.text):
            msg = "unexpected end of file after a line continuation character"
        elif value == "\\":
            msg = "unexpected character after line continuation character"
        elif value == "\0":
            msg = "source code cannot contain null bytes"
        elif value.isprintable() and not value.isspace():
            msg = f"invalid character '{value}' (U+{ord(value):04X})"
        else:
            msg = f"invalid non-printable character U+{ord(value):04X}"
        width = len(value.encode("utf-8", "surrogatepass"))
        return Token("ERRORTOKEN", msg, line, col, line, col + width, pos, pos + len(value))


_AUG = frozenset(AUGMENTED)
_IDENTIFIER_CHAR = re.compile(r"[\w]|[^\x00-\x7f]")
_WORD = re.compile(r"(?:\w|[^\x00-\x7f\s])*")
# Keywords that may follow a number with no space (`1if x else 2`); CPython
# checks only these prefixes.
_KEYWORD_AFTER_NUMBER = ("and", "else", "for", "if", "in", "is", "or", "not")


def _bad_number_end(text: str, start: int, end: int) -> str | None:
    """CPython's message when a number runs into letters or digits (`1_`,
    `0x1g`, `0b12`, `1.5j2`), or None when a keyword follows (`1if`)."""
    if text.startswith(_KEYWORD_AFTER_NUMBER, end):
        return None
    number, nxt = text[start:end], text[end]
    if number in ("0",) and nxt in "xXoObB":
        base = {"x": "hexadecimal", "o": "octal", "b": "binary"}[nxt.lower()]
        digit = text[end + 1:end + 2]
        if base != "hexadecimal" and digit.isdigit():
            return f"invalid digit '{digit}' in {base} literal"
        return f"invalid {base} literal"
    prefix = number[:2].lower()
    if prefix == "0b" and nxt.isdigit():
        return f"invalid digit '{nxt}' in binary literal"
    if prefix == "0o" and nxt.isdigit():
        return f"invalid digit '{nxt}' in octal literal"
    kind = {"0x": "hexadecimal", "0o": "octal", "0b": "binary"}.get(prefix)
    if kind is None:
        kind = "imaginary" if number[-1] in "jJ" else "decimal"
    return f"invalid {kind} literal"


def _first_non_identifier(word: str) -> str:
    for i, ch in enumerate(word):
        if not (ch.isidentifier() if i == 0 else ("a" + ch).isidentifier()):
            return ch
    return word[0]
