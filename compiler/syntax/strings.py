"""Adjacent string tokens -> one `Constant` or `JoinedStr`, the way CPython 3.11
builds them.

Every piece of an f-string (its `Constant`s, `FormattedValue`s and the
`JoinedStr` itself) spans the whole run of adjacent tokens; a format spec's
`JoinedStr` starts at the token that holds it. Only the expressions inside
replacement fields get positions of their own: `fstrings.py` finds them and
parses them as `(expr)` with CPython's position offsets.
"""
from __future__ import annotations

import ast

from .build_base import at
from .literals import LiteralError, decode_bytes, decode_str, split_string


def build_string(b, tokens):
    first, last = tokens[0], tokens[-1]
    prefixes = []
    for tok in tokens:
        prefix, body, start = split_string(tok.value)
        prefixes.append((prefix, body, start, tok))
    # CPython marks the literal only for a lowercase `u` leading the first token.
    kind = "u" if first.value.startswith("u") else None
    is_bytes = ["b" in p for p, _, _, _ in prefixes]
    if any(is_bytes) and not all(is_bytes):
        b.report(first, last, "cannot mix bytes and nonbytes literals")
    if all(is_bytes):
        value = b"".join(_bytes_value(b, p, body, tok) for p, body, _, tok in prefixes)
        return at(ast.Constant(value, None), first, last)
    if not any("f" in p for p, _, _, _ in prefixes):
        value = "".join(_str_value(b, p, body, tok) for p, body, _, tok in prefixes)
        return at(ast.Constant(value, kind), first, last)
    from .fstrings import FStringParser
    parts: list = []
    for prefix, body, start, tok in prefixes:
        if "f" in prefix:
            parts.extend(FStringParser(b, tok, start, "r" in prefix, first, last).parse(body))
        else:
            parts.append(_str_value(b, prefix, body, tok))
    return at(ast.JoinedStr(join_parts(parts, kind, first, last)), first, last)


def join_parts(parts, kind, first, last, tail=None) -> list:
    """Merge adjacent literal text into Constants; drop empty text.

    Text before a field spans first..last; CPython gives the text after the
    last field the span of `tail` (first, last) when given (format specs
    use their own token there)."""
    values: list = []
    pending: list[str] = []

    def flush(a, b):
        text = "".join(pending)
        pending.clear()
        if text:
            values.append(at(ast.Constant(text, kind), a, b))
    for part in parts:
        if isinstance(part, str):
            pending.append(part)
        else:
            flush(first, last)
            values.append(part)
    flush(*(tail or (first, last)))
    return values


def _str_value(b, prefix, body, tok) -> str:
    try:
        return decode_str(body, "r" in prefix)
    except LiteralError as e:
        b.report(tok, tok, str(e))
        return body


def _bytes_value(b, prefix, body, tok) -> bytes:
    try:
        return decode_bytes(body, "r" in prefix)
    except LiteralError as e:
        b.report(tok, tok, str(e))
        return b""
