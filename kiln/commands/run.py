"""`kiln run FILE [ARGS]`: see compiler/pytier/runner.py for the behaviour.

When this process is nothing but `kiln run` (the usual case), the program is
handed to the interpreter's top level so that it sees a stack of its own
frames only, as under python3 (compiler/pytier/top_level.py). KILN_BACKTRACE
(for debugging Kiln itself) runs it in process instead, under the runner's
frames, and shows them in tracebacks.
"""
from __future__ import annotations

import os

from ..cli import UsageError

_KILN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(args) -> int:
    from ..compiler.pytier import runner
    from ..compiler.pytier.native_provider import NativeOptions
    from ..compiler.pytier.runner import RunRequest, run_program
    from ..compiler.pytier.source_reading import SourceReadError
    from ..compiler.pytier.top_level import at_top_level

    opt_level = int(args.opt) if args.opt is not None else (0 if args.debug else None)
    compiler_dir = os.path.dirname(os.path.dirname(os.path.abspath(runner.__file__)))
    backtrace = "KILN_BACKTRACE" in os.environ
    request = RunRequest(
        path=args.file, args=tuple(args.args),
        native_options=NativeOptions(opt_level=opt_level, debug=args.debug, fast_math=args.fast_math),
        internal_dirs=(_KILN_DIR,), show_internal_frames=backtrace,
        top_level=not backtrace and at_top_level((_KILN_DIR, compiler_dir)))
    try:
        return run_program(request)
    except SourceReadError as exc:
        raise UsageError(str(exc)) from None
