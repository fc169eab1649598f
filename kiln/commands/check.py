"""`kiln check FILE... [--format json]`: report diagnostics without running.

Diagnostics of each file and of the `.kiln` modules it imports are printed
rustc-style (or as JSON); the exit status is 1 if any is an error, 0
otherwise, and 2 (with one line on stderr) for a file that cannot be read.
Start-up matters here: nothing on this path imports llvmlite or pygls.
"""
from __future__ import annotations

import os
import sys


def main(args) -> int:
    from kiln.compiler.semantic import FileSystemLoader, Workspace
    from kiln.compiler.semantic.program import program_diagnostics

    paths = []
    for name in args.files:
        if not os.path.isfile(name):
            print(f"kiln check: {name}: no such file", file=sys.stderr)
            return 2
        paths.append(os.path.normpath(name))
    ws = Workspace(FileSystemLoader())
    for path in paths:
        text = _read(path)
        if text is None:
            print(f"kiln check: {path}: cannot read the file", file=sys.stderr)
            return 2
        ws.set_file(path, text)
    diags, seen = [], set()
    for path in paths:
        for d in program_diagnostics(ws, path):
            ident = (d.code, d.span.file, d.span.start, d.message)
            if ident not in seen and not _is_stdlib(d.span.file):
                seen.add(ident)
                diags.append(d)
    sources = {p: ws.source(p) for p in {d.span.file for d in diags}}
    if getattr(args, "format", "human") == "json":
        from kiln.compiler.diagnostics.render import to_json
        print(to_json(diags, sources))
    else:
        _print_human(diags, sources)
    return 1 if any(d.is_error for d in diags) else 0


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


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return data.decode("utf-8", errors="surrogateescape")


def _is_stdlib(path: str) -> bool:
    return path.startswith("<") or "/compiler/stdlib/" in path.replace("\\", "/")
