"""python -m kiln.debugger.launcher --connect PORT [-O N] -- PROGRAM [ARGS...]

The adapter passes the access token in $KILN_DEBUG_TOKEN (not on the command
line, where other users could read it) and checks that pydevd presents it.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import TOKEN_VARIABLE
from .connect import connect_debugger
from .thread_names import name_os_threads
from .warmup import compile_ahead


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiln.debugger.launcher")
    parser.add_argument("--connect", type=int, required=True, metavar="PORT")
    parser.add_argument("-O", dest="opt", type=int, default=0, choices=range(4))
    parser.add_argument("program")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _arguments(argv)
    from kiln.compiler.pytier.native_provider import NativeOptions
    from kiln.compiler.pytier.runner import RunRequest, run_program

    request = RunRequest(path=args.program, args=tuple(args.args),
                         native_options=NativeOptions(opt_level=args.opt, debug=True),
                         internal_dirs=_kiln_dirs(), show_internal_frames="KILN_BACKTRACE" in os.environ)
    if compile_ahead(request):
        token = os.environ.pop(TOKEN_VARIABLE, "")
        name_os_threads()
        connect_debugger(args.connect, token)
    # else: the program has errors (or cannot be read); run_program reports
    # them exactly as `kiln run` does, and the adapter sees the process end.
    return run_program(request)


def _kiln_dirs() -> tuple[str, ...]:
    import kiln
    import kiln.debugger
    return tuple(os.path.dirname(os.path.abspath(m.__file__)) for m in (kiln, kiln.debugger))


if __name__ == "__main__":
    try:
        status = main(sys.argv[1:])
    except Exception as exc:  # a Kiln bug, not the program's
        from kiln.compiler.pytier.source_reading import SourceReadError
        if not isinstance(exc, SourceReadError):
            raise
        print(f"kiln debug: {exc}", file=sys.stderr)
        status = 2
    sys.exit(status)
