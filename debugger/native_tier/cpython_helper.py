"""Where CPython's gdb helper (`python3.X-gdb.py`, "libpython") for the
debuggee's interpreter is: beside the executable (pyenv, source builds),
or under gdb's auto-load directory (Debian/Ubuntu python3.X-dbg)."""
from __future__ import annotations

import os
import subprocess


def candidates(python: str) -> list[str]:
    real = os.path.realpath(python)
    out = [real + "-gdb.py"]
    prefix = os.path.dirname(os.path.dirname(real))
    lib = os.path.join(prefix, "lib")
    if os.path.isdir(lib):
        out += sorted(os.path.join(lib, n) for n in os.listdir(lib)
                      if n.startswith("libpython") and n.endswith("-gdb.py"))
    for root in ("/usr/share/gdb/auto-load", "/usr/lib/debug"):
        out.append(root + real + "-gdb.py")
    return out


def find_helper(python: str) -> str:
    """The helper's path, or "" when there is none."""
    for path in candidates(python):
        if os.path.isfile(path):
            return path
    versioned = _versioned_name(python)
    if versioned:
        for path in candidates(versioned):
            if os.path.isfile(path):
                return path
    return ""


def _versioned_name(python: str) -> str:
    """`/usr/bin/python3` is a link; Debian names the helper after python3.X."""
    try:
        out = subprocess.run([python, "-c", "import sys; print(sys.executable, '%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if len(out) != 2:
        return ""
    base = os.path.join(os.path.dirname(os.path.realpath(out[0])), f"python{out[1]}")
    return base if os.path.exists(base) else ""
