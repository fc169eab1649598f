"""`kiln run FILE [ARGS]`: check, compile, and run a program as `__main__`.

Behaves like `python3 FILE ARGS` for the Python tier: `sys.argv` is
`[FILE, *ARGS]`, `sys.path[0]` is the file's (resolved) directory, the module
runs as `__main__` with the globals CPython gives a script, an uncaught
exception prints a traceback (through `sys.excepthook`) and exits 1,
`sys.exit(n)` is honoured, and KeyboardInterrupt exits 130.

After the top level, `main()` is called when the module defines `def main()`
/ `async def main()` / `fn main()` at its top level, as if the file ended with
`sys.exit(main())` (so `return 3` exits 3). A module that has its own
`if __name__ == "__main__":` block runs exactly as in Python: Kiln does not
call `main()` a second time.
"""
from __future__ import annotations

import ast
import builtins
import os
import sys
import types
from dataclasses import dataclass
from typing import Sequence, TextIO

from ..syntax import nodes as k
from .compile_unit import CompiledModule, compile_module
from .import_hook import SETTINGS, KilnLoader, install
from .module_locator import importer_search_path
from .native_provider import NativeOptions
from .program_check import check_program_closure, render_diagnostics
from .source_reading import read_source
from .tracebacks import FrameFilter

EXIT_ERRORS = 1
EXIT_INTERRUPTED = 130

_PYTIER_DIR = os.path.dirname(os.path.abspath(__file__))
_COMPILER_DIR = os.path.dirname(_PYTIER_DIR)


@dataclass(frozen=True)
class RunRequest:
    path: str                                   # as the user wrote it (becomes sys.argv[0])
    args: Sequence[str] = ()
    native_options: NativeOptions = NativeOptions()
    internal_dirs: tuple[str, ...] = ()          # more of Kiln's code to hide in tracebacks
    show_internal_frames: bool = False


@dataclass
class _Prepared:
    compiled: CompiledModule
    calls_main: bool
    errors: str = ""


def run_program(request: RunRequest, stderr: TextIO | None = None) -> int:
    """Run the program; returns the exit status. Raises `SourceReadError` if
    the file cannot be read, and lets `SystemExit` from the program through."""
    stderr = stderr or sys.stderr
    path = os.path.abspath(request.path)
    prepared = _prepare(path, request)
    if prepared.errors:
        print(prepared.errors, file=stderr)
        return EXIT_ERRORS
    module = _main_module(path, prepared.compiled)
    sys.argv = [request.path, *request.args]
    sys.path[0:1] = [os.path.dirname(os.path.realpath(path))]
    frames = FrameFilter((_COMPILER_DIR, *request.internal_dirs))
    return _execute(module, prepared, None if request.show_internal_frames else frames)


def _prepare(path: str, request: RunRequest) -> _Prepared:
    text = read_source(path)
    if text.diagnostics:
        return _Prepared(CompiledModule(text.source), False,
                         render_diagnostics(text.diagnostics, {path: text.source}))
    install(scan_sys_path=True)
    SETTINGS.native_options = request.native_options
    check = check_program_closure(path, text.source, scan_sys_path=True)
    if not check.ok:
        return _Prepared(CompiledModule(text.source), False,
                         render_diagnostics(check.errors, check.sources))
    SETTINGS.checked.update(check.checked_trees())
    tree = check.tree_of(path)
    compiled = compile_module(text.source, module_name="__main__", tree=tree,
                              search_path=importer_search_path(path), options=request.native_options)
    if not compiled.ok:
        errors = [d for d in compiled.diagnostics if d.is_error]
        return _Prepared(compiled, False, render_diagnostics(errors, {path: text.source}))
    return _Prepared(compiled, defines_main(tree))


def defines_main(tree: ast.Module) -> bool:
    """A top-level `def main`/`fn main`, and no `if __name__ == "__main__":` block."""
    has_main = any(isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, k.FnDef)) and s.name == "main"
                   for s in tree.body)
    return has_main and not any(_is_main_guard(s) for s in tree.body)


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    test = stmt.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], (ast.Eq, ast.Is)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(consts) == 1


def _main_module(path: str, compiled: CompiledModule) -> types.ModuleType:
    """`__main__` with the globals CPython gives a script run as `python3 FILE`."""
    module = types.ModuleType("__main__")
    namespace = module.__dict__
    namespace.update(__file__=path, __cached__=None, __builtins__=builtins,
                     __loader__=KilnLoader("__main__", path), __annotations__={})
    namespace.update(compiled.globals)
    sys.modules["__main__"] = module
    return module


def _execute(module: types.ModuleType, prepared: _Prepared, frames: FrameFilter | None) -> int:
    try:
        exec(prepared.compiled.code, module.__dict__)
        if prepared.calls_main:
            _call_main(module.__dict__["main"])
    except SystemExit:
        raise
    except BaseException as exc:  # the program's uncaught exception: report it as python does
        if frames is not None:
            frames.clean(exc)
        _report_uncaught(exc, frames)
        return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_ERRORS
    return 0


def _report_uncaught(exc: BaseException, frames: FrameFilter | None) -> None:
    """What CPython does with an exception that ends the program: record it
    for post-mortem debuggers, then `sys.excepthook` (the program may have
    replaced it; if the replacement fails, both tracebacks are shown)."""
    sys.last_type, sys.last_value, sys.last_traceback = type(exc), exc, exc.__traceback__
    try:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    except BaseException as hook_error:
        # CPython calls the hook outside any handler: no chaining to `exc`.
        if hook_error.__context__ is exc:
            hook_error.__context__ = None
        if frames is not None:
            frames.clean(hook_error)
        print("Error in sys.excepthook:", file=sys.stderr)
        sys.__excepthook__(type(hook_error), hook_error, hook_error.__traceback__)
        print("\nOriginal exception was:", file=sys.stderr)
        sys.__excepthook__(type(exc), exc, exc.__traceback__)


def _call_main(main) -> None:
    result = main()
    if isinstance(result, types.CoroutineType):  # `async def main()`
        import asyncio
        result = asyncio.run(result)
    if result is not None:
        raise SystemExit(result)
