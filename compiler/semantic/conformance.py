"""Does a type satisfy a trait? Builtin types against builtin traits by
table; structs by the traits they list (and the traits those inherit) or, for
builtin traits, by having the trait's dunder methods; type parameters by
their bound."""
from __future__ import annotations

from .entities import TraitRef
from .evaluator import NotComptime
from .type_ops import TRAIT_METHODS, builtin_conforms
from .types import ParamRef, StructType, Type, UnknownType


def trait_parents(program, trait: TraitRef) -> list[TraitRef]:
    return [] if trait.decl is None else listed_traits(program, trait.decl)


def listed_traits(program, decl) -> list[TraitRef]:
    """The traits a struct or trait declaration lists in its parentheses."""
    ctx = program.context(decl.module.path)
    if ctx is None:
        return []
    out = []
    for base in decl.bases:
        try:
            value = ctx.evaluator(diags=[], record=False).value(base)
        except NotComptime:
            continue
        if isinstance(value, TraitRef):
            out.append(value)
    return out


def trait_implies(program, have: TraitRef, want: TraitRef, depth: int = 0) -> bool:
    if have.name == want.name and (have.decl is want.decl or want.decl is None or have.decl is None):
        return True
    if want.name == "AnyType":
        return True
    if depth > 16:
        return False
    return any(trait_implies(program, p, want, depth + 1) for p in trait_parents(program, have))


def struct_lists_trait(program, decl, trait: TraitRef) -> bool:
    ctx = program.context(decl.module.path)
    if ctx is None:
        return False
    for base in decl.bases:
        try:
            value = ctx.evaluator(diags=[], record=False).value(base)
        except NotComptime:
            continue
        if isinstance(value, TraitRef) and trait_implies(program, value, trait):
            return True
    return False


def struct_has(decl, name: str) -> bool:
    if name in decl.methods:
        return True
    return decl.is_value and name in ("__init__", "__copyinit__", "__moveinit__")


def conforms(program, t: Type, trait: TraitRef) -> bool:
    if isinstance(t, UnknownType):
        return True
    if isinstance(t, ParamRef):
        return isinstance(t.kind, TraitRef) and trait_implies(program, t.kind, trait)
    if _is_composition(trait):
        parents = trait_parents(program, trait)
        if parents and all(conforms(program, t, p) for p in parents):
            return True
    builtin = builtin_conforms(t, trait.name)
    if builtin is not None and trait.decl is None:
        return builtin
    if isinstance(t, StructType):
        decl = program.struct_decl(t)
        if decl is None:
            return True
        if trait.decl is None:
            needed = TRAIT_METHODS.get(trait.name, ())
            return all(struct_has(decl, n) for n in needed) or struct_lists_trait(program, decl, trait)
        return struct_lists_trait(program, decl, trait)
    return False


def _is_composition(trait: TraitRef) -> bool:
    """`trait Testable(EqualityComparable, Stringable): ...` only names other
    traits: any type that conforms to all of them conforms to it (builtin
    types included, which can list no trait)."""
    decl = trait.decl
    return decl is not None and bool(decl.bases) and not decl.methods
