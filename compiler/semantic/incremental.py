"""Re-analysing a file after an edit inside `fn` bodies, below the file.

A whole-file analysis costs ~150 ms at 5,000 lines; typing inside one `fn`
should cost the check of that body. Items keep their identity, as in
rust-analyzer: when the re-parse (reparse.py) replaced one top-level `fn` or
`struct` and the edit lies inside one of its bodies, without touching any
declaration (graft.same_skeleton), then everything outside those bodies is
still right: the Python tier (the binder never enters `fn` bodies), imports,
every declaration and signature, and the other bodies' checks. `update`
brings the previous analysis to the new text:

  1. take out what the statement's bodies added (their `BodyResult`s:
     symbols, references, scopes, diagnostics);
  2. graft the new bodies and positions into the old statement's nodes (so
     declarations, symbols and signatures keyed by them stay valid);
  3. move every kept span after the edit by its length change (relocate.py)
     and recompute the spans that enclose the edit;
  4. check the statement's bodies again, then re-run the file's last stage
     (specialisation, the Python-tier compile check, the final list).

Syntax errors inside the edited statement (a statement being typed) are
fine: the binder and the declarations never look into `fn` bodies, the
checker treats ErrorStmt/ErrorExpr locally, and CPython's verdict is simply
skipped while the file does not parse. Anything else (an edit in a header, a
field, Python-tier code, a body that declares nested items, syntax errors
elsewhere) answers None and the caller analyses the file from scratch.
**Invariant:** the result equals a from-scratch analysis of the new text:
diagnostics, symbols, references and scopes (tested on random edits,
tests/compiler/semantic/test_incremental_bodies.py).
"""
from __future__ import annotations

import ast
import bisect
from dataclasses import replace

from ..syntax import nodes as K
from ..syntax.result import ParseResult
from .analysis import FileAnalysis, finish, resolve_env
from .bodies import BodyResult, check_body
from .graft import fn_defs, graft, same_skeleton
from .node_spans import NodeSpans
from .py_bodies import PY_DEFS, def_verdict, find_def_scope, rebind, within
from .relocate import (Edit, insert_references, move_diagnostics, move_scopes, move_table,
                       remove_references)
from .reparse import changed_region
from .scopes import Scope


def update(base: FileAnalysis, parsed: ParseResult, program) -> FileAnalysis | None:
    """`base` (the analysis of the text `parsed` was re-parsed from) brought
    to `parsed`, or None when the edit is not confined to the bodies of one
    `fn`/`struct` or of one Python `def`. `base` is consumed: its tables move
    into the result."""
    found = _changed_statement(base, parsed)
    if found is None:
        return None
    index, old, new, edit = found
    if isinstance(old, (K.FnDef, K.StructDef)):
        return _update_fn_bodies(base, parsed, program, index, old, new, edit)
    if isinstance(old, (*PY_DEFS, ast.ClassDef)):
        return _update_def(base, parsed, program, index, old, new, edit)
    return None


def _generic(decl) -> bool:
    """Importers check a generic body again per specialisation they call."""
    return bool(decl.comptime) or bool(getattr(decl.owner, "comptime", None))


def _update_fn_bodies(base, parsed, program, index, old, new, edit) -> FileAnalysis | None:
    if not same_skeleton(old, new) or not any(_inside(base, fn.body, edit) for fn in fn_defs(old)):
        return None
    decls = [base.decls.decl_of(fn) for fn in fn_defs(old)]
    if any(d is None or d not in base.bodies for d in decls):
        return None
    records = [base.bodies[d] for d in decls]
    old_span = base.source.span_of(old)
    places = _take_out(base, records, old_span)
    graft(old, new)
    analysis = _moved(base, parsed, index, old, edit)
    _recompute_enclosing(analysis, old, decls)
    sorted_kept = analysis.table._sorted
    for decl in decls:
        analysis.bodies[decl] = check_body(analysis.context, decl)
    _put_back_scopes(places, [analysis.bodies[d] for d in decls])
    _put_back_symbols(analysis, decls)
    new_span = analysis.source.span_of(old)
    insert_references(analysis.table, [r for d in decls for r in analysis.bodies[d].references],
                      sorted_kept, new_span.start, new_span.end)
    analysis.surface_kept = not any(_generic(d) for d in decls)
    return finish(analysis, program)


def _moved(base: FileAnalysis, parsed: ParseResult, index: int, old: ast.stmt,
           edit: Edit) -> FileAnalysis:
    """The analysis on the new text: the grafted statement back in the new
    tree, kept spans moved, the syntax diagnostics replaced."""
    parsed.module.body[index] = old
    analysis = replace(base, parse=parsed)
    _use_source(analysis)
    # The syntax diagnostics head the front list, and all lie in the edited
    # statement: the new parse's replace the old ones.
    analysis.front_diags = analysis.front_diags[len(base.parse.diagnostics):]
    if edit.delta:
        _move_kept(analysis, edit)
    analysis.front_diags[:0] = parsed.diagnostics
    return analysis


