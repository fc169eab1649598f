"""Building and preloading `thread_shim.c` (see its header for the why).

The shared object is compiled once per source text with the C compiler the
native tier links with, and cached beside the compiled modules; a failed
build is not fatal: the profile then lacks the `parallelize` workers'
threads, and says so.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "thread_shim.c")


@dataclass(frozen=True)
class ThreadShim:
    library: str | None      # the built shared object; None when it could not be built
    problem: str = ""        # why not, in one line


def compiled_modules_dir() -> str:
    """Where `kiln run` loads compiled modules from (the shim wraps threads
    whose code lives there)."""
    from kiln.compiler.native.cache import default_root
    return os.path.join(os.path.abspath(default_root()), "native")


def ensure_thread_shim() -> ThreadShim:
    if not sys.platform.startswith("linux"):
        return ThreadShim(None, "worker threads are only visible on Linux")
    with open(_SOURCE, "rb") as fh:
        source = fh.read()
    digest = hashlib.sha256(source + sys.implementation.cache_tag.encode()).hexdigest()[:16]
    from kiln.compiler.native.cache import default_root
    target = os.path.join(os.path.abspath(default_root()), "profiler", f"thread-shim-{digest}.so")
    if os.path.isfile(target):
        return ThreadShim(target)
    try:
        return _build(target)
    except OSError as exc:       # an unwritable cache, a vanished compiler
        return ThreadShim(None, f"building the thread shim failed: {exc}")


def _build(target: str) -> ThreadShim:
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        return ThreadShim(None, "no C compiler to build the thread shim with")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".thread-shim-", suffix=".so", dir=os.path.dirname(target))
    os.close(fd)
    cmd = [cc, "-O2", "-g", "-shared", "-fPIC", "-o", partial, _SOURCE, "-ldl", "-lpthread"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        os.unlink(partial)
        first = (proc.stderr.strip().splitlines() or ["unknown error"])[0]
        return ThreadShim(None, f"building the thread shim failed: {first}")
    os.replace(partial, target)     # atomic: concurrent profiles build the same bytes
    return ThreadShim(target)


def preload_environment(shim: ThreadShim, env: dict[str, str]) -> dict[str, str]:
    """`env` for the profiled process, with the shim preloaded."""
    if shim.library is None:
        return env
    out = dict(env)
    preload = out.get("LD_PRELOAD", "")
    out["LD_PRELOAD"] = f"{shim.library} {preload}".strip()
    out["KILN_PROFILE_SHIM"] = shim.library
    out["KILN_PROFILE_MODULES"] = modules = compiled_modules_dir()
    try:
        os.makedirs(modules, exist_ok=True)   # the shim resolves it once, at the first thread
    except OSError:
        pass                                  # then nothing is compiled there either
    return out


def remove_from_environment(env) -> None:
    """Undo `preload_environment` in the profiled process (the shim has read
    what it needs at load time); the program's subprocesses run without it."""
    shim = env.pop("KILN_PROFILE_SHIM", None)
    env.pop("KILN_PROFILE_MODULES", None)
    if shim is not None:
        rest = [p for p in env.get("LD_PRELOAD", "").split() if p != shim]
        if rest:
            env["LD_PRELOAD"] = " ".join(rest)
        else:
            env.pop("LD_PRELOAD", None)
