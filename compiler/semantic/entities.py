"""What a name or expression in `fn` code can denote besides a runtime value.

The checker gives every expression a `Type`. Runtime values get the contract
types of `types.py`; the things below stand for functions, modules, traits and
not-yet-parameterised generic types, which only make sense as callees, in
annotations, or in `[...]`. They never reach the native back end as the type
of a value.
"""
from __future__ import annotations

from dataclasses import dataclass

from .types import Type


@dataclass(frozen=True, eq=False)
class FnRef(Type):
    """An overload set of user `fn`s, possibly bound to a receiver (`p.sum`)
    and possibly with explicit compile-time arguments (`f[4]`)."""

    decls: tuple                     # tuple[FnDecl, ...]
    self_type: Type | None = None
    receiver: object | None = None   # the ast.expr of the receiver, for inout checks
    comptime_args: tuple | None = None
    comptime_nodes: tuple | None = None
    owner_type: Type | None = None   # struct instance the methods belong to

    def __str__(self) -> str:
        return f"fn {self.decls[0].name}" if self.decls else "fn"


@dataclass(frozen=True, eq=False)
class BuiltinFn(Type):
    """A builtin function or a method of a builtin type (`print`, `len`,
    `SIMD.reduce_add`, `UnsafePointer.alloc`, `vectorize`)."""

    name: str
    self_type: Type | None = None
    receiver: object | None = None
    comptime_args: tuple | None = None
    comptime_nodes: tuple | None = None
    keyword_args: tuple | None = None    # ((name, value, node), ...) from `load[width=8]`

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ModuleRef(Type):
    path: str
    name: str

    def __str__(self) -> str:
        return f"module {self.name}"


@dataclass(frozen=True, eq=False)
class GenericStruct(Type):
    """A parametric struct named without its parameters: `Matrix`."""

    decl: object                     # StructDecl

    def __str__(self) -> str:
        return self.decl.name


@dataclass(frozen=True)
class GenericBuiltin(Type):
    """`SIMD`, `Scalar`, `UnsafePointer`, `DTypePointer`, `List`, `Optional`,
    `Tuple` before their `[...]`."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class TraitRef(Type):
    """A trait named in code: user traits carry their decl, builtin ones a name."""

    name: str
    decl: object | None = None       # TraitDecl | None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, eq=False)
class PythonRef(Type):
    """A Python-tier thing (def, class, variable, Python module) seen from an fn."""

    symbol: object                   # Symbol
    what: str                        # "def", "class", "variable", "module", "builtin"

    def __str__(self) -> str:
        return "object"


ENTITY_TYPES = (FnRef, BuiltinFn, ModuleRef, GenericStruct, GenericBuiltin, TraitRef, PythonRef)
