"""The adapter as a child process (`python -m kiln dap`), and what the
terminal needs from its events: the next stop or the end of the program."""
from __future__ import annotations

import subprocess
import sys
import threading
from typing import Callable

from ..common.client import DapClient
from ..common.wire import MessageStream


class AdapterConnection:
    def __init__(self, on_output: Callable[[str, str], None], on_breakpoint: Callable[[dict], None]):
        self._on_output = on_output
        self._on_breakpoint = on_breakpoint
        self.process = subprocess.Popen([sys.executable, "-m", "kiln", "dap"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self._cond = threading.Condition()
        self._events: list[dict] = []
        self.initialized = threading.Event()
        self.client = DapClient(MessageStream(self.process.stdout, self.process.stdin), self._event,
                                self._closed, name="adapter").start()

    def _event(self, message: dict) -> None:
        name, body = message.get("event"), message.get("body") or {}
        if name == "output":
            self._on_output(body.get("category", "console"), body.get("output", ""))
            return
        if name == "breakpoint":
            self._on_breakpoint(body.get("breakpoint") or {})
            return
        if name == "initialized":
            self.initialized.set()
        with self._cond:
            self._events.append(message)
            self._cond.notify_all()

    def _closed(self) -> None:
        with self._cond:
            self._events.append({"event": "terminated", "body": {}})
            self._cond.notify_all()

    def next_stop_or_end(self) -> dict:
        """The next `stopped`, `exited` or `terminated` event (whichever comes first)."""
        with self._cond:
            while True:
                for index, message in enumerate(self._events):
                    if message.get("event") in ("stopped", "exited", "terminated"):
                        del self._events[:index + 1]
                        return message
                self._cond.wait()

    def resume(self, command: str, arguments: dict) -> None:
        """Send a resume request and forget the `stopped` events the adapter
        sent before answering it: they describe threads that run again (it
        sends every event a request causes after that request's response)."""
        future = self.client.send(command, arguments)
        future.result(600)
        answered_at = getattr(future, "response_seq", 0)
        with self._cond:
            self._events = [m for m in self._events
                            if m.get("event") != "stopped" or m.get("seq", 0) > answered_at]

    def request(self, command: str, arguments: dict | None = None, timeout: float = 600.0) -> dict:
        return self.client.request(command, arguments, timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.client.request("disconnect", {"terminateDebuggee": True}, timeout=10)
            except Exception:
                pass
            self.client.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
