"""`kiln build FILE [-o OUT] [-O0..-O3] [-g] [--emit exe|obj|asm|llvm]`:
ahead-of-time compile a program whose entry is `fn main()`.

-O3 is the default; `-g` keeps DWARF (always on at -O0), so gdb can break on
`file.kiln:LINE`. The executable links only against libc (and libm)."""
from __future__ import annotations

import os
import sys


def main(args) -> int:
    path = args.file
    if not os.path.isfile(path):
        print(f"kiln build: {path}: no such file", file=sys.stderr)
        return 2
    opt = args.opt if args.opt is not None else 3
    debug = bool(args.debug_info) or opt == 0
    from kiln.compiler.native.link import LinkError
    from kiln.compiler.native.standalone import build
    try:
        diags, output = build(path, args.output, opt_level=opt, debug=debug, emit=args.emit,
                              fast_math=args.fast_math)
    except LinkError as exc:
        print(f"kiln build: error[K0603]: {exc}", file=sys.stderr)
        return 1
    if diags:
        _print(diags)
        return 1 if any(d.is_error for d in diags) else 0
    return 0


def _print(diags) -> None:
    from kiln.compiler.diagnostics.render import render
    from kiln.compiler.syntax.source import SourceFile
    sources: dict[str, SourceFile] = {}
    for d in diags:
        source = sources.get(d.span.file)
        if source is None:
            with open(d.span.file, encoding="utf-8", errors="replace") as f:
                source = sources[d.span.file] = SourceFile(d.span.file, f.read())
        print(render(d, source), file=sys.stderr)
        print(file=sys.stderr)
