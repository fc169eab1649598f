"""The scope tree of a file, kept after analysis so that completion can list
the names visible at an offset.

Python scopes (module, class, def, lambda, comprehension) hold every name
bound anywhere in them (Python's rule). Compiled-tier scopes (an `fn` body and
its nested blocks) hold names from their declaration onwards: a `var` is
visible only after its declaration and only in its block.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .symbols import Symbol


class ScopeKind(enum.Enum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"           # def and lambda
    COMPREHENSION = "comprehension"
    STRUCT = "struct"
    TRAIT = "trait"
    FN = "fn"
    BLOCK = "block"                 # a nested block inside an fn

    @property
    def is_python(self) -> bool:
        return self in (ScopeKind.MODULE, ScopeKind.CLASS, ScopeKind.FUNCTION,
                        ScopeKind.COMPREHENSION)

    @property
    def is_compiled(self) -> bool:
        return self in (ScopeKind.FN, ScopeKind.BLOCK, ScopeKind.STRUCT, ScopeKind.TRAIT)


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    start: int                       # byte offsets the scope covers
    end: int
    parent: "Scope | None" = None
    names: dict[str, Symbol] = field(default_factory=dict)
    children: list["Scope"] = field(default_factory=list)
    ordered: bool = False            # compiled blocks: names visible after their declaration

    def child(self, kind: ScopeKind, start: int, end: int, *, ordered: bool = False) -> "Scope":
        scope = Scope(kind, start, end, self, ordered=ordered)
        self.children.append(scope)
        return scope

    def innermost(self, offset: int) -> "Scope":
        scope = self
        while True:
            for ch in scope.children:
                if ch.start <= offset <= ch.end:
                    scope = ch
                    break
            else:
                return scope

    def visible_names(self, offset: int) -> dict[str, Symbol]:
        """Names visible at `offset` inside this scope, innermost first wins.
        Class scopes are skipped for names used in nested functions (Python)."""
        out: dict[str, Symbol] = {}
        scope: Scope | None = self
        first = True
        while scope is not None:
            if scope.kind is ScopeKind.CLASS and not first:
                scope = scope.parent
                continue
            for name, sym in scope.names.items():
                if name in out:
                    continue
                if scope.ordered and sym.span is not None and sym.span.start > offset:
                    continue
                out[name] = sym
            first = False
            scope = scope.parent
        return out
