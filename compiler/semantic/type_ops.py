"""Operations on type values: SIMD views of scalars, substitution and
unification of compile-time parameters, and the builtin traits' membership.
Pure functions over `types.py` values."""
from __future__ import annotations

from .types import (BOOL, DTYPES, FLOAT64, INT, NONE, STRING, STRING_LITERAL, UNKNOWN, DType,
                    FnType, ListType, NamedBuiltin, OptionalType, ParamRef, PointerType,
                    ScalarType, SIMDType, StructType, TupleType, Type, TypeType, UnknownType,
                    scalar_of)

Bindings = dict[tuple[str, str], object]     # (owner, name) -> ParamValue


def simd_parts(t: Type) -> tuple[object, object] | None:
    """(dtype, width) of a scalar or SIMD type; None for other types."""
    if isinstance(t, ScalarType):
        return t.dtype, 1
    if isinstance(t, SIMDType):
        return t.dtype, t.width
    return None


def make_simd(dtype, width) -> Type:
    """`SIMD[dtype, width]` in its canonical representation."""
    if width == 1 and isinstance(dtype, DType):
        return scalar_of(dtype)
    return SIMDType(dtype, width)


def is_numeric(t: Type) -> bool:
    parts = simd_parts(t)
    return parts is not None and not (isinstance(parts[0], DType) and parts[0].name == "bool")


def is_integer_like(t: Type) -> bool:
    parts = simd_parts(t)
    if parts is None:
        return False
    d = parts[0]
    return isinstance(d, DType) and not d.is_float and d.name != "bool"


def is_float_like(t: Type) -> bool:
    parts = simd_parts(t)
    return parts is not None and isinstance(parts[0], DType) and parts[0].is_float


def is_bool_like(t: Type) -> bool:
    parts = simd_parts(t)
    return parts is not None and isinstance(parts[0], DType) and parts[0].name == "bool"


def is_string(t: Type) -> bool:
    return t == STRING or t == STRING_LITERAL


def is_unknown(t: Type) -> bool:
    return isinstance(t, UnknownType)


def key(ref: ParamRef) -> tuple[str, str]:
    return (ref.owner, ref.name)


def subst(t, bindings: Bindings):
    """Replace bound ParamRefs in a type or parameter value."""
    if not bindings:
        return t
    if isinstance(t, ParamRef):
        v = bindings.get(key(t), t)
        return v
    if isinstance(t, SIMDType):
        return make_simd(subst(t.dtype, bindings), subst(t.width, bindings))
    if isinstance(t, PointerType):
        return PointerType(subst(t.pointee, bindings))
    if isinstance(t, ListType):
        return ListType(subst(t.element, bindings))
    if isinstance(t, OptionalType):
        return OptionalType(subst(t.element, bindings))
    if isinstance(t, TupleType):
        return TupleType(tuple(subst(e, bindings) for e in t.elements))
    if isinstance(t, StructType):
        if not t.params:
            return t
        return StructType(t.name, t.decl_id, tuple(subst(p, bindings) for p in t.params))
    if isinstance(t, FnType):
        return FnType(tuple(subst(p, bindings) for p in t.params), subst(t.result, bindings),
                      t.raises, t.conventions)
    if isinstance(t, TypeType):
        return TypeType(subst(t.instance, bindings))
    return t


def unify(pattern, actual, bindings: Bindings, owners: frozenset[str]) -> bool:
    """Bind the ParamRefs of `owners` in `pattern` so that it equals `actual`.
    Returns False on a definite mismatch (bindings may be partly filled)."""
    if isinstance(actual, UnknownType):
        return True
    if isinstance(pattern, ParamRef) and pattern.owner in owners:
        k = key(pattern)
        if k in bindings:
            return bindings[k] == actual
        bindings[k] = actual
        return True
    pp = simd_parts(pattern) if isinstance(pattern, (SIMDType, ScalarType)) else None
    if pp is not None:
        ap = simd_parts(actual)
        if ap is None:
            return False
        return unify(pp[0], ap[0], bindings, owners) and unify(pp[1], ap[1], bindings, owners)
    if isinstance(pattern, PointerType):
        return isinstance(actual, PointerType) and unify(pattern.pointee, actual.pointee,
                                                         bindings, owners)
    if isinstance(pattern, (ListType, OptionalType)):
        return type(actual) is type(pattern) and unify(pattern.element, actual.element,
                                                      bindings, owners)
    if isinstance(pattern, TupleType):
        return (isinstance(actual, TupleType) and len(actual.elements) == len(pattern.elements)
                and all(unify(p, a, bindings, owners)
                        for p, a in zip(pattern.elements, actual.elements)))
    if isinstance(pattern, StructType) and pattern.params:
        return (isinstance(actual, StructType) and actual.decl_id == pattern.decl_id
                and len(actual.params) == len(pattern.params)
                and all(unify(p, a, bindings, owners)
                        for p, a in zip(pattern.params, actual.params)))
    return pattern == actual


