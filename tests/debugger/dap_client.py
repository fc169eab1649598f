"""A DAP client for the tests: it starts the real adapter (`kiln dap`) as a
process, speaks to it over stdio, and records every message in arrival
order so tests can check the protocol's ordering."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

DEFAULT_TIMEOUT = 60.0


class DapTestClient:
    def __init__(self, env: dict | None = None, cwd: str | None = None, command: list[str] | None = None):
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.process = subprocess.Popen(command or [sys.executable, "-m", "kiln", "dap"], cwd=cwd,
                                        env=full_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.messages: list[dict] = []          # everything received, in order
        self._cond = threading.Condition()
        self._seq = 0
        self._event_cursor = 0
        self._closed = False
        self.stderr_lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # wire

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self._cond:
                        self._closed = True
                        self._cond.notify_all()
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message = json.loads(stream.read(length))
            with self._cond:
                self.messages.append(message)
                self._cond.notify_all()

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def send(self, command: str, arguments: dict | None = None) -> int:
        self._seq += 1
        message = {"seq": self._seq, "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()
        return self._seq

    def _wait_for(self, predicate, timeout: float, what: str, start: int = 0):
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for index in range(start, len(self.messages)):
                    if predicate(self.messages[index]):
                        return index, self.messages[index]
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closed:
                    raise AssertionError(f"no {what} within {timeout} s; received:\n" + self.transcript()
                                         + "\nadapter stderr:\n" + "".join(self.stderr_lines[-40:]))
                self._cond.wait(remaining)

    def transcript(self) -> str:
        return "\n".join(json.dumps(m)[:300] for m in self.messages[-40:])

    # requests

    def request(self, command: str, arguments: dict | None = None, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """The response message (successful or not)."""
        seq = self.send(command, arguments)
        _, response = self._wait_for(lambda m: m.get("type") == "response" and m.get("request_seq") == seq,
                                     timeout, f"response to {command}")
        return response

    def resume(self, command: str, arguments: dict, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """A resume request (continue, next, ...): events sent before its
        response describe the world before it and are skipped."""
        seq = self.send(command, arguments)
        index, response = self._wait_for(
            lambda m: m.get("type") == "response" and m.get("request_seq") == seq, timeout, f"response to {command}")
        assert response["success"], f"{command} failed: {response.get('message')}"
        self._event_cursor = max(self._event_cursor, index + 1)
        return response.get("body") or {}

    def call(self, command: str, arguments: dict | None = None, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """The body of a successful response."""
        response = self.request(command, arguments, timeout)
        assert response["success"], f"{command} failed: {response.get('message')}"
        return response.get("body") or {}

    # events

    def wait_event(self, name: str, predicate=None, timeout: float = DEFAULT_TIMEOUT) -> dict:
        """The next `name` event after the previous one waited for."""
        index, message = self._wait_for(
            lambda m: m.get("type") == "event" and m.get("event") == name and (predicate is None or predicate(m)),
            timeout, f"`{name}` event", self._event_cursor)
        self._event_cursor = index + 1
        return message

    def events(self, name: str) -> list[dict]:
        with self._cond:
            return [m for m in self.messages if m.get("type") == "event" and m.get("event") == name]

    def output(self, category: str = "stdout") -> str:
        return "".join(m["body"]["output"] for m in self.events("output")
                       if m["body"].get("category") == category)

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.request("disconnect", {"terminateDebuggee": True}, timeout=15)
            except (AssertionError, OSError):
                pass
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
