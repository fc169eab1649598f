"""The types of the compiled tier, as the type checker records them and the
native back end reads them. Types are immutable, hashable values; two equal
types are interchangeable (so they can key monomorphization caches).

This module is the contract between `semantic/` (which computes types) and
`native/` (which only reads them). It knows nothing about LLVM.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


class Type:
    """Base class. `str(t)` is how the type is spelled in Kiln source and in
    diagnostics (`Int`, `SIMD[DType.float32, 8]`, `UnsafePointer[Float64]`)."""

    __slots__ = ()


@dataclass(frozen=True)
class DType:
    """An element type usable in SIMD and pointers: `DType.float32` etc."""

    name: str                     # "int8".."uint64", "float16", "float32", "float64", "bool", "index"

    @property
    def is_float(self) -> bool:
        return self.name.startswith("float")

    @property
    def is_signed(self) -> bool:
        return self.name.startswith("int") or self.name == "index"

    @property
    def bits(self) -> int:
        if self.name == "bool":
            return 1
        if self.name == "index":
            return 64
        return int(self.name.lstrip("uintfloat"))

    def __str__(self) -> str:
        return f"DType.{self.name}"


DTYPES = {n: DType(n) for n in (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
    "uint64", "float16", "float32", "float64", "index")}


@dataclass(frozen=True)
class SIMDType(Type):
    """`SIMD[dtype, width]` with width > 1. Width-1 SIMD is always represented
    as a `ScalarType` (`Scalar[DType.int64]` is `Int64`), so equal types have
    one representation; `Int` is a ScalarType of its own (dtype `index`)."""

    dtype: DType
    width: int

    def __str__(self) -> str:
        return f"SIMD[{self.dtype}, {self.width}]"


@dataclass(frozen=True)
class ScalarType(Type):
    """`Int`, `Int8`..`UInt64`, `Float16`, `Float32`, `Float64`, `Bool`.

    `Int` is 64-bit signed with dtype `index`; `Int64` has dtype `int64`.
    A scalar behaves as `SIMD[dtype, 1]` for SIMD operations."""

    name: str
    dtype: DType

    @property
    def is_float(self) -> bool:
        return self.dtype.is_float

    @property
    def is_integer(self) -> bool:
        return not self.dtype.is_float and self.dtype.name != "bool"

    @property
    def is_bool(self) -> bool:
        return self.dtype.name == "bool"

    @property
    def bits(self) -> int:
        return self.dtype.bits

    def __str__(self) -> str:
        return self.name


SCALARS: dict[str, ScalarType] = {
    "Int": ScalarType("Int", DTYPES["index"]),
    "Int8": ScalarType("Int8", DTYPES["int8"]),
    "Int16": ScalarType("Int16", DTYPES["int16"]),
    "Int32": ScalarType("Int32", DTYPES["int32"]),
    "Int64": ScalarType("Int64", DTYPES["int64"]),
    "UInt8": ScalarType("UInt8", DTYPES["uint8"]),
    "UInt16": ScalarType("UInt16", DTYPES["uint16"]),
    "UInt32": ScalarType("UInt32", DTYPES["uint32"]),
    "UInt64": ScalarType("UInt64", DTYPES["uint64"]),
    "Float16": ScalarType("Float16", DTYPES["float16"]),
    "Float32": ScalarType("Float32", DTYPES["float32"]),
    "Float64": ScalarType("Float64", DTYPES["float64"]),
    "Bool": ScalarType("Bool", DTYPES["bool"]),
}
INT = SCALARS["Int"]
FLOAT64 = SCALARS["Float64"]
BOOL = SCALARS["Bool"]


def scalar_of(dtype: DType) -> ScalarType:
    """`Scalar[dtype]`: the named scalar type for an element type."""
    for s in SCALARS.values():
        if s.dtype == dtype and s.name != "Int":
            return s
    return INT  # DType.index


@dataclass(frozen=True)
class PointerType(Type):
    """`UnsafePointer[T]` (`DTypePointer[dtype]` is UnsafePointer[Scalar[dtype]])."""

    pointee: Type

    def __str__(self) -> str:
        return f"UnsafePointer[{self.pointee}]"


@dataclass(frozen=True)
class ListType(Type):
    element: Type

    def __str__(self) -> str:
        return f"List[{self.element}]"


@dataclass(frozen=True)
class TupleType(Type):
    elements: tuple[Type, ...]

    def __str__(self) -> str:
        return f"Tuple[{', '.join(map(str, self.elements))}]"


@dataclass(frozen=True)
class OptionalType(Type):
    element: Type

    def __str__(self) -> str:
        return f"Optional[{self.element}]"


@dataclass(frozen=True)
class NamedBuiltin(Type):
    """Builtin nominal types without parameters: `String`, `StringLiteral`,
    `Error`, `DType` (the type of `DType.float32`), `NoneType`."""

    name: str

    def __str__(self) -> str:
        return "None" if self.name == "NoneType" else self.name


STRING = NamedBuiltin("String")
STRING_LITERAL = NamedBuiltin("StringLiteral")
ERROR = NamedBuiltin("Error")
DTYPE_TYPE = NamedBuiltin("DType")
NONE = NamedBuiltin("NoneType")

ParamValue = Union[int, bool, float, str, DType, Type]
"""A compile-time parameter value: an integer, a bool, a DType, a type, ..."""


@dataclass(frozen=True)
class StructType(Type):
    """An instance of a user (or stdlib) `struct`, specialised by its
    compile-time parameters. `decl_id` identifies the declaration uniquely
    across modules ("<module path>::<qualified name>")."""

    name: str
    decl_id: str
    params: tuple[ParamValue, ...] = ()

    def __str__(self) -> str:
        if not self.params:
            return self.name
        return f"{self.name}[{', '.join(map(str, self.params))}]"


@dataclass(frozen=True)
class TraitType(Type):
    name: str
    decl_id: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class FnType(Type):
    """The type of an `fn` value (after parameter specialisation)."""

    params: tuple[Type, ...]
    result: Type
    raises: bool = False
    conventions: tuple[str, ...] = field(default=())   # per param: borrowed/inout/owned

    def __str__(self) -> str:
        r = " raises" if self.raises else ""
        return f"fn({', '.join(map(str, self.params))}){r} -> {self.result}"


@dataclass(frozen=True)
class TypeType(Type):
    """The type of an expression that names a type (`Int`, `Pair`): callable as a
    constructor, usable in annotations."""

    instance: Type

    def __str__(self) -> str:
        return f"Type[{self.instance}]"


@dataclass(frozen=True)
class PythonObject(Type):
    """Any value of the Python tier (dynamically typed)."""

    def __str__(self) -> str:
        return "object"


@dataclass(frozen=True)
class UnknownType(Type):
    """Produced after an error: compatible with everything, so one mistake does
    not cascade into many diagnostics."""

    def __str__(self) -> str:
        return "<unknown>"


UNKNOWN = UnknownType()
PYOBJECT = PythonObject()


# -- additions (semantic engineer; additive only) ------------------------------

@dataclass(frozen=True)
class ParamRef(Type):
    """A compile-time parameter that is not bound yet: `T`, `dtype`, `width`
    inside a generic `fn`/`struct` while it is checked generically. It can
    stand for a type (`T: Comparable`) or a value (`width: Int`). `kind` is
    the parameter's declared kind (`Int`, `DType`, a trait, `AnyType`).
    The native back end never sees one: it reads specialised instances."""

    name: str
    owner: str                    # decl_id of the fn/struct that declares it
    kind: Type = None             # type: ignore[assignment]

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AnyTrait(Type):
    """The bound of an unconstrained type parameter (`T: AnyType`)."""

    def __str__(self) -> str:
        return "AnyType"


RANGE = NamedBuiltin("Range")
"""The value of `range(...)`: only ever iterated by `for`."""


def is_concrete(value) -> bool:
    """True when a type or parameter value contains no `ParamRef`."""
    if isinstance(value, ParamRef):
        return False
    if isinstance(value, SIMDType):
        return is_concrete(value.dtype) and is_concrete(value.width)
    if isinstance(value, (PointerType, ListType, OptionalType)):
        return is_concrete(value.pointee if isinstance(value, PointerType) else value.element)
    if isinstance(value, TupleType):
        return all(is_concrete(e) for e in value.elements)
    if isinstance(value, StructType):
        return all(is_concrete(p) for p in value.params)
    if isinstance(value, FnType):
        return all(is_concrete(p) for p in value.params) and is_concrete(value.result)
    if isinstance(value, TypeType):
        return is_concrete(value.instance)
    return True
