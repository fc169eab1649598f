"""The connection to pydevd inside the debuggee.

The adapter listens on a loopback port for exactly one connection, the
launcher's, and checks the access token it was given; then it speaks DAP
to pydevd as a client. pydevd answers from its own threads, which need
the GIL: while a thread stopped by gdb holds it, pydevd is silent, so
every request here has a timeout.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from typing import Callable

from ..common.client import DapClient, RequestFailed
from ..common.wire import MessageStream

LOOPBACK = "127.0.0.1"
NATIVE_TRACEBACK_MODULE = "__kiln_native__"


class PythonTierError(Exception):
    pass


class Listener:
    """One loopback listening socket for the launcher's connection."""

    def __init__(self):
        self._socket = socket.create_server((LOOPBACK, 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]

    def accept(self, still_waiting: Callable[[], bool], timeout: float) -> socket.socket | None:
        deadline = time.monotonic() + timeout
        try:
            while still_waiting() and time.monotonic() < deadline:
                try:
                    conn, _ = self._socket.accept()
                except socket.timeout:
                    continue
                conn.settimeout(None)
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return conn
            return None
        finally:
            self.close()

    def close(self) -> None:
        try:
            self._socket.close()
        except OSError:
            pass


class _QuickAckReader:
    """A socket reader that acknowledges every segment at once (pydevd
    sends header and body separately; delayed ACKs would add ~40 ms)."""

    def __init__(self, sock: socket.socket):
        self._sock = sock
        self._buffer = b""
        self._quickack = getattr(socket, "TCP_QUICKACK", None)

    def _fill(self) -> bool:
        if self._quickack is not None:
            try:
                self._sock.setsockopt(socket.IPPROTO_TCP, self._quickack, 1)
            except OSError:
                pass
        chunk = self._sock.recv(65536)
        self._buffer += chunk
        return bool(chunk)

    def readline(self) -> bytes:
        while b"\n" not in self._buffer:
            if not self._fill():
                line, self._buffer = self._buffer, b""
                return line
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line + b"\n"

    def read(self, count: int) -> bytes:
        while len(self._buffer) < count:
            if not self._fill():
                break
        data, self._buffer = self._buffer[:count], self._buffer[count:]
        return data

    def close(self) -> None:
        try:
            self._sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()


class PydevdLink:
    def __init__(self, sock: socket.socket, on_event: Callable[[dict], None], on_close: Callable[[], None]):
        stream = MessageStream(_QuickAckReader(sock), sock.makefile("wb"))
        self.client = DapClient(stream, on_event, on_close, name="pydevd").start()
        self.connected = True
        self._lock = threading.Lock()

    def handshake(self, token: str, client_arguments: dict, exclude_dirs: list[str],
                  just_my_code: bool = True) -> None:
        """Authorize, initialize and attach; raises PythonTierError."""
        try:
            answer = self.client.request("pydevdAuthorize", {"debugServerAccessToken": None}, timeout=30)
            if answer.get("clientAccessToken") != token:
                raise PythonTierError("the process that connected is not the program being debugged")
            arguments = {k: v for k, v in client_arguments.items() if k != "adapterID"}
            self.client.request("initialize", {"adapterID": "kiln", **arguments}, timeout=30)
            self.client.request("attach", {
                "justMyCode": just_my_code, "redirectOutput": False, "showReturnValue": False,
                "subProcess": False,
                "rules": [{"path": d, "include": False} for d in exclude_dirs]
                # the native tier's stand-in frames for fn frames in tracebacks
                + [{"module": NATIVE_TRACEBACK_MODULE, "include": False}],
            }, timeout=30)
        except (RequestFailed, TimeoutError, OSError) as exc:
            raise PythonTierError(f"the Python debugger did not start: {exc}") from None

    def request(self, command: str, arguments: dict | None = None, timeout: float = 30.0) -> dict:
        return self.client.request(command, arguments, timeout)

    def send(self, command: str, arguments: dict | None = None):
        return self.client.send(command, arguments)

    def close(self) -> None:
        self.connected = False
        self.client.close()


def kiln_source_dirs() -> list[str]:
    """Kiln's and debugpy's own folders: their frames are not the user's."""
    import debugpy

    import kiln
    import kiln.compiler
    import kiln.debugger
    modules = (kiln, kiln.compiler, kiln.debugger, debugpy)
    return sorted({os.path.dirname(os.path.abspath(m.__file__)) for m in modules})
