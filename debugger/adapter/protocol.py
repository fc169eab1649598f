"""The adapter's side of the Debug Adapter Protocol: requests in, responses
and events out. Every failure response goes through `ClientChannel.fail`."""
from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field

from ..common.wire import MessageStream


class RequestError(Exception):
    """A request that cannot be carried out; the message is for the user."""


@dataclass
class Request:
    seq: int
    command: str
    arguments: dict = field(default_factory=dict)

    @classmethod
    def from_message(cls, message: dict) -> "Request":
        arguments = message.get("arguments")
        return cls(int(message.get("seq", 0) or 0), str(message.get("command", "")),
                   arguments if isinstance(arguments, dict) else {})

    def argument(self, name: str, kind: type | tuple = object, default=None, required: bool = False):
        """A typed argument; a missing required one or a wrong type is a RequestError."""
        if name not in self.arguments or self.arguments[name] is None:
            if required:
                raise RequestError(f"`{self.command}` needs the argument `{name}`")
            return default
        value = self.arguments[name]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise RequestError(f"`{self.command}`: `{name}` must be {expected}, not {type(value).__name__}")
        return value


class ClientChannel:
    def __init__(self, stream: MessageStream):
        self._stream = stream
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self.closed = False

    def _send(self, message: dict) -> None:
        with self._lock:
            if self.closed:
                return
            message["seq"] = next(self._seq)
            try:
                self._stream.write(message)
            except (OSError, ValueError):
                self.closed = True

    def respond(self, request: Request, body: dict | None = None) -> None:
        message = {"type": "response", "request_seq": request.seq, "success": True,
                   "command": request.command}
        if body is not None:
            message["body"] = body
        self._send(message)

    def fail(self, request: Request, text: str) -> None:
        """The one way a request fails: `success: false`, the message, and an
        error body VS Code shows to the user."""
        self._send({"type": "response", "request_seq": request.seq, "success": False,
                    "command": request.command, "message": text,
                    "body": {"error": {"id": 1, "format": text, "showUser": True}}})

    def event(self, name: str, body: dict | None = None) -> None:
        message = {"type": "event", "event": name}
        if body is not None:
            message["body"] = body
        self._send(message)

    def output(self, text: str, category: str = "console") -> None:
        self.event("output", {"category": category, "output": text})
