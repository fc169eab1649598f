"""Checking a program before it runs: the entry file and the `.kiln` modules
it imports (transitively), found the way the import hook will find them.

The semantic model does no I/O, so this module is the driver that reads the
files: it parses each one to follow its imports, then hands all texts to
`kiln.compiler.semantic.check_program(files, entry)`, which reports syntax and
semantic diagnostics. Only errors stop a run; warnings are `kiln check`'s and
the editor's business (a Python program's stderr stays its own).
"""
from __future__ import annotations

import ast
import hashlib
import os
from dataclasses import dataclass, field
from typing import Iterator, Mapping, Sequence

from ..diagnostics.diagnostic import Diagnostic
from ..diagnostics.render import render
from ..syntax.source import SourceFile
from .compile_unit import parse_source
from .module_locator import ModuleLocation, find_in_dir, find_top_level
from .source_reading import SourceReadError, read_source


@dataclass
class ProgramCheck:
    entry: str
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
        return {(path, hashlib.sha256(src.text.encode("utf-8", "surrogatepass")).hexdigest()):
                self.trees.get(path) for path, src in self.sources.items()}


def check_program_closure(entry_path: str, entry: SourceFile, *, scan_sys_path: bool) -> ProgramCheck:
    check = ProgramCheck(entry_path)
    syntax: list[Diagnostic] = []
    pending: list[tuple[str, SourceFile]] = [(entry_path, entry)]
    while pending:
        path, source = pending.pop(0)
        if path in check.sources:
            continue
        check.sources[path] = source
        parsed = parse_source(source)
        syntax.extend(parsed.diagnostics)
        if parsed.ok:
            check.trees[path] = parsed.module
        for location in kiln_imports(parsed.module, path, scan_sys_path=scan_sys_path):
            if location.path not in check.sources:
                _queue(location.path, pending, syntax)
    checker = _semantic_checker()
    if checker is None:
        check.diagnostics = syntax
    else:
        texts = {path: src.text for path, src in check.sources.items()}
        decode_errors = [d for d in syntax if d.code == "K0552"]
        check.diagnostics = decode_errors + list(checker(texts, entry_path))
    return check


def _queue(path: str, pending: list, diagnostics: list[Diagnostic]) -> None:
    try:
        text = read_source(path)
    except SourceReadError:
        return  # the import itself will fail with the OS's reason when it runs
    diagnostics.extend(text.diagnostics)
    if not text.diagnostics:
        pending.append((path, text.source))


def _semantic_checker():
    from .. import semantic
    return getattr(semantic, "check_program", None)


def kiln_imports(tree: ast.Module, importer: str, *, scan_sys_path: bool) -> Iterator[ModuleLocation]:
    """The `.kiln` modules that the import statements of `importer` name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _dotted(alias.name.split("."), importer, scan_sys_path)
        elif isinstance(node, ast.ImportFrom):
            yield from _from_import(node, importer, scan_sys_path)


def _dotted(parts: Sequence[str], importer: str, scan_sys_path: bool) -> Iterator[ModuleLocation]:
    # The compiled stdlib is not followed: the semantic model knows it itself.
    location = find_top_level(parts[0], importer, scan_sys_path=scan_sys_path)
    yield from _descend(location, parts[1:])


def _descend(location: ModuleLocation | None, parts: Sequence[str]) -> Iterator[ModuleLocation]:
    """The package `location`, then each Kiln submodule named by `parts`."""
    for part in parts:
        if location is None:
            return
        yield location
        location = find_in_dir(location.package_dir, part) if location.is_package else None
    if location is not None:
        yield location


def _from_import(node: ast.ImportFrom, importer: str, scan_sys_path: bool) -> Iterator[ModuleLocation]:
    parts = node.module.split(".") if node.module else []
    if node.level == 0:
        chain = list(_dotted(parts, importer, scan_sys_path))
        last = chain[-1] if len(chain) == len(parts) else None
        package_dir = last.package_dir if last is not None else None
    else:
        package_dir = os.path.dirname(os.path.abspath(importer))
        for _ in range(node.level - 1):
            package_dir = os.path.dirname(package_dir)
        chain = []
        for part in parts:
            location = find_in_dir(package_dir, part) if package_dir else None
            if location is None:
                package_dir = None
                break
            chain.append(location)
            package_dir = location.package_dir
    yield from chain
    if package_dir is not None:  # `from pkg import sub` may name a submodule
        for alias in node.names:
            sub = find_in_dir(package_dir, alias.name)
            if sub is not None:
                yield sub


def render_diagnostics(diagnostics: Sequence[Diagnostic], sources: Mapping[str, SourceFile]) -> str:
    """rustc-style text of `diagnostics`, one block per diagnostic."""
    blocks = []
    for diag in diagnostics:
        source = sources.get(diag.span.file) or _load_for_render(diag.span.file)
        if source is None:
            blocks.append(f"{diag.span.file}: {diag.severity.value}[{diag.code}]: {diag.message}")
        else:
            blocks.append(render(diag, source))
    return "\n\n".join(blocks)


def _load_for_render(path: str) -> SourceFile | None:
    try:
        return read_source(path).source
    except SourceReadError:
        return None