def mentions(t, owners: frozenset[str]) -> bool:
    """Does the type/value mention a ParamRef of one of `owners`?"""
    if isinstance(t, ParamRef):
        return t.owner in owners
    if isinstance(t, SIMDType):
        return mentions(t.dtype, owners) or mentions(t.width, owners)
    if isinstance(t, PointerType):
        return mentions(t.pointee, owners)
    if isinstance(t, (ListType, OptionalType)):
        return mentions(t.element, owners)
    if isinstance(t, TupleType):
        return any(mentions(e, owners) for e in t.elements)
    if isinstance(t, StructType):
        return any(mentions(p, owners) for p in t.params)
    return False


# -- builtin traits --------------------------------------------------------------

_SCALAR_TRAITS = frozenset({
    "AnyType", "Copyable", "Movable", "CollectionElement", "Comparable", "EqualityComparable",
    "Stringable", "Intable", "Boolable", "Hashable", "KeyElement", "Representable", "Absable",
    "Powable", "Roundable",
})
_STRING_TRAITS = frozenset({
    "AnyType", "Copyable", "Movable", "CollectionElement", "Comparable", "EqualityComparable",
    "Stringable", "Sized", "Boolable", "Hashable", "KeyElement", "Representable",
})
_CONTAINER_TRAITS = frozenset({"AnyType", "Copyable", "Movable", "CollectionElement", "Sized",
                               "Boolable"})

# Which dunder methods stand for each builtin trait (for structs).
TRAIT_METHODS: dict[str, tuple[str, ...]] = {
    "AnyType": (), "Copyable": ("__copyinit__",), "Movable": ("__moveinit__",),
    "CollectionElement": ("__copyinit__", "__moveinit__"),
    "Comparable": ("__lt__",), "EqualityComparable": ("__eq__",),
    "Stringable": ("__str__",), "Representable": ("__repr__",), "Sized": ("__len__",),
    "Intable": ("__int__",), "Boolable": ("__bool__",), "Hashable": ("__hash__",),
    "KeyElement": ("__eq__", "__hash__"), "Absable": ("__abs__",), "Powable": ("__pow__",),
    "Roundable": ("__round__",),
}


def builtin_conforms(t: Type, trait: str) -> bool | None:
    """Does a builtin type satisfy a builtin trait? None: not a builtin type."""
    if isinstance(t, UnknownType):
        return True
    parts = simd_parts(t)
    if parts is not None:
        if isinstance(t, SIMDType) and trait in ("Comparable", "Intable", "Boolable"):
            return False
        return trait in _SCALAR_TRAITS
    if is_string(t):
        return trait in _STRING_TRAITS
    if isinstance(t, (ListType, TupleType, OptionalType)):
        return trait in _CONTAINER_TRAITS and not (isinstance(t, OptionalType) and trait == "Sized")
    if isinstance(t, PointerType):
        return trait in ("AnyType", "Copyable", "Movable", "CollectionElement",
                         "EqualityComparable", "Boolable")
    if isinstance(t, NamedBuiltin):
        if t.name == "Error":
            return trait in ("AnyType", "Copyable", "Movable", "CollectionElement", "Stringable",
                             "Boolable")
        return trait in ("AnyType", "Copyable", "Movable")
    return None


def default_literal_type(value) -> Type:
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT64
    if isinstance(value, str):
        return STRING_LITERAL
    if value is None:
        return NONE
    return UNKNOWN


INT_RANGES = {
    "index": (-(1 << 63), (1 << 63) - 1), "int8": (-128, 127), "int16": (-(1 << 15), (1 << 15) - 1),
    "int32": (-(1 << 31), (1 << 31) - 1), "int64": (-(1 << 63), (1 << 63) - 1),
    "uint8": (0, 255), "uint16": (0, (1 << 16) - 1), "uint32": (0, (1 << 32) - 1),
    "uint64": (0, (1 << 64) - 1),
}


def int_fits(value: int, t: Type) -> bool:
    parts = simd_parts(t)
    if parts is None or not isinstance(parts[0], DType):
        return True
    rng = INT_RANGES.get(parts[0].name)
    if rng is None:
        return True
    return rng[0] <= value <= rng[1]


DTYPE_BY_NAME = DTYPES


def a_type(t) -> str:
    """"an `Int`", "a `Float64`": a type named in a sentence."""
    text = str(t)
    article = "an" if text[:1] in "AEIOUaeiou" else "a"
    return f"{article} `{text}`"
