"""A struct that contains itself by value (directly, through other structs'
fields, or inside a `Tuple`/`Optional`, which are stored inline) would have
infinite size; LLVM rejects the type. Heap and pointer indirections (`List`,
`UnsafePointer`) break the cycle."""
from __future__ import annotations

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from .decls import StructDecl
from .module_context import ModuleContext
from .types import OptionalType, StructType, TupleType, Type


def check_struct_cycle(ctx: ModuleContext, st: StructDecl, diags: list[Diagnostic]) -> None:
    sig = ctx.struct_sig(st)
    for f, t in sig.fields:
        path = _path_back(ctx, t, st.decl_id, set())
        if path is None or f.annotation is None:
            continue
        chain = " -> ".join([st.name, *path])
        diags.append(make.error(
            "K0227", ctx.source.span_of(f.annotation),
            f"struct `{st.name}` contains itself by value ({chain}): it would have infinite size",
            hint=f"hold it through a pointer or a list: `List[{st.name}]`, `UnsafePointer[{st.name}]`"))
        return


def _path_back(ctx: ModuleContext, t: Type, target: str, seen: set[str]) -> list[str] | None:
    """The struct names leading from a value of type `t` back to `target`."""
    if isinstance(t, TupleType):
        for e in t.elements:
            found = _path_back(ctx, e, target, seen)
            if found is not None:
                return found
        return None
    if isinstance(t, OptionalType):
        return _path_back(ctx, t.element, target, seen)
    if not isinstance(t, StructType):
        return None
    if t.decl_id == target:
        return [t.name]
    if t.decl_id in seen:
        return None
    seen.add(t.decl_id)
    decl = ctx.program.struct_decl(t)
    if decl is None:
        return None
    for _, ft in ctx.struct_sig(decl).fields:
        found = _path_back(ctx, ft, target, seen)
        if found is not None:
            return [t.name, *found]
    return None
