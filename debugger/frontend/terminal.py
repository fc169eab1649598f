"""Entry point of `kiln debug FILE [ARGS]`."""
from __future__ import annotations

import os
import sys

from .shell import DebuggerShell


def run_terminal_debugger(program: str, args: list[str]) -> int:
    if not os.path.isfile(program):
        print(f"kiln debug: {program}: no such file", file=sys.stderr)
        return 2
    shell = DebuggerShell(program, args)
    intro = (f"Kiln debugger for {program}. `break LINE` then `run`; `help` lists the commands.")
    try:
        shell.cmdloop(intro)
    except KeyboardInterrupt:
        shell.do_quit("")
        return 130
    return 0
