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

Unlike python3, which compiles a module when its import runs, Kiln checks
the whole program (the entry file and every `.kiln` module it imports) before
anything runs, as a compiler does: an error in an imported module stops the
run even when that import sits inside `try: ... except ImportError:`.

Two ways to run, same behaviour: with `RunRequest(top_level=True)` (what
`kiln run` uses when it can, see top_level.py) the program is started by
the interpreter's top level with no Kiln frame under it, and `run_program`
never returns once the program starts (the process ends with it); otherwise
it runs in process under the runner's frames (hidden from tracebacks only)
and `run_program` returns the exit status.
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
from .rendering import render_diagnostics, summary
from .session import SESSION
from .source_reading import read_source
from .tracebacks import FrameFilter
from .uncaught import EXIT_ERRORS, report_uncaught

_PYTIER_DIR = os.path.dirname(os.path.abspath(__file__))
_COMPILER_DIR = os.path.dirname(_PYTIER_DIR)


@dataclass(frozen=True)
class RunRequest:
    path: str                                   # as the user wrote it (becomes sys.argv[0])
    args: Sequence[str] = ()
    native_options: NativeOptions = NativeOptions()
    internal_dirs: tuple[str, ...] = ()          # more of Kiln's code to hide in tracebacks
    show_internal_frames: bool = False
    top_level: bool = False                      # hand the program to the interpreter (top_level.py)


@dataclass
class _Prepared:
    compiled: CompiledModule
    errors: str = ""


def run_program(request: RunRequest, stderr: TextIO | None = None) -> int:
    """Run the program; returns the exit status. Raises `SourceReadError` if
    the file cannot be read, and lets `SystemExit` from the program through.
    With `request.top_level`, returns only if the program cannot start
    (diagnostics): otherwise raises `top_level.HandOver`, which must reach
    the interpreter's top level."""
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
    internal_dirs = (_COMPILER_DIR, *request.internal_dirs)
    if prepared.compiled.top_level:
        _hand_over(module, prepared.compiled, internal_dirs, request.show_internal_frames)
    frames = FrameFilter(internal_dirs)
    return _execute(module, prepared, None if request.show_internal_frames else frames)


def _hand_over(module: types.ModuleType, compiled: CompiledModule, internal_dirs: tuple[str, ...],
               show_internal_frames: bool):
    from .main_wrapper import attach_driver
    from .top_level import MainDriver, hand_over
    driver = MainDriver(internal_dirs, show_internal_frames, compiled.main_line)
    driver.code = attach_driver(compiled.code, driver)
    hand_over(driver.code, module.__dict__)


def _prepare(path: str, request: RunRequest) -> _Prepared:
    text = read_source(path)
    if text.diagnostics:
        return _failed(CompiledModule(text.source), text.diagnostics, {path: text.source})
    install(scan_sys_path=True)
    SESSION.native_options = request.native_options
    failed = ensure_checked(text.source)
    if failed is not None:
        return _failed(CompiledModule(text.source), failed.errors, failed.sources)
    compiled = compile_module(text.source, module_name="__main__", tree=take_tree(text.source),
                              search_path=importer_search_path(path), options=request.native_options,
                              cache=SESSION.cache, top_level=request.top_level)
    if not compiled.ok:
        return _failed(compiled, [d for d in compiled.diagnostics if d.is_error], {path: text.source})
    return _Prepared(compiled)


def _failed(compiled: CompiledModule, errors, sources) -> _Prepared:
    """Errors as `kiln check` prints them: paths relative to the current
    directory, a blank line after each, the count last."""
    return _Prepared(compiled, render_diagnostics(errors, sources, relative=True) + "\n\n" + summary(errors))


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
        return report_uncaught(exc, frames)
    return 0


def _call_main(main) -> None:
    result = main()
    if isinstance(result, types.CoroutineType):  # `async def main()`
        import asyncio
        result = asyncio.run(result)
    if result is not None:
        raise SystemExit(result)
