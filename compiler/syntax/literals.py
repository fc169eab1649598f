"""The values of number and string tokens, decoded as CPython decodes them.

Errors come back as `LiteralError` (the builder turns them into diagnostics
at the token); warnings CPython would print for odd escapes are silenced.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
import warnings


class LiteralError(ValueError):
    """A literal CPython rejects; the message is CPython's, in words."""


def number_value(text: str):
    t = text.replace("_", "")
    last = t[-1]
    if last in "jJ":
        return complex(0.0, float(t[:-1]))
    head = t[:2].lower()
    if head in ("0x", "0o", "0b"):
        return int(t, 0)
    if "." in t or "e" in t or "E" in t:
        return float(t)
    if len(t) > 1 and t[0] == "0" and t.strip("0"):
        raise LiteralError("leading zeros in decimal integer literals are not permitted; "
                           "use an 0o prefix for octal integers")
    try:
        return int(t)
    except ValueError as e:  # more digits than int() accepts by default
        raise LiteralError(str(e)) from None


def split_string(token_text: str) -> tuple[str, str, int]:
    """(lower-case prefix, body between the quotes, index of the body)."""
    i = 0
    while token_text[i] not in "'\"":
        i += 1
    quote = token_text[i]
    width = 3 if token_text.startswith(quote * 3, i) else 1
    return token_text[:i].lower(), token_text[i + width:len(token_text) - width], i + width


def decode_str(body: str, raw: bool) -> str:
    if raw or "\\" not in body:
        return body
    return _unicode_escape(body)


_SIMPLE_ESCAPES = {"\n": "", "\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b",
                   "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE = re.compile(r"\\(N\{[^}]*\}?|u[0-9a-fA-F]{0,4}|U[0-9a-fA-F]{0,8}|x[0-9a-fA-F]{0,2}"
                     r"|[0-7]{1,3}|[\s\S])")


def _unicode_escape(body: str) -> str:
    return _ESCAPE.sub(_one_escape, body)


def _one_escape(m: re.Match) -> str:
    e = m.group(1)
    head = e[0]
    simple = _SIMPLE_ESCAPES.get(e)
    if simple is not None:
        return simple
    if head in "uUx":
        width = {"u": 4, "U": 8, "x": 2}[head]
        if len(e) != width + 1:
            raise LiteralError(f"(unicode error) 'unicodeescape' codec can't decode bytes: "
                               f"truncated \\{head}{'X' * width} escape")
        code = int(e[1:], 16)
        if code > 0x10FFFF:
            raise LiteralError("(unicode error) 'unicodeescape' codec can't decode bytes: "
                               "illegal Unicode character")
        return chr(code)
    if head in "01234567":
        return chr(int(e, 8))
    if head == "N" and len(e) > 3 and e.endswith("}"):
        try:
            return unicodedata.lookup(e[2:-1])
        except KeyError:
            pass
        raise LiteralError("(unicode error) 'unicodeescape' codec can't decode bytes: "
                           "unknown Unicode character name")
    if head == "N":
        raise LiteralError("(unicode error) 'unicodeescape' codec can't decode bytes: "
                           "malformed \\N character escape")
    return "\\" + e  # not an escape: CPython keeps the backslash


def decode_bytes(body: str, raw: bool) -> bytes:
    if not body.isascii():
        raise LiteralError("bytes can only contain ASCII literal characters")
    data = body.encode("ascii")
    if raw or b"\\" not in data:
        return data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return codecs.escape_decode(data)[0]
        except ValueError as e:
            raise LiteralError(f"(value error) {e}") from None
