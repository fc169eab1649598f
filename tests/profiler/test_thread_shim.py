"""The preloaded thread shim: built once, harmless to every thread it does
not own (its effect on `parallelize` workers is tested end to end in
test_profile_command.py and in the recordings)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiln.profiler.thread_shim import ThreadShim, ensure_thread_shim, preload_environment, remove_from_environment

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="LD_PRELOAD shim: Linux only")


def test_built_once_into_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path))
    first = ensure_thread_shim()
    assert first.library and first.library.startswith(str(tmp_path)) and os.path.isfile(first.library)
    with open(first.library, "rb") as fh:
        assert fh.read(4) == b"\x7fELF"
    stamp = os.stat(first.library).st_mtime_ns
    assert ensure_thread_shim() == first and os.stat(first.library).st_mtime_ns == stamp


def test_no_compiler_is_a_note_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("CC", "/bin/false")
    shim = ensure_thread_shim()
    assert shim.library is None and "building the thread shim failed" in shim.problem


THREADS = """
import os, threading, subprocess, sys
results = []
workers = [threading.Thread(target=lambda i=i: results.append(i * i), name=f"w{i}") for i in range(8)]
for w in workers: w.start()
for w in workers: w.join()
print(sorted(results) == [i * i for i in range(8)], threading.active_count())
print(subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('LD_PRELOAD', ''))"],
                     capture_output=True, text=True).stdout.strip() == "")
"""


def test_python_threads_and_subprocesses_are_untouched(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path))
    shim = ensure_thread_shim()
    env = preload_environment(shim, dict(os.environ))
    assert shim.library in env["LD_PRELOAD"]
    # What the launcher does first, then ordinary Python threading.
    code = ("import os; from kiln.profiler.thread_shim import remove_from_environment; "
            "remove_from_environment(os.environ)\n" + THREADS)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "1", "True"]


def test_remove_from_environment_keeps_other_preloads():
    env = {"LD_PRELOAD": "/x/thread-shim-1.so /usr/lib/libother.so", "KILN_PROFILE_SHIM": "/x/thread-shim-1.so",
           "KILN_PROFILE_MODULES": "/cache/native"}
    remove_from_environment(env)
    assert env == {"LD_PRELOAD": "/usr/lib/libother.so"}
    assert preload_environment(ThreadShim(None, "no"), {"A": "1"}) == {"A": "1"}
