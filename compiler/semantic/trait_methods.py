"""A trait's method and the struct methods implementing it are one name
for references and rename: renaming `area` in `trait Shape` must rename
every conforming struct's `area` (and the other way round), or the code
stops conforming (K0260)."""
from __future__ import annotations

from .conformance import listed_traits, struct_lists_trait, trait_parents
from .decls import StructDecl, TraitDecl
from .entities import TraitRef
from .symbols import Symbol, SymbolKind


def method_family(ws, sym: Symbol, files: list[str]) -> set[Symbol]:
    """`sym` with the trait methods it implements or is implemented by, and
    the other implementations of those, found in `files`."""
    owner = getattr(sym.decl, "owner", None)
    if sym.kind is not SymbolKind.METHOD or owner is None:
        return {sym}
    if isinstance(owner, TraitDecl):
        traits = [owner]
    elif isinstance(owner, StructDecl):
        traits = [t for t in _listed_traits(ws.program, owner) if sym.name in t.methods]
    else:
        return {sym}
    family = {sym}
    for trait in traits:
        family.update(fn.symbol for fn in trait.methods[sym.name])
        ref = TraitRef(trait.name, trait)
        for path in files:
            analysis = ws.analysis(path)
            for st in analysis.decls.structs if analysis is not None else ():
                if sym.name in st.methods and struct_lists_trait(ws.program, st, ref):
                    family.update(fn.symbol for fn in st.methods[sym.name])
    return family


def _listed_traits(program, decl: StructDecl) -> list[TraitDecl]:
    """The user traits `decl` lists, with the traits they inherit."""
    todo: list[TraitRef] = listed_traits(program, decl)
    out: list[TraitDecl] = []
    while todo and len(out) < 64:
        trait = todo.pop()
        if isinstance(trait.decl, TraitDecl) and trait.decl not in out:
            out.append(trait.decl)
            todo.extend(trait_parents(program, trait))
    return out
