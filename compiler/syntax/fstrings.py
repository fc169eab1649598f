"""The inside of one f-string token, scanned the way CPython 3.11's
string_parser.c scans it.

Literal text and replacement fields alternate; a field is `{expr[=][!c][:spec]}`
where the spec may itself hold fields (one level). The expression text is
parsed by the real parser as `(expr)`; its positions follow CPython 3.11: the
`(` sits where the `{` is, counted in UTF-8 bytes from the start of the `{`'s
line inside the token (plus the token's own column when that line is the
token's first), and sub-lines after the first keep their raw columns.
"""
from __future__ import annotations

import ast

from .build_base import at
from .nodes import ErrorExpr
from .literals import LiteralError, decode_str
from .strings import join_parts

_CONVERSIONS = {"s": 115, "r": 114, "a": 97}


class FStringError(Exception):
    pass


class FStringParser:
    def __init__(self, b, tok, body_start: int, raw: bool, first, last):
        self.b = b
        self.tok = tok
        self.base = body_start       # index of the body inside tok.value
        self.raw = raw
        self.first = first
        self.last = last

    def parse(self, body: str) -> list:
        self.s = body
        try:
            parts, i = self._parts(0, 0)
            if i < len(body):  # a stray '}' at the top level
                raise FStringError("f-string: single '}' is not allowed")
            return parts
        except FStringError as e:
            self.b.report(self.tok, self.tok, str(e))
            return []

    # -- literal text and fields ----------------------------------------------
    def _parts(self, i: int, level: int) -> tuple[list, int]:
        s, end = self.s, len(self.s)
        parts: list = []
        while i < end:
            text, i = self._literal(i, level)
            if text:
                parts.append(text)
            if i >= end or s[i] == "}":
                break
            field, i = self._field(i, level)
            parts.extend(field)
        return parts, i

    def _literal(self, i: int, level: int) -> tuple[str, int]:
        s, end = self.s, len(self.s)
        chunks: list[str] = []
        start = i
        while i < end:
            ch = s[i]
            if not self.raw and ch == "\\" and i + 1 < end:
                nxt = s[i + 1]
                if nxt == "N" and i + 2 < end and s[i + 2] == "{":
                    close = s.find("}", i + 3)
                    i = end if close < 0 else close + 1
                    continue
                i += 1 if nxt in "{}" else 2
                continue
            if ch == "{" or ch == "}":
                if level == 0 and i + 1 < end and s[i + 1] == ch:
                    chunks.append(s[start:i + 1])
                    i += 2
                    start = i
                    continue
                if ch == "}" and level == 0:
                    raise FStringError("f-string: single '}' is not allowed")
                break
            i += 1
        chunks.append(s[start:i])
        text = "".join(chunks)
        try:
            return decode_str(text, self.raw), i
        except LiteralError as e:
            raise FStringError(str(e)) from None

    def _field(self, i: int, level: int) -> tuple[list, int]:
        if level >= 2:
            raise FStringError("f-string: expressions nested too deeply")
        s, end = self.s, len(self.s)
        expr_start = i + 1
        i = self._expression_end(expr_start)
        if i >= end:
            raise FStringError("f-string: expecting '}'")
        text = s[expr_start:i]
        if not text.strip(" \t\n\f"):
            raise FStringError("f-string: empty expression not allowed")
        value = self._compile(expr_start - 1, text)
        parts: list = []
        conversion = -1
        spec = None
        if s[i] == "=":
            i += 1
            while i < end and s[i] in " \t\n\r\f\v":
                i += 1
            parts.append(s[expr_start:i])
        if i < end and s[i] == "!":
            if i + 1 >= end:
                raise FStringError("f-string: expecting '}'")
            conv = s[i + 1]
            if conv not in _CONVERSIONS:
                raise FStringError("f-string: invalid conversion character: "
                                   "expected 's', 'r', or 'a'")
            conversion = _CONVERSIONS[conv]
            i += 2
        if i < end and s[i] == ":":
            spec_parts, i = self._parts(i + 1, level + 1)
            values = join_parts(spec_parts, None, self.first, self.last, (self.tok, self.tok))
            spec = at(ast.JoinedStr(values), self.tok, self.tok)
        if i >= end or s[i] != "}":
            raise FStringError("f-string: expecting '}'")
        if parts and conversion == -1 and spec is None:
            conversion = _CONVERSIONS["r"]
        parts.append(at(ast.FormattedValue(value, conversion, spec), self.first, self.last))
        return parts, i + 1

    def _expression_end(self, i: int) -> int:
        s, end = self.s, len(self.s)
        quote = ""
        stack: list[str] = []
        while i < end:
            ch = s[i]
            if ch == "\\":
                raise FStringError("f-string expression part cannot include a backslash")
            if quote:
                if s.startswith(quote, i):
                    i += len(quote)
                    quote = ""
                    continue
            elif ch in "'\"":
                quote = ch * 3 if s.startswith(ch * 3, i) else ch
                i += len(quote)
                continue
            elif ch in "([{":
                stack.append(ch)
            elif ch == "#":
                raise FStringError("f-string expression part cannot include '#'")
            elif not stack and ch in "!:}=<>":
                nxt = s[i + 1] if i + 1 < end else ""
                if nxt == "=" and ch in "!=<>":
                    i += 2
                    continue
                if ch in "<>":
                    i += 1
                    continue
                return i
            elif ch in ")]}":
                if not stack:
                    raise FStringError(f"f-string: unmatched '{ch}'")
                opening = stack.pop()
                if "([{".index(opening) != ")]}".index(ch):
                    raise FStringError(f"f-string: closing parenthesis '{ch}' does not "
                                       f"match opening parenthesis '{opening}'")
            i += 1
        if quote:
            raise FStringError("f-string: unterminated string")
        if stack:
            raise FStringError(f"f-string: unmatched '{stack[-1]}'")
        return i

    def _compile(self, brace: int, text: str):
        """Parse `(text)` with the positions CPython 3.11 gives it."""
        tok = self.tok
        whole = tok.value
        b = self.base + brace            # index of '{' in the token text
        lines = whole.count("\n", 0, b)
        rest = text.lstrip(" \t\f")
        if rest.startswith("\n"):
            col = 0
        else:
            line_start = whole.rfind("\n", 0, b) + 1
            col = len(whole[line_start:b].encode("utf-8", "surrogatepass"))
            if lines == 0:
                col += tok.col_offset
        node = self.b.subparse("(" + text + ")", tok.lineno + lines, col)
        if node is None:  # the sub-parse has reported why
            return at(ErrorExpr(), tok, tok)
        return node


__all__ = ["FStringParser"]
