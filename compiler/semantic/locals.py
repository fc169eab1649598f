"""The runtime and compile-time names of an `fn` body: locals, parameters,
compile-time parameters, local aliases, and the block chain that holds them."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..syntax.source import Span
from .scopes import Scope
from .symbols import Symbol
from .types import Type


@dataclass(eq=False)
class LocalVar:
    """One runtime variable of an fn: a `var`/`let`, a parameter, a `for`
    target or an `except e` name. Distinct declarations are distinct objects."""

    name: str
    kind: str                      # "var" | "let" | "param" | "for" | "except"
    type: Type
    symbol: Symbol | None
    span: Span | None
    convention: str = "borrowed"   # for params
    owner_fn: object | None = None  # FnDecl whose body declares it

    @property
    def mutable(self) -> bool:
        if self.kind == "param":
            return self.convention in ("inout", "owned")
        return self.kind != "let"

    @property
    def owned(self) -> bool:
        """Can the fn move out of it with `^`?"""
        if self.kind == "param":
            return self.convention == "owned"
        return True

    def __repr__(self) -> str:
        return f"LocalVar({self.kind} {self.name}: {self.type})"


@dataclass(eq=False)
class ComptimeEntry:
    """A name bound at compile time inside an fn: a compile-time parameter,
    a local `alias`, the index of a `@parameter for`."""

    name: str
    value: object                  # ParamValue | ParamRef | Type | entity
    kind: Type | None
    symbol: Symbol | None


@dataclass(eq=False)
class Block:
    parent: "Block | None"
    scope: Scope | None = None
    names: dict[str, object] = field(default_factory=dict)   # LocalVar | ComptimeEntry | Symbol
    is_loop: bool = False

    def lookup(self, name: str) -> object | None:
        b: Block | None = self
        while b is not None:
            v = b.names.get(name)
            if v is not None:
                return v
            b = b.parent
        return None


UNINIT = "uninit"
MOVED = "moved"


@dataclass(frozen=True)
class Mark:
    """Flow state of a local other than "initialised": uninitialised, or moved at `span`."""

    state: str
    span: Span | None = None
