"""py-spy, the sampling engine: finding it, attaching it, reading its verdict.

`py-spy record --pid PID --native --full-filenames --subprocesses --format
speedscope --rate HZ -o OUT` attaches to the gated program (see
`launcher.py`) and samples until the program exits, then writes OUT. py-spy
says when it samples ("py-spy> Sampling process ..."), when it
falls behind ("py-spy> 1.23s behind in sampling ...") on stdout, and why it
failed on stderr.
Problems become one line for the user (`SamplerUnavailable`).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

ENV_OVERRIDE = "KILN_PY_SPY"
STARTED = "Sampling process"
_BEHIND = re.compile(r"([0-9.]+)s behind in sampling")
_ERRORS = re.compile(r"Samples: (\d+) Errors: (\d+)")


class SamplerUnavailable(Exception):
    """py-spy cannot profile here; the message is one line for the user."""


def find_pyspy() -> str:
    explicit = os.environ.get(ENV_OVERRIDE)
    if explicit:
        if os.path.isfile(explicit) and os.access(explicit, os.X_OK):
            return explicit
        raise SamplerUnavailable(f"py-spy not found at {explicit} (from {ENV_OVERRIDE}); "
                                 "install it with `pip install py-spy` or fix the path")
    beside = os.path.join(os.path.dirname(sys.executable), "py-spy")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("py-spy")
    if found is None:
        raise SamplerUnavailable("py-spy is not installed; `kiln profile` samples with it: "
                                 "`pip install py-spy` (in the environment Kiln runs from)")
    return found


def explain_failure(stderr: str) -> str:
    """py-spy's reason for not sampling, as one line."""
    text = stderr.strip()
    # With --subprocesses, py-spy reports an unreadable process as one without
    # Python; the target is always Kiln's (Python) launcher, so that means no rights.
    denied = ("Permission Denied", "Operation not permitted", "os error 1)", "No python processes found")
    if any(d in text for d in denied):
        return ("py-spy is not allowed to read the program's memory (ptrace): run as root, "
                "give py-spy CAP_SYS_PTRACE, or set kernel.yama.ptrace_scope to 0 or 1")
    for line in text.splitlines():
        if line.startswith("Error:"):
            return f"py-spy failed: {line[len('Error:'):].strip()}"
    first = text.splitlines()[0] if text else "no message"
    return f"py-spy failed: {first}"


@dataclass
class SamplerReport:
    """What py-spy said while sampling."""

    max_behind: float = 0.0     # seconds it lagged behind the requested rate, at worst
    errors: int = 0             # samples it failed to take
    lines: list[str] = field(default_factory=list)


class PySpyRecorder:
    def __init__(self, executable: str, pid: int, rate: int, output: str):
        cmd = [executable, "record", "--pid", str(pid), "--native", "--full-filenames",
               "--subprocesses", "--format", "speedscope", "--rate", str(rate),
               "-o", output]
        env = dict(os.environ, RUST_BACKTRACE="0")
        # Its own session: Ctrl-C stops the program, and py-spy then writes the profile.
        # Its status lines go to stdout, its errors to stderr: read both, in order.
        self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.report = SamplerReport()
        self._started = threading.Event()
        self._reader = threading.Thread(target=self._read_output, daemon=True)
        self._reader.start()

    def _read_output(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            self.report.lines.append(line)
            if STARTED in line:
                self._started.set()
            behind = _BEHIND.search(line)
            if behind:
                self.report.max_behind = max(self.report.max_behind, float(behind.group(1)))
            errors = _ERRORS.search(line)
            if errors:
                self.report.errors = int(errors.group(2))

    def wait_until_sampling(self, timeout: float = 60.0) -> str | None:
        """None once py-spy samples; else why it does not (py-spy has exited)."""
        deadline = time.monotonic() + timeout
        while not self._started.wait(0.05):
            if self.process.poll() is not None:
                self._reader.join(5)
                return explain_failure("\n".join(self.report.lines))
            if time.monotonic() > deadline:
                self.stop()
                return f"py-spy did not start sampling within {timeout:.0f} s"
        return None

    def wait(self) -> int:
        """py-spy stops by itself when the program exits."""
        code = self.process.wait()
        self._reader.join(5)
        return code

    def interrupt(self) -> None:
        """Stop sampling now; py-spy detaches and writes what it has."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
