"""Signatures of compiled declarations, computed lazily and once per
declaration: the types of an `fn`'s parameters and result, a struct's
compile-time parameters and field types, an `alias`'s value.

They are generic: a compile-time parameter appears as a `ParamRef`; callers
substitute concrete values (`type_ops.subst`) when they specialise.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .decls import FieldDecl, FnDecl, ParamDecl, StructDecl
from .entities import TraitRef
from .types import (BOOL, DTYPE_TYPE, INT, NONE, UNKNOWN, FnType, ParamRef, StructType, Type,
                    UnknownType)


@dataclass(eq=False)
class FnSig:
    decl: FnDecl
    comptime: list[tuple[ParamDecl, object]]        # own compile-time params and their kinds
    refs: list[ParamRef]                            # ParamRefs of the own compile-time params
    params: list[tuple[ParamDecl, Type]]            # runtime params, `self` first for methods
    result: Type
    self_type: Type | None = None

    @property
    def raises(self) -> bool:
        return self.decl.raises

    def fn_type(self) -> FnType:
        return FnType(tuple(t for _, t in self.params), self.result, self.raises,
                      tuple(p.convention for p, _ in self.params))

    def label(self, with_self: bool = False) -> str:
        """`fn name[params](a: Int, inout b: Float64) raises -> Int`"""
        return f"fn {self.decl.name}{self.comptime_label()}({', '.join(self.param_labels(with_self))})" \
               f"{' raises' if self.raises else ''}{self.result_label()}"

    def comptime_label(self) -> str:
        if not self.comptime:
            return ""
        return "[" + ", ".join(f"{p.name}: {k}" for p, k in self.comptime) + "]"

    def param_labels(self, with_self: bool = False) -> list[str]:
        out = []
        for p, t in self.params:
            if p.name == "self" and self.decl.has_self:
                if with_self:
                    out.append(("inout self" if p.convention == "inout" else
                                "owned self" if p.convention == "owned" else "self"))
                continue
            conv = f"{p.convention} " if p.convention != "borrowed" else ""
            star = "*" if p.kind == "vararg" else "**" if p.kind == "kwarg" else ""
            default = " = " + ast.unparse(p.default) if p.default is not None else ""
            out.append(f"{conv}{star}{p.name}: {t}{default}")
        return out

    def result_label(self) -> str:
        return "" if self.result == NONE else f" -> {self.result}"


@dataclass(eq=False)
class StructSig:
    decl: StructDecl
    comptime: list[tuple[ParamDecl, object]]
    refs: list[ParamRef]
    self_type: StructType
    fields: list[tuple[FieldDecl, Type]] = field(default_factory=list)

    def field(self, name: str) -> tuple[FieldDecl, Type] | None:
        for f, t in self.fields:
            if f.name == name:
                return f, t
        return None


def comptime_kind(ev, p: ParamDecl) -> object:
    """The kind of a compile-time parameter: INT, BOOL, DTYPE_TYPE, a TraitRef,
    or a type (for value parameters of other types)."""
    if p.annotation is None:
        ev.error("K0205", p.symbol.span, f"compile-time parameter `{p.name}` needs a type",
                 hint=f"write `{p.name}: Int`, `{p.name}: DType` or `{p.name}: AnyType`")
        return UNKNOWN
    try:
        v = ev.value(p.annotation)
    except Exception:  # NotComptime
        ev.error("K0204", p.annotation, "not a type or trait")
        return UNKNOWN
    if isinstance(v, TraitRef):
        return v
    return ev.as_type(v, p.annotation)


def is_type_kind(kind: object) -> bool:
    """Does a parameter of this kind take a type (rather than a value)?"""
    return isinstance(kind, TraitRef)


def comptime_entries(owner_id: str, params: list[tuple[ParamDecl, object]]) -> list[ParamRef]:
    return [ParamRef(p.name, owner_id, k if not isinstance(k, UnknownType) else None)
            for p, k in params]


def value_fits_kind(value: object, kind: object) -> bool:
    if isinstance(kind, UnknownType) or kind is None or isinstance(value, UnknownType):
        return True
    if isinstance(value, ParamRef):
        return value.kind is None or kind == value.kind or isinstance(kind, TraitRef) == isinstance(value.kind, TraitRef)
    if isinstance(kind, TraitRef):
        return isinstance(value, Type)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == DTYPE_TYPE:
        from .types import DType
        return isinstance(value, DType)
    return not isinstance(value, Type)


__all__ = ["FnSig", "StructSig", "comptime_kind", "comptime_entries", "value_fits_kind",
           "is_type_kind"]