def _changed_statement(base: FileAnalysis, parsed: ParseResult):
    """(index, old node, new node, edit) of the one top-level statement the
    re-parse replaced, when the edit and every syntax error lie inside it."""
    if base.front_diags is None or not base.complete:
        return None
    old_body, new_body = base.parse.module.body, parsed.module.body
    if len(old_body) != len(new_body):
        return None
    changed = [i for i, (a, b) in enumerate(zip(old_body, new_body)) if a is not b]
    if len(changed) != 1:
        return None
    index = changed[0]
    old, new = old_body[index], new_body[index]
    if type(old) is not type(new):
        return None
    edit = Edit(*changed_region(base.source.data, parsed.source.data))
    # Syntax errors are fine while they stay inside the statement (a body
    # being typed): the re-parse kept the other statements only then, but a
    # full parse may have been the base's or this one's.
    if not _errors_within(base.parse, old) or not _errors_within(parsed, new):
        return None
    return index, old, new, edit


def _errors_within(parsed: ParseResult, stmt: ast.stmt) -> bool:
    if not parsed.diagnostics:
        return True
    span = parsed.source.span_of(stmt)
    return all(d.span.file == parsed.source.path and span.start <= d.span.start and
               d.span.end <= span.end for d in parsed.diagnostics)


def _update_def(base, parsed, program, index, old, new, edit) -> FileAnalysis | None:
    """An edit inside the body of a top-level `def` or of a method of a
    top-level class: that def's scope is bound and resolved again
    (py_bodies.py), everything else is kept."""
    pairs = [(old, new)] if isinstance(old, PY_DEFS) else \
        [(a, b) for a, b in zip(old.body, new.body) if isinstance(a, PY_DEFS)] \
        if len(old.body) == len(new.body) else []
    pairs = [(a, b) for a, b in pairs if a.body and b.body and _inside(base, a.body, edit)]
    if len(pairs) != 1 or base.bound.dynamic_globals:
        return None
    target, new_target = pairs[0]
    if not same_skeleton(old, new, editable=target):
        return None
    scope = find_def_scope(base.bound, base.table.symbols, target)
    if scope is None:
        return None
    source, path = base.source, base.path
    lo, hi = source.span_of(target.body[0]).start, source.span_of(target.body[-1]).end
    whole = base.context.spans(target)
    gone = {id(s) for s in scope.symbols}
    table = base.table
    del table.symbols[scope.at:scope.at + len(scope.symbols)]
    refs = _references_within(table, whole.start, whole.end)
    remove_references(table, [r for r in refs if within(r.span, lo, hi) or id(r.symbol) in gone],
                      whole.start, whole.end)
    skip = len(base.parse.diagnostics)
    base.front_diags[skip:] = [d for d in base.front_diags[skip:]
                               if d.span.file != path or not within(d.span, lo, hi)]
    verdict = base.pytier_found
    if verdict is not None and not any(d.is_error for d in verdict):
        base.pytier_found = [d for d in verdict if d.span.file != path
                             or not within(d.span, whole.start, whole.end)]
    else:
        base.pytier_found = None
    old_scope = scope.scopes[0].scope
    place = scope.outer.scope.children.index(old_scope)
    del scope.outer.scope.children[place]
    _unlink(old_scope)
    sole = {k: v for k, v in base.bound.sole_values.items() if id(k) not in gone}
    graft(old, new, editable=target)
    analysis = _moved(base, parsed, index, old, edit)
    _recompute_def_enclosing(analysis, old, target, scope)
    sorted_kept = table._sorted
    spans = analysis.context.spans
    rebound = rebind(target, scope.outer, analysis.bound.module, spans, table,
                     resolve_env(analysis, program), sole)
    if rebound is None:
        return None
    if rebound.symbols:
        del table.symbols[-len(rebound.symbols):]
        table.symbols[scope.at:scope.at] = rebound.symbols
    children = scope.outer.scope.children
    children.insert(place, children.pop())
    bound = analysis.bound
    bound.scopes[scope.first:scope.first + len(scope.scopes)] = rebound.scopes
    bound.sole_values = {**sole, **rebound.sole_values}
    analysis.front_diags.extend(rebound.diags)
    new_whole = spans(target)
    insert_references(table, rebound.references, sorted_kept, new_whole.start, new_whole.end)
    _def_verdict(analysis, old, target)
    analysis.surface_kept = True          # nothing outside a def sees into its body
    return finish(analysis, program)


def _references_within(table, lo: int, hi: int) -> list:
    refs = table.references
    if table._sorted:
        return refs[bisect.bisect_left(table._starts, lo):bisect.bisect_right(table._starts, hi)]
    return [r for r in refs if lo <= r.span.start <= hi]


