"""The `kiln` command line's grammar and help texts (argparse).

Every usage error is one line naming the command it belongs to
(`kiln check: unrecognized arguments: --bogus (see `kiln check --help`)`)
and exit status 2; kiln/cli.py prints it. Each subcommand's help has a
description, its arguments explained, examples and its exit statuses.
"""
from __future__ import annotations

import argparse
import difflib
import textwrap


class UsageError(Exception):
    pass


def exit_statuses(failure: str = "compile errors, or the program failed") -> str:
    """The exit-status block of a help text; `failure` says what status 1 means."""
    return ("exit status:\n"
            "  0    success\n"
            f"  1    {failure}\n"
            "  2    usage error: bad arguments, a file that cannot be read\n"
            "  101  internal error in Kiln (a bug: please report it)\n"
            "  141  the reader of the output went away (`... | head`)")

TOP_EPILOG = f"""\
examples:
  kiln run hello.kiln Ada           run a program with sys.argv[1:] == ['Ada']
  kiln check src/                   check every .kiln file under src/
  kiln build matmul.kiln -o matmul  compile fn main() to an executable
  kiln COMMAND --help               more about one command

{exit_statuses("compile errors, or the program failed (kiln run: the program's own status)")}

environment:
  KILN_PATH        more directories where `import x` finds x.kiln (like PYTHONPATH)
  KILN_CACHE_DIR   where compiled code is cached (default ~/.cache/kiln)
  KILN_NO_CACHE=1  do not use the cache
  KILN_BACKTRACE=1 show Kiln's own frames in tracebacks (for debugging Kiln)"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (UsageError) and help text
    keeps the layout it is written with."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see `{self.prog} --help`)")

    def parse_args(self, args=None, namespace=None):  # type: ignore[override]
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:  # argparse leaves a subcommand's unknown flags to the top level: name the subcommand
            prog = f"{self.prog} {parsed.command}" if getattr(parsed, "command", None) else self.prog
            raise UsageError(f"{prog}: unrecognized arguments: {' '.join(extra)} (see `{prog} --help`)")
        return parsed


def _command_parser(sub, name: str, summary: str, description: str, examples: str,
                    failure: str = "compile errors, or the program failed") -> argparse.ArgumentParser:
    epilog = f"examples:\n{textwrap.indent(textwrap.dedent(examples).strip(), '  ')}\n\n{exit_statuses(failure)}"
    return sub.add_parser(name, help=summary, description=textwrap.dedent(description).strip(),
                          epilog=epilog)


def _program_args(p: argparse.ArgumentParser) -> None:
    # Optional in argparse's eyes so that a missing FILE gets our message;
    # everything after FILE belongs to the program, flags included.
    p.add_argument("file", nargs="?", metavar="FILE", help="the .kiln program")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS",
                   help="arguments for the program: its sys.argv[1:]")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiln", description="Kiln: Python with a compiled fast tier.", epilog=TOP_EPILOG)
    parser.add_argument("--version", action="version", version=f"kiln {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add_run(sub)
    _add_build(sub)
    _add_check(sub)
    _add_servers(sub)
    _add_profile(sub)
    _add_ast(sub)
    return parser


def _add_run(sub) -> None:
    p = _command_parser(sub, "run", "run a program (top level, then main())", """
        Run FILE like `python3 FILE ARGS`: its top level on the Python tier, then
        main() if it defines `def main()`, `async def main()` or `fn main()` (a
        returned value is the exit status, as with `sys.exit(main())`). The whole
        program, with the .kiln modules it imports, is checked first: if there are
        compile errors they are printed and nothing runs. `fn`s are compiled to
        native code (cached on disk, so a second run does not recompile).""", """
        kiln run hello.kiln Ada Grace
        kiln run -O3 mandelbrot.kiln
        kiln run --debug prog.kiln      (native code at -O0 with DWARF, for gdb)""",
        "compile errors (nothing ran) or an uncaught exception; else the program's own sys.exit status")
    p.add_argument("--debug", action="store_true", help="compile the native tier at -O0 with full debug info")
    p.add_argument("-O", dest="opt", choices=["0", "1", "2", "3"], default=None, metavar="LEVEL",
                   help="native optimization level, 0-3 (default: 3, or 0 with --debug)")
    p.add_argument("--fast-math", action="store_true",
                   help="compile every fn as if marked @fastmath: float math may be contracted "
                        "(a*b+c as one FMA), reassociated and assume no NaN/inf, so results can "
                        "differ from CPython's in the last bits")
    _program_args(p)


def _add_build(sub) -> None:
    p = _command_parser(sub, "build", "compile fn main() to a standalone executable", """
        Compile FILE's `fn main()` and everything it reaches ahead of time into an
        executable that links against the C library only. Python-tier code (`def`,
        `class`, top-level statements other than declarations) cannot be part of
        it: the error names the statement in the way.""", """
        kiln build matmul.kiln -o matmul
        kiln build -O0 -g prog.kiln     (for gdb)
        kiln build --emit llvm prog.kiln -o prog.ll""", "compile errors, or code that cannot be compiled ahead of time")
    p.add_argument("file", metavar="FILE", help="the .kiln program (it needs an `fn main()`)")
    p.add_argument("-o", dest="output", metavar="OUT",
                   help="output path (default: FILE's name without .kiln in the current directory, "
                        "plus .o/.s/.ll for --emit obj/asm/llvm)")
    for level, text in (("0", "no optimization (keeps -g debug info)"), ("1", "basic optimization"),
                        ("2", "more optimization"), ("3", "full optimization (the default)")):
        p.add_argument(f"-O{level}", dest="opt", action="store_const", const=int(level), help=text)
    p.add_argument("-g", dest="debug_info", action="store_true",
                   help="keep DWARF debug info (always on at -O0)")
    p.add_argument("--fast-math", action="store_true",
                   help="compile every fn as if marked @fastmath: float math may be contracted "
                        "(a*b+c as one FMA), reassociated and assume no NaN/inf, so results can "
                        "differ from CPython's in the last bits")
    p.add_argument("--emit", choices=["exe", "obj", "llvm", "asm"], default="exe",
                   help="what to write: an executable (default), an object file, LLVM IR or assembly")


def _add_check(sub) -> None:
    p = _command_parser(sub, "check", "report diagnostics without running", """
        Report the syntax, name and type errors and warnings of each FILE and of
        the .kiln modules it imports, without running anything: the same
        diagnostics the editor shows, printed as `file:line:col: error[Kxxxx]:
        message` with the source line, a caret under the span and a hint. A
        directory stands for every .kiln file under it (recursively, sorted,
        hidden directories skipped).""", """
        kiln check prog.kiln
        kiln check src/ tests/
        kiln check --format json prog.kiln""", "at least one error (warnings alone give 0)")
    p.add_argument("files", nargs="+", metavar="FILE", help="a .kiln file, or a directory of them")
    p.add_argument("--format", choices=["human", "json"], default="human",
                   help="human: rustc-style text (default); json: one array of diagnostics on stdout")


def _add_servers(sub) -> None:
    _command_parser(sub, "lsp", "run the language server on stdio", """
        Serve the Language Server Protocol on stdin/stdout (what editors start):
        diagnostics, go-to-definition, references, rename, hover, completion,
        ... for .kiln files.""", """
        kiln lsp""")
    p = _command_parser(sub, "dap", "run the Debug Adapter Protocol server on stdio", """
        Serve the Debug Adapter Protocol for both tiers on stdin/stdout, or on
        127.0.0.1:PORT with --port (never on another interface).""", """
        kiln dap
        kiln dap --port 4711""")
    p.add_argument("--port", type=int, metavar="PORT", help="listen on 127.0.0.1:PORT instead of stdio")
    p = _command_parser(sub, "debug", "debug a program, or serve DAP with --adapter", """
        Debug FILE in the terminal (breakpoints and stepping across `def` and `fn`
        code), or with --adapter serve the Debug Adapter Protocol on stdio, which
        is what the VS Code extension runs.""", """
        kiln debug prog.kiln ARGS
        kiln debug --adapter""")
    p.add_argument("--adapter", action="store_true", help="serve the Debug Adapter Protocol on stdio")
    p.add_argument("file", nargs="?", metavar="FILE", help="the .kiln program")
    p.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS", help="arguments for the program")


def _add_profile(sub) -> None:
    p = _command_parser(sub, "profile", "sample a run and report hot functions and lines", """
        Run FILE (as `kiln run` does) under a sampling profiler that sees both
        tiers; print the hottest functions and lines, and write a flame graph.""", """
        kiln profile mandelbrot.kiln
        kiln profile -o flame.json --format speedscope prog.kiln ARGS""")
    p.add_argument("-o", dest="output", metavar="OUT", help="write the flame graph here")
    p.add_argument("--format", choices=["html", "speedscope", "collapsed"], default="html",
                   help="flame graph format: an offline HTML page (default), speedscope JSON, folded stacks")
    p.add_argument("--rate", type=int, default=1000, metavar="HZ", help="samples per second (default 1000)")
    _program_args(p)


def _add_ast(sub) -> None:
    p = _command_parser(sub, "ast", "dump the syntax tree", """
        Print FILE's syntax tree. Without --python: Kiln's tree (CPython's nodes
        plus Kiln's own), indented, even when there are syntax errors (they are
        printed on stderr and the exit status is 1). With --python: ast.dump() of
        the Python-tier lowering on one line; for a pure-Python file it is what
        `ast.dump(ast.parse(text), include_attributes=True)` prints.""", """
        kiln ast prog.kiln
        kiln ast --python --no-positions script.py""", "syntax errors (printed on stderr)")
    p.add_argument("file", metavar="FILE", help="a .kiln (or .py) file")
    p.add_argument("--python", action="store_true", help="print ast.dump() of the Python-tier lowering")
    p.add_argument("--no-positions", action="store_true", help="leave positions out of the dump")


def require_program(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """`kiln run`/`kiln profile` without FILE: say so (argparse would list ARGS too)."""
    if args.command in ("run", "profile") and args.file is None:
        prog = f"{parser.prog} {args.command}"
        raise UsageError(f"{prog}: missing FILE, the .kiln program to run (see `{prog} --help`)")


def unknown_command(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """A did-you-mean for the first word when it is no command."""
    commands = [name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
                for name in action.choices]
    word = next((a for a in argv if not a.startswith("-")), None)
    if word is None or word in commands:
        return None
    close = difflib.get_close_matches(word, commands, n=1)
    hint = f"; did you mean `kiln {close[0]}`?" if close else f" (commands: {', '.join(commands)})"
    return f"kiln: unknown command '{word}'{hint}"


def _version() -> str:
    from . import __version__
    return __version__
