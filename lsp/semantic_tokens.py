"""Semantic tokens: the legend, the encoding into the protocol's relative
integer stream, and the delta between two encodings.

The analysis core classifies every resolved name (`SemanticToken(span, kind,
modifiers)`); this module maps kinds onto the standard token types a theme
colours, and tells the tiers apart with modifiers: an `fn` is a `function`
with `compiled`, a `def` a `function` with `python`; `let` and `alias` are
`readonly`; compile-time parameters are `typeParameter`s.
"""
from __future__ import annotations

from typing import Iterable, NamedTuple

from lsprotocol import types as lsp

from kiln.compiler.syntax.source import SourceFile

from .positions import ColumnUnit, line_column

TOKEN_TYPES = [
    "namespace", "class", "struct", "interface", "typeParameter", "parameter",
    "variable", "property", "function", "method", "decorator", "type",
]
TOKEN_MODIFIERS = [
    "declaration", "readonly", "defaultLibrary", "compiled", "python", "comptime",
]
LEGEND = lsp.SemanticTokensLegend(token_types=TOKEN_TYPES, token_modifiers=TOKEN_MODIFIERS)

_TYPE_INDEX = {name: i for i, name in enumerate(TOKEN_TYPES)}
_MODIFIER_BIT = {name: 1 << i for i, name in enumerate(TOKEN_MODIFIERS)}

# kind (the analysis core's SymbolKind value) -> (token type, implied modifiers)
_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "module": ("namespace", ()),
    "import": ("namespace", ()),
    "class": ("class", ("python",)),
    "struct": ("struct", ("compiled",)),
    "trait": ("interface", ("compiled",)),
    "comptime-parameter": ("typeParameter", ("compiled", "comptime", "readonly")),
    "parameter": ("parameter", ()),
    "var": ("variable", ("compiled",)),
    "let": ("variable", ("compiled", "readonly")),
    "python-variable": ("variable", ("python",)),
    "field": ("property", ("compiled",)),
    "fn": ("function", ("compiled",)),
    "def-function": ("function", ("python",)),
    "method": ("method", ()),
    "alias": ("type", ("compiled", "comptime", "readonly")),
    "builtin": ("function", ("defaultLibrary",)),
}

# Modifiers from the analysis core that pass through under the same name, and
# those that are spelled differently in the protocol.
_MODIFIER_NAMES = {
    "declaration": "declaration", "readonly": "readonly", "comptime": "comptime",
    "python": "python", "compiled": "compiled", "builtin": "defaultLibrary",
}


class Token(NamedTuple):
    """One classified name, positioned in protocol units (a tuple: files
    have tens of thousands of them)."""

    line: int
    column: int
    length: int
    type: int
    modifiers: int


def classify(kind: str, modifiers: Iterable[str]) -> tuple[int, int] | None:
    """(token type index, modifier bits) for an analysis-core token."""
    mods = set(modifiers)
    if "decorator" in mods:
        token_type, implied = "decorator", ()
    elif kind in ("struct", "class", "trait") and "builtin" in mods:
        token_type, implied = "type", ()
    else:
        token_type, implied = _KINDS.get(kind, ("variable", ()))
    bits = 0
    for name in (*implied, *mods):
        protocol_name = _MODIFIER_NAMES.get(name)
        if protocol_name is not None:
            bits |= _MODIFIER_BIT[protocol_name]
    return _TYPE_INDEX[token_type], bits


def position_tokens(source: SourceFile, raw_tokens, unit: ColumnUnit) -> list[Token]:
    """Single-line tokens in document order, overlaps dropped (the protocol
    requires both). One pass over sorted tokens with a moving line cursor:
    a big file has tens of thousands of names, so no per-token search."""
    simple = unit is ColumnUnit.UTF8 or len(source.data) == len(source.text)
    lines = _LineCursor(source)
    classes: dict[tuple, tuple[int, int] | None] = {}
    tokens: list[Token] = []
    for raw in sorted(raw_tokens, key=lambda t: (t.span.start, t.span.end)):
        start, end = raw.span.start, raw.span.end
        key = (getattr(raw.kind, "value", raw.kind), raw.modifiers)
        if key not in classes:
            classes[key] = classify(*key)
        classified = classes[key]
        if classified is None or end <= start:
            continue
        line, line_start, line_end = lines.seek(start)
        if end > line_end:
            continue
        if simple:
            col, length = start - line_start, end - start
        else:
            col = line_column(source, start, unit)[1]
            length = line_column(source, end, unit)[1] - col
        if tokens and (tokens[-1].line, tokens[-1].column + tokens[-1].length) > (line, col):
            continue
        tokens.append(Token(line, col, length, *classified))
    return tokens


class _LineCursor:
    """Finds the line of increasing byte offsets by walking forward."""

    def __init__(self, source: SourceFile) -> None:
        self._source = source
        self._line = 0
        self._start = 0
        self._next = self._line_start(1)

    def _line_start(self, index: int) -> int:
        source = self._source
        return source.line_start(index + 1) if index < source.line_count else len(source.data) + 1

    def seek(self, offset: int) -> tuple[int, int, int]:
        """(0-based line, its start, its end excluding the newline) of `offset`."""
        while offset >= self._next:
            self._line += 1
            self._start = self._next
            self._next = self._line_start(self._line + 1)
        return self._line, self._start, self._next - 1


def encode(tokens: list[Token]) -> list[int]:
    data: list[int] = []
    prev_line = prev_col = 0
    for tok in tokens:
        delta_line = tok.line - prev_line
        delta_col = tok.column - prev_col if delta_line == 0 else tok.column
        data += (delta_line, delta_col, tok.length, tok.type, tok.modifiers)
        prev_line, prev_col = tok.line, tok.column
    return data


def delta(old: list[int], new: list[int]) -> list[lsp.SemanticTokensEdit]:
    """The one edit that turns `old` into `new` (common prefix and suffix
    kept, aligned to whole tokens), or none if they are equal."""
    if old == new:
        return []
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    prefix -= prefix % 5
    suffix = 0
    while (suffix < limit - prefix
           and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]):
        suffix += 1
    suffix -= suffix % 5
    return [lsp.SemanticTokensEdit(start=prefix, delete_count=len(old) - prefix - suffix,
                                   data=new[prefix:len(new) - suffix])]
