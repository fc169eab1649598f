"""Classification of single raw frames, with frames as py-spy reported them
in the recordings (names, files and lines copied from real runs)."""
from __future__ import annotations

import os
import sys

import pytest

from kiln.profiler.frame_kinds import Kind, Places, classify, kiln_package_dirs

MODULES = "/cache/kiln/native"
PLACES = Places.here((MODULES,))
PREFIX = os.path.realpath(sys.base_prefix)
KILN = {os.path.basename(d): d for d in kiln_package_dirs()}
BUILD = "/tmp/python-build.20260509073455.222/Python-3.11.7"


def check(name: str, file: str, line: int, expected: Kind) -> None:
    assert classify(name, file, line, PLACES) is expected, (name, file, line)


@pytest.mark.parametrize("name,file,line,expected", [
    # The program's own lines, either tier.
    ("inner", "/home/u/mixed.kiln", 8, Kind.KILN_SOURCE),
    ("driver", "/home/u/mixed.kiln", 42, Kind.KILN_SOURCE),
    ("spread.work", "/home/u/mixed.kiln", 24, Kind.KILN_SOURCE),
    # Glue a compiled module puts around an fn, even with a .kiln line.
    ("kiln.bridge.hot_loop", "/home/u/mixed.kiln", 12, Kind.DROPPED),
    ("spread.work (parallel task)", "/home/u/mixed.kiln", 21, Kind.DROPPED),
    ("kiln_parallel_for", f"{MODULES}/ab/abcd/module.so", 0, Kind.DROPPED),
    ("kiln_parallel_helper", f"{MODULES}/ab/abcd/module.so", 0, Kind.DROPPED),
    # A compiled module's symbol without a line: resolved through DWARF later.
    ("kiln.bridge.hot_loop", f"{MODULES}/ab/abcd/module.so", 0, Kind.COMPILED_NO_LINE),
    # Python libraries stay; Kiln's own Python code and importlib/runpy go.
    ("JSONEncoder.iterencode", f"{PREFIX}/lib/python3.11/json/encoder.py", 258, Kind.PYTHON_LIBRARY),
    ("<module>", "/usr/local/bin/some-script", 6, Kind.PYTHON_LIBRARY),
    ("run_program", os.path.join(KILN["compiler"], "pytier/runner.py"), 72, Kind.DROPPED),
    ("main", os.path.join(KILN["profiler"], "launcher.py"), 29, Kind.DROPPED),
    ("_run_code", "<frozen runpy>", 88, Kind.DROPPED),
    ("_find_and_load", "<frozen importlib._bootstrap>", 1176, Kind.DROPPED),
    # CPython, ctypes, libffi, libc, the thread shim: interpreter and glue.
    ("gc_collect_main", f"{PREFIX}/lib/libpython3.11.so.1.0", 0, Kind.DROPPED),
    ("PyCFuncPtr_call", f"{BUILD}/Modules/_ctypes/_ctypes.c", 4201, Kind.DROPPED),
    ("encoder_listencode_obj", f"{BUILD}/Modules/_json.c", 1422, Kind.DROPPED),
    ("Py_DECREF", f"{BUILD}/./Include/object.h", 537, Kind.DROPPED),
    ("0x7f4f9cd7151c", "/usr/lib/x86_64-linux-gnu/libffi.so.8.1.2", 0, Kind.DROPPED),
    ("pthread_cond_wait", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0, Kind.DROPPED),
    ("kiln_profiler_thread_start", "/work/kiln/profiler/thread_shim.c", 93, Kind.DROPPED),
    ("pthread_create", "/work/kiln/profiler/thread_shim.c", 101, Kind.DROPPED),
    ('process 4601:"python -m kiln.profiler.launcher"', "?", 0, Kind.DROPPED),
    # Foreign native libraries are the program's work.
    ("cblas_dgemm", "/venv/lib/python3.11/site-packages/numpy.libs/libopenblas.so", 0, Kind.NATIVE_LIBRARY),
    ("sin", "/usr/lib/x86_64-linux-gnu/libm.so.6", 0, Kind.NATIVE_LIBRARY),
    ("DOUBLE_add", "/src/numpy/core/src/umath/loops.c", 120, Kind.NATIVE_LIBRARY),
])
def test_classify(name, file, line, expected):
    check(name, file, line, expected)
