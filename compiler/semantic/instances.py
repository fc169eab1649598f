"""Specialisation: from the concrete function bodies of a module, follow the
calls to generic functions (and to methods of parametric structs) and check
each needed specialisation once, with its compile-time parameters bound.

Errors that only a specialisation shows (a `@parameter if` arm that is
invalid for some parameter value) are reported here, once.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..diagnostics.diagnostic import Diagnostic, Note
from .typed_model import FnInstance, FnKey

MAX_INSTANCES = 5000


def all_requests(inst: FnInstance):
    yield from inst.requests
    for child in inst.closures:
        yield from all_requests(child)


def flatten(inst: FnInstance):
    """An instance and the closures checked inside it (recursively)."""
    yield inst
    for child in inst.closures:
        yield from flatten(child)


def specialise(roots: list[FnInstance], context_of: Callable[[str], object],
               known: set[FnKey], reported: set[tuple[str, int]]) -> tuple[dict[FnKey, FnInstance], list[Diagnostic]]:
    from .fn_checker import FnChecker
    done: dict[FnKey, FnInstance] = {}
    diags: list[Diagnostic] = []
    work = [r for root in roots for r in all_requests(root)]
    while work and len(done) < MAX_INSTANCES:
        key, decl, bindings = work.pop()
        if key in done or key in known or not decl.all_comptime:
            continue
        ctx = context_of(decl.module.path)
        if ctx is None:
            continue
        temp: list[Diagnostic] = []
        inst = FnChecker(ctx, decl, bindings, record=False, diags=temp).run()
        done[key] = inst
        for d in temp:
            ident = (d.code, d.span.start)
            if ident in reported:
                continue
            reported.add(ident)
            diags.append(replace(d, notes=d.notes + (Note(f"in the specialisation `{key}`"),)))
        work.extend(all_requests(inst))
    return done, diags
