"""The debuggee process: started through the launcher, its stdout and
stderr pumped into `output` events, its end reported once both pipes are
drained and the process is reaped."""
from __future__ import annotations

import codecs
import os
import secrets
import signal
import subprocess
import sys
import threading
from typing import Callable

from ..launcher import TOKEN_VARIABLE
from .launch_config import LaunchConfig

READ_CHUNK = 65536


class Debuggee:
    def __init__(self, config: LaunchConfig, port: int | None,
                 on_output: Callable[[str, str], None], on_exit: Callable[[int], None]):
        self.config = config
        self.token = secrets.token_hex(16)
        self._on_output = on_output
        self._on_exit = on_exit
        self.process = self._spawn(port)
        self.exit_code: int | None = None
        self.stderr_tail: list[str] = []
        self._pumps = [threading.Thread(target=self._pump, args=(self.process.stdout, "stdout"), daemon=True),
                       threading.Thread(target=self._pump, args=(self.process.stderr, "stderr"), daemon=True)]
        for pump in self._pumps:
            pump.start()
        threading.Thread(target=self._watch, name="debuggee-exit", daemon=True).start()

    @property
    def pid(self) -> int:
        return self.process.pid

    def _command(self, port: int | None) -> list[str]:
        python = [self.config.python, "-Xfrozen_modules=off"]
        if port is None:                 # noDebug: a plain `kiln run`
            opt = ["-O", str(self.config.optimize)] if self.config.optimize else ["--debug"]
            return [*python, "-m", "kiln", "run", *opt, self.config.program, *self.config.args]
        return [*python, "-m", "kiln.debugger.launcher", "--connect", str(port),
                "-O", str(self.config.optimize), "--", self.config.program, *self.config.args]

    def _spawn(self, port: int | None) -> subprocess.Popen:
        env = dict(os.environ)
        for name, value in self.config.env.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        env[TOKEN_VARIABLE] = self.token
        env["PYTHONUNBUFFERED"] = "1"          # output events as the program writes
        try:
            return subprocess.Popen(self._command(port), cwd=self.config.cwd, env=env,
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            from .protocol import RequestError
            raise RequestError(f"cannot start {self.config.python}: {exc}") from None

    def _pump(self, stream, category: str) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        while True:
            try:
                chunk = os.read(stream.fileno(), READ_CHUNK)
            except OSError:
                chunk = b""
            text = decoder.decode(chunk, final=not chunk)
            if text:
                if category == "stderr":
                    self.stderr_tail.append(text)
                    del self.stderr_tail[:-50]
                self._on_output(category, text)
            if not chunk:
                return

    def _watch(self) -> None:
        code = self.wait_drained()
        self.exit_code = code
        self._on_exit(code)

    def wait_drained(self) -> int:
        """Wait for the process to end and for all its output to be sent."""
        code = self.process.wait()
        for pump in self._pumps:
            pump.join()
        return code

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def terminate(self, grace: float = 3.0) -> None:
        """SIGTERM, then SIGKILL if the program is still there after `grace` s."""
        if not self.running:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        if self.running:
            self._signal(signal.SIGKILL)

    def _signal(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)     # the program's own children too
        except ProcessLookupError:
            pass
        except PermissionError:
            self.process.send_signal(sig)


def own_python() -> str:
    return sys.executable
