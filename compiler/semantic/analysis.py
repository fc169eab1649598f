"""The analysis of one file: parse, bind (Python rules), declare (compiled
declarations), link imports, resolve Python names, check declarations and
`fn` bodies, specialise. The `Workspace` runs it and caches the result.

The host publishes the half-built analysis right after binding (before
imports are linked) so that modules importing each other in a cycle can
still see each other's names.
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.result import ParseResult
from ..syntax.source import SourceFile
from . import prelude
from .decl_checks import check_declarations, check_overloads
from .decls import Declarer, ModuleDecls, TraitDecl
from .hints import with_hints
from .imports import LinkResult, link_imports
from .instances import flatten, specialise
from .module_context import ModuleContext
from .py_resolve import PythonResolver, ResolveEnv
from .py_scopes import BindResult, PythonBinder
from .scopes import Scope, ScopeKind
from .stdlib_intrinsics import own_intrinsics
from .symbols import COMPILED, Symbol, SymbolKind, SymbolTable
from .bodies import BodyResult, check_body, top_level_bodies
from .typed_model import FnInstance, FnKey


@dataclass(eq=False)
class FileAnalysis:
    path: str
    parse: ParseResult
    table: SymbolTable
    module_scope: Scope
    module_symbol: Symbol
    decls: ModuleDecls
    context: ModuleContext
    bound: BindResult
    link: LinkResult | None = None
    instances: dict[FnKey, FnInstance] = field(default_factory=dict)    # concrete bodies checked here
    specialised: dict[FnKey, FnInstance] = field(default_factory=dict)  # generic ones reached from here
    checked: list[FnInstance] = field(default_factory=list)  # every body's first (generic) check
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = False
    # What an edit inside one body re-uses (incremental.py): the diagnostics of
    # everything but the bodies (None: this analysis cannot be a base), what
    # each top-level body's check added, and CPython's unfiltered verdict.
    front_diags: list[Diagnostic] | None = None
    bodies: dict[object, BodyResult] = field(default_factory=dict)
    pytier_found: list[Diagnostic] | None = None
    # An update in place that changed nothing another file sees of this one
    # (no generic body, whose specialisations importers check): importers of
    # the file keep their analyses.
    surface_kept: bool = False

    @property
    def source(self) -> SourceFile:
        return self.parse.source

    @property
    def names(self) -> dict[str, Symbol]:
        return self.bound.module.bindings

    def all_instances(self):
        for inst in [*self.instances.values(), *self.specialised.values()]:
            yield from flatten(inst)


def module_symbol_for(path: str) -> Symbol:
    name = os.path.splitext(os.path.basename(path))[0]
    return Symbol(name, SymbolKind.MODULE, path, None, COMPILED, module_path=path)


def declare(path: str, parsed: ParseResult, program) -> FileAnalysis:
    """Stage one: everything that needs no other module."""
    source = parsed.source
    table = SymbolTable(path)
    module_scope = Scope(ScopeKind.MODULE, 0, len(source.data))
    decls = ModuleDecls(path, source)
    declarer = Declarer(source, table, decls)
    bound = PythonBinder(source, table, module_scope, declarer).bind_module(parsed.module)
    ctx = ModuleContext(source, table, decls, module_scope, bound.module.bindings, program)
    ctx.declarer = declarer
    analysis = FileAnalysis(path, parsed, table, module_scope, module_symbol_for(path), decls,
                            ctx, bound)
    analysis.module_symbol.doc = ast.get_docstring(parsed.module) if parsed.module.body else None
    return analysis


def complete(analysis: FileAnalysis, resolve_import, program, namespace=None) -> FileAnalysis:
    """Stage two: imports, Python names, compiled declarations and bodies."""
    diags: list[Diagnostic] = list(analysis.parse.diagnostics)
    diags.extend(analysis.bound.diagnostics)
    diags.extend(analysis.decls.diagnostics)
    link = link_imports(analysis.bound.imports, resolve_import, analysis.table, namespace)
    link.star_exports = {**own_intrinsics(analysis.path), **link.star_exports}
    analysis.link = link
    diags.extend(link.diagnostics)
    ctx = analysis.context
    ctx.star_exports = link.star_exports
    env = resolve_env(analysis, program)
    diags.extend(PythonResolver(analysis.bound, analysis.table, env, analysis.source).run())
    diags.extend(check_declarations(ctx))
    diags.extend(ctx.diags)
    ctx.diags.clear()
    check_overloads(ctx, diags)
    analysis.front_diags = diags
    for fn in top_level_bodies(analysis.decls):
        analysis.bodies[fn] = check_body(ctx, fn)
    return finish(analysis, program)


def resolve_env(analysis: FileAnalysis, program) -> ResolveEnv:
    """What resolving this file's Python names needs from outside it (also
    used when an update resolves one def again, py_bodies.py)."""
    link = analysis.link
    return ResolveEnv(builtin=prelude.python_tier_builtin, star_exports=link.star_exports,
                      unknown_star=link.unknown_star or analysis.bound.dynamic_globals,
                      module_exports=lambda sym: _exports_of(sym, program))


def finish(analysis: FileAnalysis, program) -> FileAnalysis:
    """Stage three, after the bodies: the instances they produced,
    specialisation, CPython's own compile check, the final diagnostics list.
    Incremental updates (incremental.py) re-run it after re-checking a body."""
    ctx = analysis.context
    diags: list[Diagnostic] = list(analysis.front_diags)
    analysis.instances, analysis.checked = {}, []
    for body in analysis.bodies.values():
        diags.extend(body.diags)
        if body.instance is not None:
            analysis.checked.append(body.instance)
            if not body.decl.all_comptime:
                analysis.instances[body.instance.key] = body.instance
    for body in analysis.bodies.values():
        diags.extend(body.ctx_diags)
    reported = {(d.code, d.span.start) for d in diags}
    known = set(analysis.instances)
    done, spec_diags = specialise(list(analysis.instances.values()), program.context, known, reported)
    analysis.specialised = done
    diags.extend(spec_diags)
    diags.extend(ctx.diags)
    ctx.diags.clear()
    if not _is_stdlib(analysis.path):
        diags.extend(_python_tier(analysis, diags))
    analysis.diagnostics = with_hints(_dedupe(diags))
    analysis.complete = True
    return analysis


def _python_tier(analysis: FileAnalysis, reported: list[Diagnostic]) -> list[Diagnostic]:
    """What CPython's compiler rejects (K0553) or warns about (K0554) when
    `kiln run` compiles the file: `kiln check` and the editor say it first.
    The unfiltered verdict is kept: an edit inside an `fn` body cannot change
    it (the lowering replaces a declaration by one assignment), so an update
    re-uses it, moved, and only re-applies the filter."""
    from ..pytier.compile_check import python_tier_diagnostics
    if not analysis.parse.ok:
        return []        # CPython's check needs a clean tree; keep the last clean verdict
    if analysis.pytier_found is None:
        analysis.pytier_found = python_tier_diagnostics(analysis.parse, ())
    source = analysis.source
    # as python_tier_diagnostics does with `reported`: CPython's wording of an
    # error already reported on that line is dropped
    taken = {source.position(d.span.start).line for d in reported
             if d.is_error and d.span.file == source.path}
    return [d for d in analysis.pytier_found
            if d.code != "K0553" or source.position(d.span.start).line not in taken]


def too_deep(parsed: ParseResult) -> ParseResult:
    """A parse result whose tree is too deep to analyse: an empty module and
    one diagnostic, so the file still gets an answer instead of a crash."""
    import ast as _ast
    from ..syntax.source import Span
    module = _ast.Module(body=[], type_ignores=[])
    diag = make.error("K0900", Span(parsed.source.path, 0, 0),
                      "this file nests expressions or blocks too deeply to be checked",
                      hint="split the deepest expression into several statements")
    return ParseResult(parsed.source, module, [*parsed.diagnostics, diag])


def _exports_of(sym: Symbol, program) -> dict[str, Symbol] | None:
    target = sym.resolved()
    if target.kind is not SymbolKind.MODULE or target.tier != COMPILED or not target.module_path:
        return None
    from .entities import ModuleRef
    return program.module_exports(ModuleRef(target.module_path, target.name))


def _dedupe(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen = set()
    out = []
    for d in diags:
        ident = (d.code, d.span.file, d.span.start, d.span.end, d.message)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(d)
    out.sort(key=lambda d: (d.span.file, d.span.start, d.code))
    return out


__all__ = ["FileAnalysis", "declare", "complete"]


def _is_stdlib(path: str) -> bool:
    """The compiled stdlib is trusted: its Python-tier compile check is skipped."""
    return path.startswith("<") or "/compiler/stdlib/" in path.replace("\\", "/")
