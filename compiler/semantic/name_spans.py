"""Spans of declared names.

CPython's tree gives positions of whole statements, not of the name in
`def name(...)`, `class Name`, `global a, b`, `except E as name`; the
declaration-level diagnostics and go-to-definition need the name itself. We
find it by scanning the statement's own text for the identifier as a whole
word, which is exact because the name is the first such word after the
keyword.
"""
from __future__ import annotations

import ast
import re

from ..syntax.source import SourceFile, Span

_WORD_CACHE: dict[str, re.Pattern[bytes]] = {}


def _word(name: str) -> re.Pattern[bytes]:
    pat = _WORD_CACHE.get(name)
    if pat is None:
        raw = re.escape(name.encode("utf-8"))
        pat = re.compile(rb"(?<![\w\x80-\xff])" + raw + rb"(?![\w\x80-\xff])")
        _WORD_CACHE[name] = pat
    return pat


def find_word(source: SourceFile, name: str, start: int, end: int | None = None,
              skip: int = 0) -> Span | None:
    """First whole-word occurrence of `name` in [start, end), skipping `skip`
    bytes of keywords at the start."""
    data = source.data
    end = len(data) if end is None else end
    m = _word(name).search(data, start + skip, end)
    if m is None:
        return None
    return Span(source.path, m.start(), m.end())


def node_span(source: SourceFile, node: ast.AST) -> Span:
    return source.span_of(node)


def _tuple_span(source: SourceFile, value) -> Span | None:
    if isinstance(value, tuple) and len(value) == 4:
        line, col, end_line, end_col = value
        return Span(source.path, source.offset(line, col), source.offset(end_line, end_col))
    if isinstance(value, Span):
        return value
    return None


def decl_name_span(source: SourceFile, node: ast.AST, name: str) -> Span:
    """The span of the declared name of a def/class/fn/struct/trait/alias/param."""
    explicit = _tuple_span(source, getattr(node, "name_span", None))
    if explicit is not None:
        return explicit
    whole = source.span_of(node)
    kw = _leading_keyword_len(source, whole.start, node)
    found = find_word(source, name, whole.start, whole.end, skip=kw)
    if found is not None:
        return found
    return Span(source.path, whole.start, min(whole.end, whole.start + len(name.encode())))


_KEYWORDS = (b"async def", b"def", b"class", b"fn", b"struct", b"trait", b"alias",
             b"inout", b"owned", b"borrowed", b"var", b"let")


def _leading_keyword_len(source: SourceFile, start: int, node: ast.AST) -> int:
    """Length of the declaration keyword(s) at `start`, so a def named `def`
    (impossible) or an fn named `fn` (possible: soft keyword) is found right."""
    data = source.data
    skip = 0
    for _ in range(2):
        for kw in _KEYWORDS:
            end = start + skip + len(kw)
            if data.startswith(kw, start + skip) and (end >= len(data) or data[end:end + 1] in b" \t\\\n"):
                skip += len(kw)
                while start + skip < len(data) and data[start + skip:start + skip + 1] in b" \t":
                    skip += 1
                break
        else:
            break
    return skip


def alias_binding_span(source: SourceFile, alias: ast.alias) -> Span:
    """`import a.b as c` binds `c`; `import a.b` binds `a`; `from m import x` binds `x`."""
    whole = source.span_of(alias)
    if alias.asname:
        found = find_word(source, alias.asname, whole.start, whole.end,
                          skip=len(alias.name.encode()))
        if found is not None:
            return found
    first = alias.name.split(".")[0]
    return Span(source.path, whole.start, whole.start + len(first.encode()))


def alias_name_span(source: SourceFile, alias: ast.alias) -> Span:
    """The imported name as written (`x` in `from m import x as y`)."""
    whole = source.span_of(alias)
    return Span(source.path, whole.start, whole.start + len(alias.name.encode()))
