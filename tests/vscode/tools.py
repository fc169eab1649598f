"""Helpers for running the VS Code extension's own tools from pytest."""
from __future__ import annotations

import contextlib
import fcntl
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "vscode-extension"
SETUP = ROOT / "scripts" / "vscode-test-setup.sh"


@contextlib.contextmanager
def exclusive(lock_path: pathlib.Path):
    """One pytest-xdist worker at a time inside (builds write the same files)."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_setup(*flags: str) -> None:
    proc = subprocess.run(["bash", str(SETUP), *flags], capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"scripts/vscode-test-setup.sh {' '.join(flags)} failed:\n{proc.stdout}\n{proc.stderr}")


def run_tool(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    """Runs a command in the extension folder; output is kept for the failure message."""
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"}
    return subprocess.run(args, cwd=EXTENSION, capture_output=True, text=True, timeout=timeout, env=env)


def local_bin(name: str) -> str:
    return str(EXTENSION / "node_modules" / ".bin" / name)
