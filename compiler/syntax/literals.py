"""The values of number and string tokens, decoded as CPython decodes them.

Errors come back as `LiteralError` (the builder turns them into diagnostics
at the token); warnings CPython would print for odd escapes are silenced.
"""
from __future__ import annotations

import codecs
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return _unicode_escape(body)
        except UnicodeDecodeError as e:
            raise LiteralError(_escape_message(e)) from None


def _unicode_escape(body: str) -> str:
    if body.isascii():
        return body.encode("ascii").decode("unicode_escape")
    # unicode_escape reads Latin-1; pass other characters through untouched by
    # decoding the runs between them separately.
    out = []
    start = 0
    for i, ch in enumerate(body):
        if ord(ch) > 0xFF:
            if start < i:
                out.append(_escape_latin1(body[start:i]))
            out.append(ch)
            start = i + 1
    out.append(_escape_latin1(body[start:]))
    return "".join(out)


def _escape_latin1(part: str) -> str:
    if "\\" not in part:
        return part
    return part.encode("latin-1").decode("unicode_escape")


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


def _escape_message(e: UnicodeDecodeError) -> str:
    return (f"(unicode error) 'unicodeescape' codec can't decode bytes in position "
            f"{e.start}-{e.end - 1}: {e.reason}")
