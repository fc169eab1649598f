"""The DWARF fallback, on a module the native tier compiles during the test.

py-spy sometimes reports a compiled frame by its symbol only: seen in a real
run as `kiln.bridge.hot_loop (module.so)` with no line, where the `fn` was
inlined into its bridge wrapper. The attribution then asks the module's
DWARF which `fn` that is.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from kiln.profiler.attribution import AttributionContext, attribute
from kiln.profiler.dwarf_symbols import read_module_symbols
from kiln.profiler.frame_kinds import Places
from kiln.profiler.model import Tier
from kiln.profiler.raw_samples import RawFrame, RawProfile, RawStack, RawThread, RawThreadSamples

from .recorded import DATA


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, shared_cache_dir):
    """(program, module.so, modules dir) for data/mixed.kiln compiled by `kiln run`."""
    root = tmp_path_factory.mktemp("dwarf")
    program = root / "mixed.kiln"
    shutil.copy(os.path.join(DATA, "mixed.kiln"), program)
    cache = shared_cache_dir
    env = dict(os.environ, KILN_CACHE_DIR=str(cache))
    proc = subprocess.run([sys.executable, "-m", "kiln", "run", str(program)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    modules = [os.path.join(d, f) for d, _, files in os.walk(cache / "native") for f in files
               if f.endswith(".so")]
    module = next(m for m in modules
                  if read_module_symbols(m).functions.get("hot_loop", None) is not None
                  and read_module_symbols(m).functions["hot_loop"].file == str(program))
    return str(program), module, str(cache / "native")


def test_functions_and_declaration_lines(compiled):
    program, module, _ = compiled
    functions = read_module_symbols(module).functions
    assert (functions["hot_loop"].file, functions["hot_loop"].line) == (program, 12)
    assert functions["inner"].line == 5
    assert functions["spread.work"].line == 21


def test_bridge_symbol_stands_for_its_fn(compiled):
    program, module, _ = compiled
    symbols = read_module_symbols(module)
    assert symbols.lookup("kiln.bridge.hot_loop").name == "hot_loop"
    assert symbols.lookup("inner").line == 5
    assert symbols.lookup("no_such_function") is None


def test_not_an_object_file_has_no_symbols(tmp_path):
    bogus = tmp_path / "module.so"
    bogus.write_bytes(b"not an ELF file")
    assert read_module_symbols(str(bogus)).functions == {}


def _profile(program: str, module: str, modules_dir: str, leaf: RawFrame):
    frames = (RawFrame("main", program, 47), RawFrame("driver", program, 42), leaf)
    raw = RawProfile(1000, (RawThreadSamples(RawThread(10, "MainThread", 10), (RawStack(frames, 30),)),))
    ctx = AttributionContext(program, 10, Places.here((modules_dir,)))
    return attribute(raw, ctx)


def test_symbol_without_line_becomes_its_fn(compiled):
    program, module, modules_dir = compiled
    profile = _profile(program, module, modules_dir, RawFrame("kiln.bridge.hot_loop", module, 0))
    (sample,) = profile.samples
    assert [(f.function, f.tier, f.line) for f in sample.frames] == [
        ("main", Tier.PYTHON, 47), ("driver", Tier.PYTHON, 42), ("hot_loop", Tier.COMPILED, 0)]
    assert sample.frames[-1].file == program
    assert any("py-spy gave no file:line" in n for n in profile.notes)


def test_unknown_symbol_is_left_out_and_said(compiled):
    program, module, modules_dir = compiled
    profile = _profile(program, module, modules_dir, RawFrame("kiln.mixed.unknown", module, 0))
    (sample,) = profile.samples
    assert [f.function for f in sample.frames] == ["main", "driver"]
    assert any("matches no function" in n for n in profile.notes)
