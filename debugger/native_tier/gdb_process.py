"""One gdb process speaking MI: commands numbered by token and answered
through futures; async records (`*stopped`, `=thread-exited`, ...) handed
to a callback on the reader thread.

A `*stopped` record may arrive before the `^running` reply of the command
that caused it (field notes): callers never wait for a stop inside a
command, they react to the async record.
"""
from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import threading
from concurrent.futures import Future
from typing import Callable

from .mi import MIRecord, MISyntaxError, parse_record

DEFAULT_TIMEOUT = 30.0


class GdbError(Exception):
    """gdb answered `^error` (the message is gdb's)."""


class GdbUnavailable(Exception):
    """gdb is not installed or could not start."""


GDB_VARIABLE = "KILN_GDB"          # which gdb to run (default: `gdb` on PATH)


def find_gdb() -> str | None:
    chosen = os.environ.get(GDB_VARIABLE)
    if chosen:
        return shutil.which(chosen)
    return shutil.which("gdb")


class GdbProcess:
    def __init__(self, on_async: Callable[[MIRecord], None], on_exit: Callable[[], None] | None = None):
        self._on_async = on_async
        self._on_exit = on_exit
        self._tokens = itertools.count(1)
        self._pending: dict[int, Future] = {}
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self.log: list[str] = []          # console/log stream text, for error reports

    def start(self, gdb_path: str | None = None) -> None:
        path = gdb_path or find_gdb()
        if path is None:
            where = os.environ.get(GDB_VARIABLE) or "gdb on PATH"
            raise GdbUnavailable(f"{where} was not found: install gdb (or set {GDB_VARIABLE}) to stop in fn code")
        try:
            self._process = subprocess.Popen(
                [path, "--interpreter=mi3", "-nx", "-q"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1,
                encoding="utf-8", errors="replace")
        except OSError as exc:
            raise GdbUnavailable(f"cannot start gdb: {exc}") from None
        threading.Thread(target=self._read_loop, name="gdb-reader", daemon=True).start()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def send(self, command: str) -> Future:
        future: Future = Future()
        if not self.running:
            future.set_exception(GdbError("gdb is not running"))
            return future
        token = next(self._tokens)
        with self._lock:
            self._pending[token] = future
        try:
            with self._write_lock:
                self._process.stdin.write(f"{token}{command}\n")
                self._process.stdin.flush()
        except (OSError, ValueError) as exc:
            with self._lock:
                self._pending.pop(token, None)
            future.set_exception(GdbError(f"gdb went away: {exc}"))
        return future

    def command(self, command: str, timeout: float = DEFAULT_TIMEOUT) -> MIRecord:
        future = self.send(command)
        try:
            return future.result(timeout)
        except TimeoutError:
            raise GdbError(f"gdb did not answer `{command.split()[0]}` within {timeout:g} s") from None

    def close(self, timeout: float = 5.0) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        try:
            self.send("-gdb-exit")
            process.wait(timeout)
        except (subprocess.TimeoutExpired, OSError):
            process.kill()
            process.wait()

    def _read_loop(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            try:
                record = parse_record(line)
            except MISyntaxError:
                self.log.append(line)     # a line from the inferior or gdb outside MI
                continue
            self._dispatch(record)
        with self._lock:
            pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(GdbError("gdb exited"))
        if self._on_exit is not None:
            self._on_exit()

    def _dispatch(self, record: MIRecord) -> None:
        if record.kind == "result":
            with self._lock:
                future = self._pending.pop(record.token, None)
            if future is None:
                return
            if record.cls == "error":
                future.set_exception(GdbError(record.error_message or "gdb reported an error"))
            else:
                future.set_result(record)
        elif record.kind in ("console", "log", "target"):
            self.log.append(record.text)
            del self.log[:-200]
        elif record.kind in ("exec", "notify", "status"):
            self._on_async(record)
