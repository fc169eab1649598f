"""The analysis host: file texts in, answers out, no I/O of its own.

Texts come from `set_file` (open editor buffers) or, for files the user did
not open (imported modules), from the injected loader. Each file's analysis
is cached until its text or the text of a module it imports (transitively)
changes; parses are cached by text, so re-checking after an edit of another
file costs no parsing. The editor queries live in `queries.py` and friends;
this class only forwards to them.
"""
from __future__ import annotations

import contextlib
import gc
import os
import sys

from ..syntax.result import ParseResult
from ..syntax.source import SourceFile
from .analysis import FileAnalysis, complete, declare, too_deep
from .imports import ModuleTarget
from .loader import MemoryLoader, ModuleLoader, ModuleLocation
from .program_context import ProgramContext, TargetInfo
from .stdlib_intrinsics import intrinsic_exports, stdlib_path
from .symbols import COMPILED, PYTHON, Symbol, SymbolKind


def _parse(text: str, path: str) -> ParseResult:
    from ..syntax.parser import parse
    return parse(text, path)


def _reparse(cached: tuple[str, ParseResult], text: str, path: str) -> ParseResult | None:
    """The previous parse with only the edited top-level statement parsed
    again (reparse.py), or None when the whole file must be parsed."""
    from .reparse import reparse
    try:
        return reparse(cached[1], cached[0], text, path)
    except Exception:  # never worse than a full parse
        return None


