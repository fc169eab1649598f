"""The `kiln` command line. Each subcommand lives in `kiln/commands/<name>.py`
with a `main(args) -> int`, imported lazily so that `kiln check` does not pay
for llvmlite and `kiln run` does not pay for pygls; the grammar and help texts
are in cli_parser.py.

Exit codes: 0 success, 1 program or compile errors, 2 usage errors, 101 a bug
in Kiln, 141 (128 + SIGPIPE) when the reader of Kiln's output went away
(`kiln ast big.kiln | head`): like other command-line tools, Kiln then stops
quietly instead of reporting the broken pipe.
"""
from __future__ import annotations

import importlib
import os
import sys

from .cli_parser import UsageError, build_parser, require_program, unknown_command

__all__ = ["main", "UsageError", "build_parser"]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
EXIT_INTERNAL = 101


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        require_program(parser, args)
    except UsageError as exc:
        print(unknown_command(parser, argv) or exc, file=sys.stderr)
        return EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        module = importlib.import_module(f"kiln.commands.{args.command}")
        status = module.main(args)
        # Output still buffered would meet a closed pipe at interpreter exit,
        # where the error can only be printed ("Exception ignored ..."): meet it here.
        sys.stdout.flush()
        return status
    except UsageError as exc:
        print(f"kiln {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_went_away()
    except Exception as exc:  # a bug in Kiln itself, never the user's fault
        return _internal_error(exc)


def _reader_went_away() -> int:
    """stdout (or stderr) is a pipe whose reader exited. Point both at
    /dev/null so nothing else, including the interpreter's final flush, tries
    to write there, and exit as a process killed by SIGPIPE would be seen."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (OSError, ValueError, AttributeError):
                pass  # not a real file (captured, closed): nothing will flush into a pipe
        os.close(devnull)
    except OSError:
        pass
    return EXIT_BROKEN_PIPE


def _internal_error(exc: BaseException) -> int:
    import traceback
    print(f"kiln: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("This is a bug in Kiln, not in your program. Please report it with the "
          "details below and the file that triggered it.", file=sys.stderr)
    if "KILN_BACKTRACE" in os.environ:
        traceback.print_exception(exc)
    else:
        print("(set KILN_BACKTRACE=1 to see Kiln's own traceback)", file=sys.stderr)
    return EXIT_INTERNAL
