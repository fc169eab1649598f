"""Connect pydevd (debugpy's debugger, in this process) to the adapter.

The debuggee connects out to the adapter's loopback port, so nothing in the
debuggee listens. `debugpy.connect` returns once the adapter has sent
`configurationDone`: the program starts with every breakpoint in place.
"""
from __future__ import annotations

import socket

LOOPBACK = "127.0.0.1"


def connect_debugger(port: int, token: str) -> None:
    import debugpy

    # Child processes are not debugged (the adapter drives one process).
    debugpy.configure(subProcess=False)
    _send_small_messages_at_once()
    debugpy.connect((LOOPBACK, port), access_token=token or None)


def _send_small_messages_at_once() -> None:
    """pydevd writes a message's header and body with two sendall calls;
    with Nagle's algorithm on, every message then waits for the peer's
    delayed ACK (~40 ms). Turn Nagle off on the socket pydevd opens."""
    try:
        import debugpy.server.api  # noqa: F401  (puts debugpy's pydevd on sys.path)
        import pydevd
        from _pydevd_bundle import pydevd_comm
    except ImportError:
        return
    original = pydevd_comm.start_client

    def start_client(host, port):
        sock = original(host, port)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        return sock

    pydevd_comm.start_client = start_client
    if getattr(pydevd, "start_client", None) is original:
        pydevd.start_client = start_client
