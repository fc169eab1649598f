"""Running one command as a child process: wall time from the parent's side,
a timeout, and a one-line reason when it fails."""
from __future__ import annotations

import os
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REASON_WIDTH = 110


@dataclass(frozen=True)
class Outcome:
    command: list[str]
    returncode: int | None      # None: killed by the timeout
    stdout: str
    stderr: str
    wall_ns: int
    cpu_ns: int = 0             # user + system time of the child (and its children)

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run(command: list[str], *, timeout: float, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> Outcome:
    full_env = dict(os.environ)
    full_env.update(env or {})
    cpu0 = _children_cpu_ns()
    t0 = time.perf_counter_ns()
    try:
        done = subprocess.run(command, cwd=cwd, env=full_env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return Outcome(command, None, _text(exc.stdout), _text(exc.stderr),
                       time.perf_counter_ns() - t0)
    except OSError as exc:
        return Outcome(command, 127, "", f"cannot start {command[0]}: {exc.strerror}",
                       time.perf_counter_ns() - t0)
    wall = time.perf_counter_ns() - t0
    return Outcome(command, done.returncode, done.stdout, done.stderr, wall,
                   _children_cpu_ns() - cpu0)


def _children_cpu_ns() -> int:
    """CPU time of all waited-for children so far. Children run one at a time,
    so the difference around one run is that run's CPU time: on a loaded
    machine it says what wall time cannot."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return int((usage.ru_utime + usage.ru_stime) * 1e9)


def _text(data: bytes | str | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def failure_reason(outcome: Outcome, timeout: float) -> str:
    """The line of stderr that best says why, shortened to fit a table cell."""
    if outcome.returncode is None:
        return f"timed out after {timeout:g} s"
    lines = [line.strip() for line in outcome.stderr.splitlines() if line.strip()]
    if not lines:
        return f"exit code {outcome.returncode} with no message"
    if any(line.startswith("Traceback (most recent call last)") for line in lines):
        return shorten(lines[-1])   # a Python traceback ends with the exception
    # compilers (gcc, kiln) put the first error first; later ones often follow from it
    chosen = next((line for line in lines if "error" in line.lower()), lines[-1])
    return shorten(chosen)


def shorten(text: str, width: int = REASON_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."
