"""What the interpreter does with an exception that ends a program.

Shared by the in-process runner (runner.py) and the top-level driver
(top_level.py): record it for post-mortem debuggers, hand it to
`sys.excepthook` (the program may have replaced it; if the replacement fails,
both tracebacks are shown, as CPython shows them), and say what the exit
status is.
"""
from __future__ import annotations

import sys

from .tracebacks import FrameFilter

EXIT_ERRORS = 1
EXIT_INTERRUPTED = 130


def report_uncaught(exc: BaseException, frames: FrameFilter | None) -> int:
    """Report `exc` (its traceback first cleaned of Kiln's frames, unless
    `frames` is None); returns the exit status."""
    if frames is not None:
        frames.clean(exc)
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
    return EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_ERRORS
