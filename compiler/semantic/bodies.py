"""The check of one top-level `fn` body (a module-level `fn` or a struct
method), kept with everything it added to its file's analysis.

A body's check adds symbols (locals), references, a scope subtree and
diagnostics to tables the whole file shares. `BodyResult` remembers exactly
those objects, so that an edit inside the body can take them back out and
check the new body in their place (incremental.py) without touching what the
other bodies and the declarations produced.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from .decls import FnDecl, ModuleDecls, TraitDecl
from .scopes import Scope
from .symbols import Reference, Symbol
from .typed_model import FnInstance


@dataclass(eq=False)
class BodyResult:
    decl: FnDecl
    instance: FnInstance | None          # None: the body was too deep to check
    diags: list[Diagnostic]               # the checker's own
    ctx_diags: list[Diagnostic]           # declaration-level ones it triggered
    symbols: list[Symbol]                 # appended to the file's SymbolTable
    references: list[Reference]
    scope: Scope | None                   # the FN scope it added under its declaration's


def top_level_bodies(decls: ModuleDecls) -> list[FnDecl]:
    """The bodies checked on their own, in declaration order: nested fns are
    checked inside their parent's body, trait methods have none."""
    return [fn for fn in decls.fns if fn.parent_fn is None and not isinstance(fn.owner, TraitDecl)]


def check_body(ctx, fn: FnDecl) -> BodyResult:
    from .fn_checker import FnChecker
    table = ctx.table
    first_symbol, first_reference, first_ctx = len(table.symbols), len(table.references), len(ctx.diags)
    diags: list[Diagnostic] = []
    checker = None
    instance = None
    try:
        checker = FnChecker(ctx, fn, {}, record=True, diags=diags)
        instance = checker.run()
    except RecursionError:
        diags.append(make.error("K0900", fn.symbol.span, f"`fn {fn.name}` is nested too deeply to check"))
    ctx_diags = ctx.diags[first_ctx:]
    del ctx.diags[first_ctx:]
    scope = checker.root.scope if checker is not None else None
    return BodyResult(fn, instance, diags, ctx_diags, table.symbols[first_symbol:],
                      table.references[first_reference:], scope)


__all__ = ["BodyResult", "check_body", "top_level_bodies"]
