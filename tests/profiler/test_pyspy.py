"""py-spy as the engine: finding it, and turning its failures into one line."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kiln.profiler import pyspy
from kiln.profiler.pyspy import PySpyRecorder, SamplerUnavailable, explain_failure, find_pyspy


def check(stderr: str, expected: str) -> None:
    message = explain_failure(stderr)
    assert expected in message and "\n" not in message


# What py-spy 0.4.3 printed in real failures here.
@pytest.mark.parametrize("stderr,expected", [
    ("Permission Denied: Try running again with elevated permissions by going "
     "'sudo env \"PATH=$PATH\" !!'", "not allowed to read the program's memory (ptrace)"),
    ("Error: No python processes found in process 9487 or any of its subprocesses",
     "not allowed to read the program's memory (ptrace)"),
    ("Error: Failed to find python version from target process\n\nStack backtrace:\n"
     "   0: anyhow::error::<impl anyhow::Error>::msg", "py-spy failed: Failed to find python version"),
    ("", "py-spy failed: no message"),
])
def test_explain_failure(stderr, expected):
    check(stderr, expected)


def test_override_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv(pyspy.ENV_OVERRIDE, str(tmp_path / "nope"))
    with pytest.raises(SamplerUnavailable, match="py-spy not found at"):
        find_pyspy()


def test_found_beside_the_interpreter_or_on_path(monkeypatch):
    monkeypatch.delenv(pyspy.ENV_OVERRIDE, raising=False)
    found = find_pyspy()
    assert os.access(found, os.X_OK) and os.path.basename(found) == "py-spy"


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to run py-spy without ptrace rights")
def test_no_ptrace_permission_is_one_clear_line(tmp_path):
    """py-spy as an unprivileged user against a root-owned Python process."""
    target = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    unprivileged = tmp_path / "py-spy-as-nobody"
    unprivileged.write_text(f'#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups '
                            f'{find_pyspy()} "$@"\n')
    unprivileged.chmod(0o755)
    try:
        recorder = PySpyRecorder(str(unprivileged), target.pid, 100, str(tmp_path / "out.json"))
        problem = recorder.wait_until_sampling(timeout=60)
    finally:
        target.kill()
        target.wait()
    assert problem is not None and "not allowed to read the program's memory" in problem
