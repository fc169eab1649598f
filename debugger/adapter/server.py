"""Where the adapter listens: stdio (editors start it as a child process)
or one TCP port on 127.0.0.1, one session after another."""
from __future__ import annotations

import os
import socket
import sys

from ..common.wire import MessageStream
from .session import Session

LOOPBACK = "127.0.0.1"


def serve_stdio() -> int:
    # The protocol owns the real stdout; anything else printing there (a
    # library, a stray print) would corrupt it, so fd 1 becomes stderr.
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    protocol_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    Session(MessageStream(protocol_in, protocol_out)).run()
    return 0


def serve_tcp(port: int, sessions: int | None = None) -> int:
    """Serve DAP on 127.0.0.1:PORT (0 picks a free port, reported on stderr)."""
    try:
        server = socket.create_server((LOOPBACK, port))
    except OSError as exc:
        print(f"kiln dap: cannot listen on {LOOPBACK}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    actual = server.getsockname()[1]
    print(f"kiln dap: listening on {LOOPBACK}:{actual}", file=sys.stderr, flush=True)
    served = 0
    with server:
        while sessions is None or served < sessions:
            conn, _ = server.accept()
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with conn:
                Session(MessageStream(conn.makefile("rb"), conn.makefile("wb"))).run()
                try:
                    conn.shutdown(socket.SHUT_RDWR)     # wakes the session's reader thread
                except OSError:
                    pass
            served += 1
    return 0
