"""The Python tier's compile-time diagnostics, as a pure function.

CPython's compiler rejects some code that its parser accepts: a duplicate
argument, `await` outside a function, `x = *a`, a repeated keyword argument,
a late `from __future__`, `import *` inside a function, assigning to
`__debug__`, an irrefutable `case` before others, ... `kiln run` meets them
when it compiles a module; `kiln check` and the editor must report the same
errors without running anything, so the semantic model calls
`python_tier_diagnostics` on every file that parsed cleanly.

    parsed tree -> lowering (K0551: compiled-tier code inside a def/class)
                -> compile(..., dont_inherit=True)   (K0553 error, K0554 warnings)

No I/O: the code is compiled under a file name that is never on disk, so
CPython does not read the file to quote the line (the span is ours anyway).
Layering: this module uses compiler/syntax and compiler/diagnostics only; it
must never import compiler/semantic (the semantic model imports it).
"""
from __future__ import annotations

import ast
from typing import Iterable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.result import ParseResult
from ..syntax.source import SourceFile, Span
from .compile_warnings import CompileWarning, compile_recording

# Not a path: CPython opens a real file name to quote the offending line.
CHECK_FILENAME = "<kiln check>"

_HINT = "CPython's compiler rejects this code (the parser accepts it); `kiln run` would stop here"


def python_tier_diagnostics(parsed: ParseResult, reported: Iterable[Diagnostic] = ()) -> list[Diagnostic]:
    """What the Python tier reports when it compiles this file: lowering
    errors (K0551), CPython's first compile error (K0553: CPython stops at
    one) and its compile-time warnings (K0554). Empty for a file with syntax
    errors: those come first, and the lowering needs a clean tree.

    `reported`: the diagnostics the caller already has for this file. A K0553
    on a line where one of those errors starts is dropped: it is CPython's
    wording of the same mistake (`'return' outside function` next to K0382,
    `no binding for nonlocal` next to K0106, ...)."""
    if not parsed.ok:
        return []
    from .lowering import lower_module  # not on `kiln run`'s cached path, which imports this module
    lowered = lower_module(parsed.module, parsed.source)
    if not lowered.ok:
        return list(lowered.diagnostics)
    found = compile_diagnostics(lowered.tree, parsed.source)
    source = parsed.source
    taken = {source.position(d.span.start).line for d in reported
             if d.is_error and d.span.file == source.path}
    return [d for d in found if d.code != "K0553" or source.position(d.span.start).line not in taken]


def compile_diagnostics(tree: ast.Module, source: SourceFile) -> list[Diagnostic]:
    """CPython's verdict on a lowered tree, as diagnostics in `source`."""
    try:
        _code, warned = compile_recording(tree, CHECK_FILENAME)
    except SyntaxError as exc:
        return [syntax_error_diagnostic(exc, source)]
    except RecursionError:
        return [too_deep_diagnostic(source)]
    except (ValueError, TypeError) as exc:  # CPython's AST validator: a Kiln bug
        return [make.error("K0900", source.span(0, 0),
                           f"internal error: the Python-tier lowering built an invalid tree ({exc})",
                           hint="this is a bug in Kiln; please report it with this file")]
    return [warning_diagnostic(w, source) for w in warned]


def syntax_error_diagnostic(exc: SyntaxError, source: SourceFile) -> Diagnostic:
    """A `SyntaxError` raised by `compile()` of a tree. Its columns are the
    tree's, i.e. UTF-8 byte offsets + 1 (not characters, as for source text)."""
    line = max(1, min(exc.lineno or 1, source.line_count))
    start = _byte_offset(source, line, exc.offset)
    end = start
    if exc.end_lineno and exc.end_offset:
        end = _byte_offset(source, min(exc.end_lineno, source.line_count), exc.end_offset)
    return make.error("K0553", Span(source.path, start, max(start, end)), exc.msg, hint=_HINT)


def too_deep_diagnostic(source: SourceFile) -> Diagnostic:
    return make.error("K0553", source.span(0, 0), "the code is nested too deeply for CPython to compile",
                      hint="split the deeply nested expression or statement into smaller pieces")


def warning_diagnostic(warning: CompileWarning, source: SourceFile) -> Diagnostic:
    """CPython gives a compile warning a line only: the span is that line's code."""
    line = max(1, min(warning.lineno or 1, source.line_count))
    text = source.line_text(line)
    indent = len(text) - len(text.lstrip())
    start = source.line_start(line) + len(text[:indent].encode("utf-8", "surrogatepass"))
    end = source.line_start(line) + len(text.rstrip().encode("utf-8", "surrogatepass"))
    return make.warning("K0554", source.span(start, max(start, end)),
                        f"{warning.category}: {warning.message}",
                        hint="CPython warns about this line each time the module is compiled")


def _byte_offset(source: SourceFile, line: int, offset: int | None) -> int:
    line_bytes = len(source.line_text(line).encode("utf-8", "surrogatepass"))
    column = max(0, min((offset or 1) - 1, line_bytes))
    return source.offset(line, column)
