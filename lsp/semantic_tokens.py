"""Semantic tokens: the legend, the encoding into the protocol's relative
integer stream, and the delta between two encodings.

The analysis core classifies every resolved name (`SemanticToken(span, kind,
modifiers)`); this module maps kinds onto the standard token types a theme
colours, and tells the tiers apart with modifiers: an `fn` is a `function`
with `compiled`, a `def` a `function` with `python`; `let` and `alias` are
`readonly`; compile-time parameters are `typeParameter`s.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

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


@dataclass(frozen=True, slots=True)
class Token:
    """One classified name, positioned in protocol units."""

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
    requires both)."""
    tokens: list[Token] = []
    for raw in sorted(raw_tokens, key=lambda t: (t.span.start, t.span.end)):
        kind = getattr(raw.kind, "value", raw.kind)
        classified = classify(kind, raw.modifiers)
        if classified is None or raw.span.end <= raw.span.start:
            continue
        line, col = line_column(source, raw.span.start, unit)
        end_line, end_col = line_column(source, raw.span.end, unit)
        if end_line != line:
            continue
        if tokens and (tokens[-1].line, tokens[-1].column + tokens[-1].length) > (line, col):
            continue
        tokens.append(Token(line, col, end_col - col, *classified))
    return tokens


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