class Workspace:
    def __init__(self, loader: ModuleLoader | None = None, target: TargetInfo | None = None) -> None:
        self.loader = loader or MemoryLoader()
        self._open: dict[str, str] = {}
        self._disk: dict[str, str | None] = {}
        self._parses: dict[str, tuple[str, ParseResult]] = {}
        self._analyses: dict[str, FileAnalysis] = {}
        # The analysis of a file's previous text, while only that text changed:
        # an edit inside fn bodies updates it instead of starting over.
        self._bases: dict[str, FileAnalysis] = {}
        self._in_progress: dict[str, FileAnalysis] = {}
        self._rdeps: dict[str, set[str]] = {}
        # Importers of an edited file, kept until its new analysis says whether
        # what they see of it (its module-level symbols) survived the edit.
        self._held: dict[str, set[str]] = {}
        self._modules: dict[tuple, ModuleTarget] = {}
        self._namespaces: dict[str, dict[str, Symbol]] = {}
        self.program = ProgramContext(self._context_for, self._names_for, target)

    # -- texts ----------------------------------------------------------------------------
    def set_file(self, path: str, text: str) -> None:
        if self._open.get(path) == text:
            return
        known = path in self._open or path in self._analyses or self._disk.get(path) is not None
        self._open[path] = text
        self._invalidate(path, edited=True)
        if not known:
            self._invalidate_missing(path)

    def remove_file(self, path: str) -> None:
        if path in self._open:
            del self._open[path]
        self._disk.pop(path, None)
        self._invalidate(path)

    def invalidate(self, path: str) -> None:
        """The file changed on disk (and is not open): forget what was read."""
        self._disk.pop(path, None)
        self._invalidate(path)

    def files(self) -> list[str]:
        """The paths set with `set_file` (open or indexed by the editor)."""
        return sorted(self._open)

    def text(self, path: str) -> str | None:
        if path in self._open:
            return self._open[path]
        if path not in self._disk:
            self._disk[path] = self.loader.read_text(path)
        return self._disk[path]

    def _invalidate_missing(self, path: str) -> None:
        """A new file may be the module some analysed file could not find."""
        name = os.path.splitext(os.path.basename(path))[0]
        for k in [k for k in self._modules if k[1].split(".")[-1] == name]:
            del self._modules[k]      # it may shadow a Python module found before
        for other, analysis in list(self._analyses.items()):
            if analysis.link is not None and name in analysis.link.names:
                self._invalidate(other)

    def _invalidate(self, path: str, edited: bool = False) -> None:
        importers = self._importers(path)
        if edited and path not in importers and (path in self._held or path in self._analyses):
            # The edit may stay inside bodies: an update in place keeps every
            # symbol the importers linked to, so they are dropped only if the
            # edited file's next analysis is not such an update (_settle).
            self._held.setdefault(path, set()).update(importers)
            if path in self._analyses:
                self._bases[path] = self._analyses.pop(path)
            self._modules = {k: v for k, v in self._modules.items() if v.path != path}
            return
        self._held.pop(path, None)
        stack = [path]
        seen = set()
        while stack:
            p = stack.pop()
            if p in seen:
                continue
            seen.add(p)
            dropped = self._analyses.pop(p, None)
            if edited and p == path and dropped is not None:
                self._bases[p] = dropped
            elif not (edited and p == path):
                self._bases.pop(p, None)      # what it imports changed: start over
            stack.extend(self._rdeps.get(p, ()))
        self._modules = {k: v for k, v in self._modules.items() if v.path not in seen}

    def _importers(self, path: str) -> set[str]:
        """The files importing `path`, directly or not (itself if in a cycle)."""
        found: set[str] = set()
        stack = list(self._rdeps.get(path, ()))
        while stack:
            p = stack.pop()
            if p not in found:
                found.add(p)
                stack.extend(self._rdeps.get(p, ()))
        return found

    def _settle(self) -> None:
        """Analyse each edited file whose importers are held; drop those
        importers unless its analysis was an update that kept its surface."""
        while self._held:
            path, importers = self._held.popitem()
            analysis = self.analysis(path)
            if analysis is None or not analysis.surface_kept:
                for p in importers:
                    self._invalidate(p)

    # -- analyses ---------------------------------------------------------------------------
    def syntax(self, path: str) -> ParseResult | None:
        text = self.text(path)
        if text is None:
            return None
        cached = self._parses.get(path)
        if cached is not None and cached[0] == text:
            return cached[1]
        with _gc_paused():
            parsed = _reparse(cached, text, path) if cached is not None else None
            if parsed is None:
                parsed = _parse(text, path)
        self._parses[path] = (text, parsed)
        return parsed

    def source(self, path: str) -> SourceFile | None:
        parsed = self.syntax(path)
        return parsed.source if parsed else None

    def analysis(self, path: str) -> FileAnalysis | None:
        if self._held and not self._in_progress:
            self._settle()
        done = self._analyses.get(path)
        if done is not None:
            return done
        if path in self._in_progress:
            return self._in_progress[path]
        parsed = self.syntax(path)
        if parsed is None:
            return None
        updated = self._update(path, parsed)
        if updated is not None:
            self._analyses[path] = updated
            return updated
        with _gc_paused(), _deep_trees():
            try:
                analysis = declare(path, parsed, self.program)
            except RecursionError:
                parsed = too_deep(parsed)
                analysis = declare(path, parsed, self.program)
            self._in_progress[path] = analysis
            try:
                complete(analysis, lambda name, level: self._resolve_import(path, name, level),
                         self.program, lambda name, names: self._namespace(path, name, names))
            except RecursionError:
                analysis.diagnostics = too_deep(parsed).diagnostics
                analysis.complete = True
                analysis.front_diags = None       # never a base for an update
            finally:
                del self._in_progress[path]
        for dep in analysis.link.deps if analysis.link else ():
            self._rdeps.setdefault(dep, set()).add(path)
        self._analyses[path] = analysis
        return analysis

    def _update(self, path: str, parsed: ParseResult) -> FileAnalysis | None:
        """The previous analysis of `path` brought to `parsed` when the edit
        stayed inside fn bodies (incremental.py), else None."""
        base = self._bases.pop(path, None)
        if base is None:
            return None
        if base.parse is parsed:
            base.surface_kept = True      # the text came back to what was analysed
            return base
        from .incremental import update
        with _gc_paused(), _deep_trees():
            self._in_progress[path] = base     # its context is the one being updated
            try:
                return update(base, parsed, self.program)
            except Exception:  # never worse than analysing the file again
                return None
            finally:
                del self._in_progress[path]

    def diagnostics(self, path: str):
        analysis = self.analysis(path)
        if analysis is None:
            return []
        own = [d for d in analysis.diagnostics if d.span.file == path]
        from . import import_fixes
        return import_fixes.with_sibling_imports(self, analysis, own)

    # -- modules for imports --------------------------------------------------------------------
    def _resolve_import(self, importer: str, name: str, level: int) -> ModuleTarget | None:
        key = (os.path.dirname(importer), name, level)
        cached = self._modules.get(key)
        if cached is not None:
            return cached
        loc = self._open_module(name, importer, level) or self.loader.find_module(name, importer, level)
        if loc is None:
            return None
        target = self._target(loc.name, loc.path, loc.kind, importer)
        if target is not None:
            self._modules[key] = target
        return target

    def _open_module(self, name: str, importer: str, level: int) -> ModuleLocation | None:
        """An open (maybe unsaved) `.kiln` file beside the importer wins over the disk."""
        if not name:
            return None
        base = os.path.dirname(importer)
        for _ in range(max(0, level - 1)):
            base = os.path.dirname(base)
        candidate = os.path.join(base, *name.split(".")) + ".kiln"
        if candidate in self._open:
            return ModuleLocation(name, candidate, "kiln")
        return None

    def _target(self, name: str, path: str | None, kind: str, importer: str) -> ModuleTarget | None:
        if kind in ("kiln", "stdlib") and path is not None:
            if path == importer:
                return None
            analysis = self.analysis(path)
            if analysis is None:
                return None
            sym = analysis.module_symbol
            sym.name = name.split(".")[-1]
            return ModuleTarget(name, sym, "kiln" if kind == "kiln" else "stdlib", path,
                                _module_names(analysis), _literal_all(analysis))
        if kind == "stdlib":
            vpath = stdlib_path(name)
            sym = Symbol(name, SymbolKind.MODULE, vpath, None, COMPILED, module_path=vpath)
            return ModuleTarget(name, sym, "stdlib", vpath, intrinsic_exports(name))
        sym = Symbol(name.split(".")[0], SymbolKind.MODULE, path or "<python>", None, PYTHON,
                     module_path=path)
        return ModuleTarget(name, sym, "python", path, None)

    def _namespace(self, importer: str, name: str, names: dict[str, Symbol]) -> Symbol:
        """A folder of modules imported as a package (`import shapes.square`)."""
        vpath = f"<namespace>{os.path.join(os.path.dirname(importer), *name.split('.'))}"
        merged = self._namespaces.setdefault(vpath, {})
        merged.update(names)
        return Symbol(name.split(".")[-1], SymbolKind.MODULE, vpath, None, COMPILED, module_path=vpath)

    def _context_for(self, path: str):
        analysis = self._analyses.get(path) or self._in_progress.get(path)
        if analysis is None and not path.startswith("<"):
            analysis = self.analysis(path)
        return analysis.context if analysis is not None else None

    def _names_for(self, path: str):
        if path.startswith("<namespace>"):
            return self._namespaces.get(path, {})
        if path.startswith("<stdlib>/"):
            return intrinsic_exports(path[len("<stdlib>/"):])
        analysis = self._analyses.get(path) or self._in_progress.get(path)
        if analysis is None:
            analysis = self.analysis(path)
        return _module_names(analysis) if analysis is not None else None

    # -- the typed model ---------------------------------------------------------------------------
    def typed_program(self, entry: str):
        from .typed_program import build_typed_program_from
        return build_typed_program_from(self, entry)

    def analysed_paths(self) -> list[str]:
        return list(self._analyses)

    def indexed_paths(self) -> list[str]:
        """User files the workspace knows (set or read), without the stdlib."""
        paths = dict.fromkeys([*self._open, *self._analyses])
        return [p for p in paths if not p.startswith("<") and not _is_stdlib(p)]

    # -- editor queries (each forwards to its module) ---------------------------------------------
    def definition(self, path: str, offset: int):
        from . import navigation
        return navigation.definition(self, path, offset)

    def type_definition(self, path: str, offset: int):
        from . import navigation
        return navigation.type_definition(self, path, offset)

    def references(self, path: str, offset: int, include_declaration: bool = True):
        from . import navigation
        with _gc_paused():
            return navigation.references(self, path, offset, include_declaration)

    def document_highlights(self, path: str, offset: int):
        from . import navigation
        return navigation.document_highlights(self, path, offset)

    def prepare_rename(self, path: str, offset: int):
        from . import navigation
        return navigation.prepare_rename(self, path, offset)

    def rename(self, path: str, offset: int, new_name: str):
        from . import navigation
        return navigation.rename(self, path, offset, new_name)

    def document_symbols(self, path: str):
        from . import outline
        return outline.document_symbols(self, path)

    def workspace_symbols(self, query: str):
        from . import outline
        with _gc_paused():
            return outline.workspace_symbols(self, query)

    def semantic_tokens(self, path: str):
        from . import outline
        with _gc_paused():
            return outline.semantic_tokens(self, path)

    def completions(self, path: str, offset: int):
        from . import completion
        return completion.completions(self, path, offset)

    def members_of(self, path: str, offset: int):
        from . import completion
        return completion.members_of(self, path, offset)

    def hover(self, path: str, offset: int):
        from . import hover
        return hover.hover(self, path, offset)

    def inlay_hints(self, path: str, start: int = 0, end: int | None = None):
        from . import hover
        with _gc_paused():
            return hover.inlay_hints(self, path, start, end)

    def signature_help(self, path: str, offset: int):
        from . import signature_help
        return signature_help.signature_help(self, path, offset)


