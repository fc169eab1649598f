"""`kiln dap [--port N]`: the Debug Adapter Protocol server (kiln/debugger/adapter)
on stdio, or on 127.0.0.1:N only."""
from __future__ import annotations

from ..cli import UsageError


def main(args) -> int:
    from kiln.debugger.adapter.server import serve_stdio, serve_tcp

    if args.port is None:
        return serve_stdio()
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port number (0-65535)")
    return serve_tcp(args.port)
