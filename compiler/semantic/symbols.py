"""Symbols and references: the table behind go-to-definition, references,
rename, outline and completion.

A `Symbol` is one definition (a `def`, an `fn`, a field, a local `var`, an
import binding...). A `Reference` is one place in a file that names a symbol,
definitions included. Symbols compare by identity: two `var x` in different
blocks are two symbols.
"""
from __future__ import annotations

import ast
import bisect
import enum
from dataclasses import dataclass, field

from ..syntax.source import Span
from .types import Type


class SymbolKind(enum.Enum):
    MODULE = "module"
    DEF_FUNCTION = "def-function"
    FN = "fn"
    STRUCT = "struct"
    TRAIT = "trait"
    ALIAS = "alias"
    FIELD = "field"
    METHOD = "method"
    PARAMETER = "parameter"
    COMPTIME_PARAMETER = "comptime-parameter"
    LOCAL_VAR = "var"
    LOCAL_LET = "let"
    PY_VARIABLE = "python-variable"
    CLASS = "class"
    IMPORT = "import"
    BUILTIN = "builtin"


PYTHON = "python"
COMPILED = "compiled"


@dataclass(eq=False)
class Symbol:
    """One definition. `span` is the defining name (None for builtins and
    modules without a location); `full_span` the whole declaration."""

    name: str
    kind: SymbolKind
    path: str
    span: Span | None
    tier: str = PYTHON
    full_span: Span | None = None
    container: "Symbol | None" = None
    doc: str | None = None
    node: ast.AST | None = None
    target: "Symbol | None" = None          # IMPORT: what the binding refers to
    module_path: str | None = None          # MODULE / module IMPORT: the module's path
    type: Type | None = None                # filled by the checker (compiled tier)
    signature: str | None = None
    decl: object | None = None              # compiled tier: the FnDecl/StructDecl/... behind it
    children: list["Symbol"] = field(default_factory=list)

    @property
    def qualified_name(self) -> str:
        parts = [self.name]
        parent = self.container
        while parent is not None:
            parts.append(parent.name)
            parent = parent.container
        return ".".join(reversed(parts))

    @property
    def id(self) -> str:
        start = self.span.start if self.span else -1
        return f"{self.path}::{self.qualified_name}@{start}"

    def resolved(self) -> "Symbol":
        """Follows import bindings to the symbol they bring in."""
        seen = 0
        sym = self
        while sym.kind is SymbolKind.IMPORT and sym.target is not None and seen < 16:
            sym = sym.target
            seen += 1
        return sym

    def __repr__(self) -> str:
        return f"Symbol({self.kind.value} {self.qualified_name} @ {self.path})"


@dataclass(frozen=True, eq=False)
class Reference:
    span: Span
    symbol: Symbol
    is_definition: bool = False
    is_write: bool = False


class SymbolTable:
    """Every symbol and reference of one file, queryable by offset."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.symbols: list[Symbol] = []
        self.references: list[Reference] = []
        self._sorted = False
        self._starts: list[int] = []

    def define(self, sym: Symbol, *, reference: bool = True) -> Symbol:
        self.symbols.append(sym)
        if reference and sym.span is not None and sym.path == self.path:
            self.add_reference(Reference(sym.span, sym, is_definition=True, is_write=True))
        return sym

    def add_reference(self, ref: Reference) -> None:
        self.references.append(ref)
        self._sorted = False

    def _sort(self) -> None:
        if not self._sorted:
            self.references.sort(key=lambda r: (r.span.start, r.span.end))
            self._starts = [r.span.start for r in self.references]
            self._sorted = True

    def reference_at(self, offset: int) -> Reference | None:
        """The innermost reference whose span contains `offset` (an offset at
        the end of a name still counts: the cursor is often just after it)."""
        self._sort()
        i = bisect.bisect_right(self._starts, offset)
        best = None
        while i > 0:
            i -= 1
            ref = self.references[i]
            if ref.span.start <= offset <= ref.span.end:
                if best is None or (ref.span.end - ref.span.start) < (best.span.end - best.span.start):
                    best = ref
            if offset - ref.span.start > 256:
                break
        return best

    def sorted_references(self) -> list[Reference]:
        self._sort()
        return self.references