@contextlib.contextmanager
def _deep_trees():
    """Expressions nest as deep as the user writes them (a 3,000-term sum is a
    3,000-deep tree); the walks recurse once per level, in pure Python calls,
    which CPython 3.11 runs without growing the C stack."""
    limit = sys.getrecursionlimit()
    if limit < 30000:
        sys.setrecursionlimit(30000)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


@contextlib.contextmanager
def _gc_paused():
    """An analysis allocates ~100k long-lived objects in a burst; the cyclic
    collector would rescan them many times over (half the time of a check).
    It resumes afterwards and reclaims replaced analyses then."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _is_stdlib(path: str) -> bool:
    return "/compiler/stdlib/" in path.replace("\\", "/")


def _module_names(analysis: FileAnalysis) -> dict[str, Symbol]:
    """What a module exports. A stdlib module written in Kiln
    (compiler/stdlib/<m>.kiln) also has its built-in names; the file wins."""
    if not _is_stdlib(analysis.path):
        return analysis.names
    name = os.path.splitext(os.path.basename(analysis.path))[0]
    return {**intrinsic_exports(name), **analysis.names}


def _literal_all(analysis: FileAnalysis) -> list[str] | None:
    import ast
    for stmt in analysis.parse.module.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__"
                                                for t in stmt.targets):
            if isinstance(stmt.value, (ast.List, ast.Tuple)) and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in stmt.value.elts):
                return [e.value for e in stmt.value.elts]
    return None


__all__ = ["Workspace"]
