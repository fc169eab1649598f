"""A DAP client: numbered requests answered through futures, events handed
to a callback on the reader thread. The adapter uses it to talk to pydevd
inside the debuggee; `kiln debug` uses it to talk to the adapter."""
from __future__ import annotations

import itertools
import threading
from concurrent.futures import Future
from typing import Callable

from .wire import MessageStream, ProtocolError


class RequestFailed(Exception):
    """The peer answered a request with `success: false`."""

    def __init__(self, command: str, message: str, body: dict | None = None):
        super().__init__(message)
        self.command = command
        self.body = body or {}


class ConnectionLost(Exception):
    """The peer went away before answering."""


class DapClient:
    def __init__(self, stream: MessageStream, on_event: Callable[[dict], None],
                 on_close: Callable[[], None] | None = None, name: str = "dap"):
        self._stream = stream
        self._on_event = on_event
        self._on_close = on_close
        self._seq = itertools.count(1)
        self._pending: dict[int, tuple[str, Future]] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read_loop, name=f"{name}-reader", daemon=True)

    def start(self) -> "DapClient":
        self._reader.start()
        return self

    @property
    def closed(self) -> bool:
        return self._closed

    def send(self, command: str, arguments: dict | None = None) -> Future:
        """Send a request; the future resolves to the response body (a dict)
        or fails with RequestFailed / ConnectionLost."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                future.set_exception(ConnectionLost(f"{command}: the connection is closed"))
                return future
            seq = next(self._seq)
            self._pending[seq] = (command, future)
        message = {"seq": seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        try:
            self._stream.write(message)
        except (OSError, ValueError) as exc:
            self._fail_pending(ConnectionLost(f"{command}: {exc}"))
        return future

    def request(self, command: str, arguments: dict | None = None, timeout: float = 30.0) -> dict:
        future = self.send(command, arguments)
        try:
            return future.result(timeout)
        except TimeoutError:
            raise TimeoutError(f"no answer to `{command}` within {timeout:g} s") from None

    def close(self) -> None:
        self._stream.close()

    def _read_loop(self) -> None:
        try:
            while True:
                message = self._stream.read()
                if message is None:
                    break
                self._dispatch(message)
        except (OSError, ValueError, ProtocolError):
            pass
        finally:
            self._fail_pending(ConnectionLost("the connection closed"))
            if self._on_close is not None:
                self._on_close()

    def _dispatch(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "response":
            with self._lock:
                command, future = self._pending.pop(message.get("request_seq"), (None, None))
            if future is None:
                return
            future.response_seq = message.get("seq", 0)      # where the reply stands among events
            if message.get("success", False):
                future.set_result(message.get("body") or {})
            else:
                body = message.get("body") or {}
                text = (body.get("error") or {}).get("format") or message.get("message") or "request failed"
                future.set_exception(RequestFailed(command or "", text, body))
        elif kind == "event":
            self._on_event(message)
        elif kind == "request":          # reverse requests: none are supported
            self._stream.write({"seq": next(self._seq), "type": "response",
                                "request_seq": message.get("seq"), "command": message.get("command"),
                                "success": False, "message": "not supported"})

    def _fail_pending(self, error: Exception) -> None:
        with self._lock:
            self._closed = True
            pending, self._pending = self._pending, {}
        for _, future in pending.values():
            if not future.done():
                future.set_exception(error)
