"""One profiled run: launch the program gated, attach py-spy, release, collect.

    parent (kiln profile)            child (launcher.py)             py-spy
    ---------------------            -------------------             ------
    spawn child (shim preloaded) ->  check + compile (kiln run's)
                                     exec of the module's code:
                                 <-  "ready", then wait
    spawn py-spy --pid child    ------------------------------->    attach
    "Sampling process" on stderr <-------------------------------   sample
    "go"                         ->  run the program                 ...
    wait                             exit                            write OUT

A child that exits without "ready" did not compile (it printed the
diagnostics, as `kiln run` does); a py-spy that exits before sampling
could not attach, and the child is told to "abort".
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from .launcher import ABORT, GO, READY
from .pyspy import PySpyRecorder, SamplerReport, SamplerUnavailable, find_pyspy
from .raw_samples import RawProfile, read_pyspy_speedscope
from .thread_shim import ThreadShim, compiled_modules_dir, ensure_thread_shim, preload_environment


_SIGINT_GRACE = 1.0    # seconds a program gets to act on Ctrl-C before it is sent again


@dataclass(frozen=True)
class RecordRequest:
    program: str                 # the .kiln file, as the user wrote it
    args: tuple[str, ...] = ()
    rate: int = 1000
    python: str = sys.executable
    keep_raw: str | None = None  # also copy py-spy's own speedscope output here


@dataclass
class Recording:
    exit_code: int               # the program's exit status (1 when it did not compile)
    started: bool                # False: it never ran (compile errors)
    pid: int = 0
    raw: RawProfile | None = None
    sampler: SamplerReport = field(default_factory=SamplerReport)
    shim: ThreadShim = ThreadShim(None)
    modules_dir: str = ""        # where compiled modules were loaded from


def record(request: RecordRequest) -> Recording:
    """Raises `SamplerUnavailable` (one line) when py-spy cannot sample."""
    pyspy = find_pyspy()
    shim = ensure_thread_shim()
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    cmd = [request.python, "-m", "kiln.profiler.launcher", str(ready_w), str(go_r),
           request.program, *request.args]
    child = subprocess.Popen(cmd, pass_fds=(ready_w, go_r), env=preload_environment(shim, dict(os.environ)))
    os.close(ready_w)
    os.close(go_r)
    try:
        if _read_line(ready_r) != READY:
            return Recording(_wait(child), started=False, pid=child.pid, shim=shim)
        return _sample(child, go_w, pyspy, request, shim)
    finally:
        os.close(ready_r)
        _close(go_w)


def _sample(child: subprocess.Popen, go_w: int, pyspy: str, request: RecordRequest,
            shim: ThreadShim) -> Recording:
    with tempfile.TemporaryDirectory(prefix="kiln-profile-") as tmp:
        output = os.path.join(tmp, "pyspy.speedscope.json")
        sampler = PySpyRecorder(pyspy, child.pid, request.rate, output)
        problem = sampler.wait_until_sampling()
        if problem is not None:
            os.write(go_w, ABORT)
            _wait(child)
            raise SamplerUnavailable(problem)
        os.write(go_w, GO)
        code = _wait_sampled(child, sampler)
        sampler.wait()
        raw = _read_output(output, request.rate, sampler)
        if request.keep_raw:
            shutil.copyfile(output, request.keep_raw)
    return Recording(code, True, child.pid, raw, sampler.report, shim, compiled_modules_dir())


def _read_output(path: str, rate: int, sampler: PySpyRecorder) -> RawProfile:
    try:
        with open(path, encoding="utf-8") as fh:
            return read_pyspy_speedscope(fh.read(), rate)
    except FileNotFoundError:
        from .pyspy import explain_failure
        raise SamplerUnavailable(explain_failure("\n".join(sampler.report.lines))) from None


def _wait(child: subprocess.Popen) -> int:
    """The child's status; Ctrl-C reaches the child too, so keep waiting for it."""
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


def _wait_sampled(child: subprocess.Popen, sampler: PySpyRecorder) -> int:
    """Like `_wait`, but a Ctrl-C can be lost on the way to the program: if it
    arrives as py-spy attaches to stop the program for a sample, it is
    reported to py-spy (the tracer), which discards it. So on Ctrl-C, stop
    py-spy (it writes what it has) and, unless the program is already on its
    way out, hand it the SIGINT again."""
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            sampler.interrupt()
            try:
                return child.wait(_SIGINT_GRACE)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGINT)
            except KeyboardInterrupt:
                continue


def _read_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        try:
            chunk = os.read(fd, 64)
        except KeyboardInterrupt:
            continue
        if not chunk:
            break
        data += chunk
    return data


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass
