"""The values the editor queries return (the language server converts them to
protocol types in its own conversion module). Positions are byte-offset
`Span`s of `syntax/source.py`."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics.diagnostic import TextEdit
from ..syntax.source import Span
from .symbols import Symbol, SymbolKind
from .types import Type


@dataclass(frozen=True)
class Location:
    path: str
    span: Span


@dataclass(eq=False)
class DocumentSymbol:
    symbol: Symbol
    children: list["DocumentSymbol"] = field(default_factory=list)


@dataclass(frozen=True)
class Completion:
    label: str
    kind: SymbolKind | str           # a SymbolKind, or "keyword"
    detail: str | None = None
    doc: str | None = None


@dataclass(frozen=True)
class Hover:
    span: Span | None
    markdown: str
    symbol: Symbol | None = None
    type: Type | None = None


@dataclass(frozen=True)
class InlayHint:
    offset: int
    label: str
    kind: str                        # "type" (label ": Int") | "parameter" (label "name:")


@dataclass(frozen=True)
class ParameterInfo:
    label: str
    start: int                       # code-point offsets of the parameter inside the signature label
    end: int


@dataclass(frozen=True)
class SignatureInfo:
    label: str
    parameters: list[ParameterInfo]
    doc: str | None = None


@dataclass(frozen=True)
class SignatureHelp:
    signatures: list[SignatureInfo]
    active_signature: int = 0
    active_parameter: int = 0


@dataclass(frozen=True)
class RenameResult:
    edits: list[TextEdit] | None
    error: str | None = None


@dataclass(frozen=True)
class SemanticToken:
    span: Span
    kind: SymbolKind
    modifiers: frozenset[str] = frozenset()


__all__ = ["Location", "DocumentSymbol", "Completion", "Hover", "InlayHint", "ParameterInfo",
           "SignatureInfo", "SignatureHelp", "RenameResult", "SemanticToken"]
