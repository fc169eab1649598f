"""Running gdb in batch mode for end-to-end debug-info tests."""
from __future__ import annotations

import shutil
import subprocess

import pytest


def gdb_path() -> str:
    path = shutil.which("gdb")
    if path is None:
        pytest.fail("gdb is not installed; scripts/setup.sh installs it (apt-get install gdb)")
    return path


def gdb_batch(program: list[str], commands: list[str], *, cwd=None, env=None,
              timeout: int = 120) -> str:
    cmd = [gdb_path(), "-nx", "-batch", "-ex", "set breakpoint pending on",
           "-ex", "set debuginfod enabled off", "-ex", "set pagination off"]
    for c in commands:
        cmd += ["-ex", c]
    cmd += ["--args", *program]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)
    return proc.stdout + proc.stderr
