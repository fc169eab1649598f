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

import builtins
import os
import sys
import types
from dataclasses import dataclass
from typing import Sequence, TextIO

from .checking import ensure_checked, take_tree
from .compile_unit import CompiledModule, compile_module
from .import_hook import KilnLoader, install
from .module_locator import importer_search_path
from .native_provider import NativeOptions
from .rendering import render_diagnostics
from .session import SESSION
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
    errors: str = ""


def run_program(request: RunRequest, stderr: TextIO | None = None) -> int:
    """Run the program; returns the exit status. Raises `SourceReadError` if
    the file cannot be read, and lets `SystemExit` from the program through."""
    stderr = stderr or sys.stderr
    path = os.path.abspath(request.path)
    # Before checking: imports must resolve as they will when the program runs.
    # (With -P / PYTHONSAFEPATH, python3 adds no script directory; neither do we.)
    if not sys.flags.safe_path:
        sys.path[0:1] = [os.path.dirname(os.path.realpath(path))]
    prepared = _prepare(path, request)
    if prepared.errors:
        print(prepared.errors, file=stderr)
        return EXIT_ERRORS
    module = _main_module(path, prepared.compiled)
    sys.argv = [request.path, *request.args]
    frames = FrameFilter((_COMPILER_DIR, *request.internal_dirs))
    return _execute(module, prepared, None if request.show_internal_frames else frames)


def _prepare(path: str, request: RunRequest) -> _Prepared:
    text = read_source(path)
    if text.diagnostics:
        return _Prepared(CompiledModule(text.source), render_diagnostics(text.diagnostics, {path: text.source}))
    install(scan_sys_path=True)
    SESSION.native_options = request.native_options
    failed = ensure_checked(text.source)
    if failed is not None:
        return _Prepared(CompiledModule(text.source), render_diagnostics(failed.errors, failed.sources))
    compiled = compile_module(text.source, module_name="__main__", tree=take_tree(text.source),
                              search_path=importer_search_path(path), options=request.native_options,
                              cache=SESSION.cache)
    if not compiled.ok:
        errors = [d for d in compiled.diagnostics if d.is_error]
        return _Prepared(compiled, render_diagnostics(errors, {path: text.source}))
    return _Prepared(compiled)


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
        if prepared.compiled.defines_main:
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
