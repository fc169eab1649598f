"""`kiln ast FILE [--python] [--no-positions]`: dump a syntax tree.

Without `--python`: the Kiln tree (CPython nodes plus Kiln's), indented.
With `--python`: `ast.dump()` of the Python-tier lowering on one line, which
for a pure-Python file is exactly what `ast.dump(ast.parse(text),
include_attributes=True)` prints (`--no-positions`: without attributes).
The text is `ast.dump`'s, written by tree_dump.py in linear time (deeply
nested code would take minutes with `ast.dump` itself).
Syntax errors go to stderr rustc-style and exit 1.
"""
from __future__ import annotations

import sys

from ..cli import UsageError


def main(args) -> int:
    from ..compiler.pytier.compile_unit import parse_source
    from ..compiler.pytier.lowering import lower_module
    from ..compiler.pytier.source_reading import SourceReadError, read_source
    from ..compiler.pytier.tree_dump import dump

    try:
        text = read_source(args.file)
    except SourceReadError as exc:
        raise UsageError(str(exc)) from None
    sources = {args.file: text.source}
    if text.diagnostics:
        return _fail(text.diagnostics, sources)
    parsed = parse_source(text.source)
    errors = [d for d in parsed.diagnostics if d.is_error]
    positions = not args.no_positions
    if not args.python:
        print(dump(parsed.module, indent=2, include_attributes=positions))
        return _fail(errors, sources) if errors else 0
    if errors:
        return _fail(errors, sources)
    lowered = lower_module(parsed.module, text.source)
    if not lowered.ok:
        return _fail(lowered.diagnostics, sources)
    print(dump(lowered.tree, include_attributes=positions))
    return 0


def _fail(diagnostics, sources) -> int:
    """On stderr, as `kiln check` prints them (relative paths, the count last)."""
    from ..compiler.pytier.rendering import render_diagnostics, summary
    print(render_diagnostics(diagnostics, sources, relative=True), file=sys.stderr)
    print(file=sys.stderr)
    print(summary(diagnostics), file=sys.stderr)
    return 1
