"""`kiln check PATH... [--format json]`: report diagnostics without running.

Each PATH is a `.kiln` file or a directory (every `.kiln` file under it,
recursively, in sorted order: `kiln/source_files.py` decides which). Diagnostics of
each file and of the `.kiln` modules it imports are printed rustc-style (or as
JSON), each once however many ways its file was named, with paths relative to
the current directory when the file is under it. Files are decoded the way
`kiln run` decodes them: one that is not valid UTF-8 gets K0552. The exit
status is 1 if any diagnostic is an error, 0 otherwise, and 2 (with one line
on stderr) for a path that does not exist or cannot be read.
Start-up matters here: nothing on this path imports llvmlite or pygls.
"""
from __future__ import annotations

import dataclasses
import os
import sys


class _Unreadable(Exception):
    pass


def main(args) -> int:
    from kiln.compiler.semantic import FileSystemLoader, Workspace
    from kiln.compiler.semantic.program import program_diagnostics

    from kiln.source_files import SourcePathError, collect_sources

    try:
        collected = collect_sources(args.files)
    except SourcePathError as exc:
        print(f"kiln check: {exc}", file=sys.stderr)
        return 2
    for folder in collected.empty_dirs:
        print(f"kiln check: {folder}: no .kiln files in this directory", file=sys.stderr)
    paths = list(collected.files)
    ws = Workspace(FileSystemLoader())
    decode_errors: dict[str, list] = {}
    sources = {}
    for path in paths:
        try:
            loaded = _read(path)
        except _Unreadable:
            print(f"kiln check: {_display(path)}: cannot read the file", file=sys.stderr)
            return 2
        if loaded.diagnostics:
            decode_errors[path] = list(loaded.diagnostics)
            sources[path] = loaded.source
        else:
            ws.set_file(path, loaded.source.text)
    diags, seen = [], set()
    for path in paths:
        found = decode_errors.get(path) or program_diagnostics(ws, path)
        for d in found:
            ident = (d.code, d.span.file, d.span.start, d.message)
            if ident not in seen and not _is_stdlib(d.span.file):
                seen.add(ident)
                diags.append(d)
    for file in {d.span.file for d in diags} - sources.keys():
        sources[file] = ws.source(file)
    shown = [_displayed(d) for d in diags]
    shown_sources = {_display(p): dataclasses.replace(s, path=_display(p)) for p, s in sources.items()}
    if getattr(args, "format", "human") == "json":
        from kiln.compiler.diagnostics.render import to_json
        print(to_json(shown, shown_sources))
    else:
        _print_human(shown, shown_sources)
    return 1 if any(d.is_error for d in diags) else 0


def _read(path: str):
    from kiln.compiler.pytier.source_reading import SourceReadError, read_source
    try:
        return read_source(path)
    except SourceReadError:
        raise _Unreadable(path) from None


def _display(path: str) -> str:
    """rustc's convention: relative to the current directory when under it."""
    if path.startswith("<"):
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith(os.pardir) else rel


def _displayed(diag):
    def span(s):
        return dataclasses.replace(s, file=_display(s.file)) if s is not None else None
    notes = tuple(dataclasses.replace(n, span=span(n.span)) for n in diag.notes)
    return dataclasses.replace(diag, span=span(diag.span), notes=notes)


def _print_human(diags, sources) -> None:
    from kiln.compiler.diagnostics.render import render
    for d in diags:
        print(render(d, sources[d.span.file]))
        print()
    errors = sum(1 for d in diags if d.is_error)
    warnings = len(diags) - errors
    if diags:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' * (errors != 1)}")
        if warnings:
            parts.append(f"{warnings} warning{'s' * (warnings != 1)}")
        print(", ".join(parts), file=sys.stderr)


def _is_stdlib(path: str) -> bool:
    return path.startswith("<") or "/compiler/stdlib/" in path.replace("\\", "/")
