"""The `kiln` command line. Parsing of arguments only: each subcommand lives in
`kiln/commands/<name>.py` with a `main(args) -> int`, imported lazily so that
`kiln check` does not pay for llvmlite and `kiln run` does not pay for pygls.

Exit codes: 0 success, 1 program or compile errors, 2 usage errors.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit code 2."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")


def _add_common_run_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the .kiln program")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the program (sys.argv[1:])")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiln", description="Kiln: Python with a compiled fast tier.")
    parser.add_argument("--version", action="version", version=f"kiln {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("run", help="run a program (top level, then main())")
    p.add_argument("--debug", action="store_true", help="compile the native tier at -O0 with full debug info")
    p.add_argument("-O", dest="opt", choices=["0", "1", "2", "3"], default=None, help="native optimization level")
    _add_common_run_args(p)

    p = sub.add_parser("build", help="compile fn main() to a standalone executable")
    p.add_argument("file")
    p.add_argument("-o", dest="output", help="output path")
    for level in "0123":
        p.add_argument(f"-O{level}", dest="opt", action="store_const", const=int(level))
    p.add_argument("-g", dest="debug_info", action="store_true", help="keep DWARF debug info")
    p.add_argument("--emit", choices=["exe", "obj", "llvm", "asm"], default="exe")

    p = sub.add_parser("check", help="report diagnostics without running")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=["human", "json"], default="human")

    sub.add_parser("lsp", help="run the language server on stdio")

    p = sub.add_parser("dap", help="run the Debug Adapter Protocol server on stdio")
    p.add_argument("--port", type=int, help="listen on 127.0.0.1:PORT instead of stdio")

    p = sub.add_parser("debug", help="debug a program, or serve DAP with --adapter")
    p.add_argument("--adapter", action="store_true", help="serve the Debug Adapter Protocol on stdio")
    p.add_argument("file", nargs="?")
    p.add_argument("args", nargs=argparse.REMAINDER)

    p = sub.add_parser("profile", help="sample a run and report hot functions and lines")
    p.add_argument("-o", dest="output", help="write the flame graph here")
    p.add_argument("--format", choices=["html", "speedscope", "collapsed"], default="html")
    p.add_argument("--rate", type=int, default=1000, help="samples per second (default 1000)")
    _add_common_run_args(p)

    p = sub.add_parser("ast", help="dump the syntax tree")
    p.add_argument("file")
    p.add_argument("--python", action="store_true", help="print ast.dump() of the Python-tier lowering")
    p.add_argument("--no-positions", action="store_true", help="leave positions out of the dump")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(f"kiln.commands.{args.command}")
    try:
        return module.main(args)
    except UsageError as exc:
        print(f"kiln {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug in Kiln itself, never the user's fault
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    import traceback
    print(f"kiln: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("This is a bug in Kiln, not in your program. Please report it with the "
          "details below and the file that triggered it.", file=sys.stderr)
    if "KILN_BACKTRACE" in __import__("os").environ:
        traceback.print_exception(exc)
    else:
        print("(set KILN_BACKTRACE=1 to see Kiln's own traceback)", file=sys.stderr)
    return 101
