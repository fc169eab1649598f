"""Running `kiln run`'s `__main__` with no Kiln frame below it.

Under `python3 prog.py` the module's frame is the bottom of the stack: its
`f_back` is None, so `traceback.print_stack()`, `inspect.stack()`,
`warnings.warn(stacklevel=2)` (`sys:1`), logging's `stack_info`, pdb's
`where` and py-spy show the program's frames only. A program that Kiln's
runner `exec`s from its own frames would show the console script, cli.py,
run.py and runner.py under it. So, once everything is checked and compiled,
`hand_over` lets all of Kiln's frames return and the interpreter itself
start the program:

1. It raises `HandOver`, which nothing in Kiln catches: it leaves the
   console script (or runpy, for `python -m kiln`) and reaches CPython's
   top level, which calls `sys.excepthook(type, value, tb)` from C, with an
   empty Python stack.
2. That hook was set to `functools.partial(min, key=methodcaller(STEP))`,
   all C code: `min` calls `type.STEP()` then `value.STEP()`. The first (a
   class attribute) puts the original `sys.excepthook` and `sys.last_*`
   back; the second (an instance attribute) is `partial(exec, code,
   namespace)`: the program's code starts from C, so its frame's `f_back` is
   None, exactly as under python3.
3. The program's code was wrapped (main_wrapper.py) to call main(), catch
   what escapes, and end with `SystemExit` through `MainDriver`; a
   `SystemExit` raised from the hook is handled by CPython as the program's
   own (exit status, message, atexit, thread joins), and `min` never gets
   to compare anything.

`at_top_level()` says whether step 1 can work: the main thread, and below
the caller nothing but Kiln's frames, runpy's, and the script that started
the process. Otherwise (an embedding, a test calling kiln.cli.main in
process) `kiln run` runs the program in process as before.
"""
from __future__ import annotations

import functools
import operator
import os
import sys
import threading
import types
from typing import NoReturn, Sequence

from .main_wrapper import is_main_call
from .tracebacks import FrameFilter
from .uncaught import report_uncaught

STEP = "_kiln_hand_over_step"
_LAST = ("last_type", "last_value", "last_traceback", "last_exc")
_RUNPY = ("<frozen runpy>",)


class HandOver(BaseException):
    """Carries the program to the interpreter's top level (see the module doc)."""

    def __str__(self) -> str:
        return ("`kiln run` hands the program to the interpreter's top level; this exception "
                "must not be caught (run it in process with RunRequest(top_level=False))")


class MainDriver:
    """What the wrapped `__main__` code calls (main_wrapper.py)."""

    SYSTEM_EXIT = SystemExit
    BASE_EXCEPTION = BaseException

    def __init__(self, internal_dirs: Sequence[str], show_internal_frames: bool, main_line: int):
        self.code: types.CodeType | None = None      # the running module code, once attached
        self.main_line = main_line
        self.frames = None if show_internal_frames else FrameFilter(internal_dirs, self._is_main_call)
        self._caught: BaseException | None = None

    @property
    def asyncio_run(self):
        import asyncio
        return asyncio.run

    def exit_with(self, result: object) -> None:
        """`sys.exit(main())`, also for a plain `def main()` returning a coroutine."""
        if isinstance(result, types.CoroutineType):
            import asyncio
            result = asyncio.run(result)
        if result is not None:
            raise SystemExit(result)

    def caught(self) -> None:
        self._caught = sys.exc_info()[1]

    def finish(self) -> NoReturn:
        exc, self._caught = self._caught, None
        if exc is None:
            raise SystemExit
        status = report_uncaught(exc, self.frames)
        del exc
        raise SystemExit(status)

    def _is_main_call(self, tb: types.TracebackType) -> bool:
        return (self.main_line > 0 and tb.tb_frame.f_code is self.code and tb.tb_next is not None
                and is_main_call(self.code, tb.tb_lasti, self.main_line))


def at_top_level(kiln_dirs: Sequence[str]) -> bool:
    """Whether a `HandOver` raised by the caller reaches CPython's top level
    with only Kiln's own frames, runpy's, and the process's script under it."""
    if threading.current_thread() is not threading.main_thread():
        return False
    prefixes = tuple(os.path.join(os.path.abspath(d), "") for d in kiln_dirs)
    frame = sys._getframe(1)
    while frame.f_back is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith(prefixes) or filename in _RUNPY):
            return False
        frame = frame.f_back
    if frame.f_code.co_filename in _RUNPY:
        return True
    return frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") == "__main__"


def hand_over(code: types.CodeType, namespace: dict) -> NoReturn:
    """Start `code` (wrapped by main_wrapper.py, driver attached) from the
    interpreter's top level, in `namespace`. Never returns."""
    previous_hook = sys.excepthook
    saved = {name: getattr(sys, name) for name in _LAST if hasattr(sys, name)}

    def restore() -> None:
        sys.excepthook = previous_hook
        for name in _LAST:
            if name in saved:
                setattr(sys, name, saved[name])
            elif hasattr(sys, name):
                delattr(sys, name)

    launch_type = type("HandOver", (HandOver,), {STEP: staticmethod(restore)})
    launch = launch_type()
    setattr(launch, STEP, functools.partial(exec, code, namespace))
    sys.excepthook = functools.partial(min, key=operator.methodcaller(STEP))
    raise launch
