"""`kiln debug FILE [ARGS]`: a terminal debugger (kiln/debugger/frontend) on
top of the Debug Adapter Protocol server; `kiln debug --adapter` is that
server on stdio, for editors."""
from __future__ import annotations

from ..cli import UsageError


def main(args) -> int:
    if args.adapter:
        if args.file:
            raise UsageError("--adapter takes no program: the client sends it in `launch`")
        from kiln.debugger.adapter.server import serve_stdio
        return serve_stdio()
    if not args.file:
        raise UsageError("give the program to debug: kiln debug FILE [ARGS]")
    from kiln.debugger.frontend.terminal import run_terminal_debugger
    return run_terminal_debugger(args.file, list(args.args))
