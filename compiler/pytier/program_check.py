"""Checking a program before it runs: the entry file and the `.kiln` modules
it imports (transitively), found the way the import hook will find them.

The semantic model does no I/O, so this module is the driver that reads the
files: it parses each one to follow its imports (import_graph.py), then hands
all texts to `kiln.compiler.semantic.check_program(files, entry)`, which
reports syntax and semantic diagnostics. Only errors stop a run; warnings are
`kiln check`'s and the editor's business (a Python program's stderr stays its
own). A passed check is remembered on disk (code_cache.py).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile
from .compile_unit import parse_source
from .import_graph import ImportRequest, import_requests, resolve
from .source_reading import SourceReadError, read_source, text_digest


@dataclass(frozen=True)
class CheckedFile:
    """One file of the program and what its imports resolved to."""

    path: str
    digest: str
    requests: tuple[ImportRequest, ...]
    resolved: tuple[str, ...]       # the .kiln files its import statements load


@dataclass
class ProgramCheck:
    entry: str
    scan_sys_path: bool
    files: list[CheckedFile] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)    # by absolute path
    trees: dict[str, ast.Module] = field(default_factory=dict)      # files that parsed
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def tree_of(self, path: str) -> ast.Module | None:
        return self.trees.get(path)

    def checked_trees(self) -> dict[tuple[str, str], ast.Module | None]:
        """(path, sha256 of text) -> parsed tree, for every file checked."""
        return {(f.path, f.digest): self.trees.get(f.path) for f in self.files}


def check_program_closure(entry_path: str, entry: SourceFile, *, scan_sys_path: bool) -> ProgramCheck:
    check = ProgramCheck(entry_path, scan_sys_path)
    syntax: list[Diagnostic] = []
    pending: list[SourceFile] = [entry]
    while pending:
        source = pending.pop(0)
        if source.path in check.sources:
            continue
        check.sources[source.path] = source
        parsed = parse_source(source)
        syntax.extend(parsed.diagnostics)
        if parsed.ok:
            check.trees[source.path] = parsed.module
        requests = tuple(import_requests(parsed.module))
        resolved = tuple(dict.fromkeys(
            loc.path for req in requests for loc in resolve(req, source.path, scan_sys_path=scan_sys_path)))
        check.files.append(CheckedFile(source.path, text_digest(source.text), requests, resolved))
        for path in resolved:
            if path not in check.sources:
                _queue(path, pending, syntax)
    check.diagnostics = _semantic_diagnostics(check, syntax)
    return check


def _queue(path: str, pending: list[SourceFile], diagnostics: list[Diagnostic]) -> None:
    try:
        text = read_source(path)
    except SourceReadError:
        return  # the import itself will fail with the OS's reason when it runs
    diagnostics.extend(text.diagnostics)
    if not text.diagnostics:
        pending.append(text.source)


def _semantic_diagnostics(check: ProgramCheck, syntax: list[Diagnostic]) -> list[Diagnostic]:
    """The semantic model re-reports the syntax errors itself; files that did
    not decode never reached it."""
    from ..semantic import check_program  # the checker loads only when a check runs
    texts = {path: src.text for path, src in check.sources.items()}
    decode_errors = [d for d in syntax if d.code == "K0552"]
    return decode_errors + list(check_program(texts, check.entry))