def _recompute_def_enclosing(analysis: FileAnalysis, stmt: ast.stmt, target: ast.AST,
                             scope) -> None:
    """The def's (and its class') symbol and the class' scope enclose the
    edit: computed again from the nodes, as the binder does."""
    spans = analysis.context.spans
    for node, owner in ((target, scope.outer), (stmt, analysis.bound.module)):
        sym = owner.bindings.get(node.name)
        if sym is not None and sym.node is node:
            sym.full_span = spans(node)
        if node is stmt:
            break
    if stmt is not target:
        span = analysis.source.span_of(stmt)
        scope.outer.scope.start, scope.outer.scope.end = span.start, span.end
    analysis.module_scope.end = len(analysis.source.data)


def _def_verdict(analysis: FileAnalysis, stmt: ast.stmt, target: ast.AST) -> None:
    """CPython's verdict with the edited def's part compiled again alone; a
    whole-file check instead when the rest was not clean or the file does
    not parse."""
    if analysis.pytier_found is None or not analysis.parse.ok:
        analysis.pytier_found = None
        return
    own = def_verdict(analysis.parse.module, stmt, target, analysis.source)
    if any(d.is_error for d in own):
        analysis.pytier_found = own          # CPython stops at its first error
    else:
        analysis.pytier_found = [*analysis.pytier_found, *own]


def _inside(base: FileAnalysis, body: list[ast.stmt], edit: Edit) -> bool:
    """Does the edit lie within the statements of `body` (old positions)?"""
    source = base.source
    return bool(body) and source.span_of(body[0]).start <= edit.start and \
        edit.old_end <= source.span_of(body[-1]).end


def _take_out(base: FileAnalysis, records: list[BodyResult], span) -> list[tuple[Scope, int]]:
    """Remove what the bodies' checks added (all of it within the statement's
    `span`); answer where their scopes sat."""
    table = base.table
    symbols = {id(s) for r in records for s in r.symbols}
    table.symbols[:] = [s for s in table.symbols if id(s) not in symbols]
    remove_references(table, [x for r in records for x in r.references], span.start, span.end)
    places = []
    for r in records:
        if r.scope is None or r.scope.parent is None:
            places.append(None)
            continue
        parent = r.scope.parent
        i = next(k for k, ch in enumerate(parent.children) if ch is r.scope)
        del parent.children[i]
        places.append((parent, i))
        _unlink(r.scope)
    return places


def _unlink(scope: Scope) -> None:
    """Break the parent <-> children cycles of a dropped scope subtree, so
    reference counting frees it (no work left for the cyclic collector)."""
    stack = [scope]
    while stack:
        s = stack.pop()
        stack.extend(s.children)
        s.children = []
        s.parent = None


def _put_back_scopes(places, records: list[BodyResult]) -> None:
    """A new body's FN scope goes where the old one was among its siblings
    (the re-check appended it at the end), as a full analysis orders them."""
    # reversed: each place was taken from the list the previous removals left
    for place, record in reversed(list(zip(places, records))):
        if place is None or record.scope is None:
            continue
        parent, i = place
        children = record.scope.parent.children
        children.remove(record.scope)
        parent.children.insert(i, record.scope)


def _put_back_symbols(analysis: FileAnalysis, decls) -> None:
    """The table lists the declarations' symbols, then each body's locals in
    body order; the re-check appended the new locals at the end: they go
    back before the locals of the bodies that follow."""
    symbols = analysis.table.symbols
    new = sum(len(analysis.bodies[d].symbols) for d in decls)
    edited = set(decls)
    later = 0
    seen = False
    for decl, body in analysis.bodies.items():
        if decl in edited:
            seen = True
        elif seen:
            later += len(body.symbols)
    if later and new:
        at = len(symbols) - new - later
        symbols[at:at] = symbols[-new:]
        del symbols[-new:]


def _use_source(base: FileAnalysis) -> None:
    source = base.source
    ctx = base.context
    ctx.source = source
    ctx.spans = NodeSpans(source)
    base.decls.source = source
    declarer = getattr(ctx, "declarer", None)
    if declarer is not None:
        declarer.source = source


def _move_kept(base: FileAnalysis, edit: Edit) -> None:
    path = base.path
    move_table(base.table, edit)
    move_scopes(base.module_scope, edit)
    move_diagnostics(base.front_diags, path, edit)
    for record in base.bodies.values():
        move_diagnostics(record.diags, path, edit)
        move_diagnostics(record.ctx_diags, path, edit)
    if base.pytier_found is not None:
        if any(d.is_error for d in base.pytier_found):
            base.pytier_found = None      # an error's range may end inside the edited item
        else:
            move_diagnostics(base.pytier_found, path, edit)


def _recompute_enclosing(base: FileAnalysis, stmt: ast.stmt, decls) -> None:
    """Spans that enclose the edit: how they grow depends on the new text."""
    source = base.source
    span_of = source.span_of
    top = base.decls.decl_of(stmt)
    top.symbol.full_span = span_of(stmt)
    for decl in decls:
        decl.symbol.full_span = span_of(decl.node)
    if isinstance(stmt, K.StructDef) and decls and decls[0].scope is not None:
        scope = decls[0].scope
        span = top.symbol.full_span
        scope.start, scope.end = span.start, span.end
    base.module_scope.end = len(source.data)


__all__ = ["update"]
