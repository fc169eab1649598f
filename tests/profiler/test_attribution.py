"""Attribution of recorded py-spy runs (data/*.pyspy.json, real runs of
data/*.kiln): golden stacks, plus the properties that make them right.

Refresh the golden files after a deliberate change with
`KILN_UPDATE_GOLDEN=1 pytest tests/profiler/test_attribution.py`.
"""
from __future__ import annotations

import os

import pytest

from kiln.profiler.model import Frame, Profile, Tier

from .recorded import DATA, load

GLUE_NAMES = ("kiln.bridge.", "(parallel task)", "kiln_parallel", "kiln_profiler", "_PyEval",
              "PyCFuncPtr_call", "ffi_call", "gc_collect_main", "pthread_cond_wait", "0x")
KILN_INTERNAL_FILES = ("runner.py", "launcher.py", "<frozen runpy>", "<frozen importlib")


def show(frame: Frame) -> str:
    where = os.path.basename(frame.file) + (f":{frame.line}" if frame.line else "")
    return f"{frame.function}@{where}[{frame.tier.value}]"


def render_stacks(profile: Profile) -> str:
    lines = []
    for s in profile.samples:
        label = profile.threads[s.thread].label
        lines.append(f"{label}: {' -> '.join(show(f) for f in s.frames)}  {s.count}")
    lines.sort()
    lines.append(f"outside: {profile.outside}")
    lines += [f"note: {n}" for n in profile.notes]
    return "\n".join(lines) + "\n"


def check(name: str) -> Profile:
    """The attributed stacks of recording `name` equal data/<name>.stacks."""
    recorded = load(name)
    actual = render_stacks(recorded.profile)
    expected_path = os.path.join(DATA, f"{name}.stacks")
    if os.environ.get("KILN_UPDATE_GOLDEN"):
        with open(expected_path, "w", encoding="utf-8") as fh:
            fh.write(actual)
    assert os.path.exists(expected_path), "no expectation yet: run with KILN_UPDATE_GOLDEN=1"
    with open(expected_path, encoding="utf-8") as fh:
        assert actual == fh.read()
    return recorded.profile


@pytest.mark.parametrize("name", ["mixed", "structs", "threads"])
def test_golden_stacks(name):
    check(name)


@pytest.mark.parametrize("name", ["mixed", "structs", "threads"])
def test_no_interpreter_or_glue_frames_survive(name):
    profile = load(name).profile
    for sample in profile.samples:
        for frame in sample.frames:
            assert not any(g in frame.function for g in GLUE_NAMES), frame
            assert not any(frame.file.endswith(f) or frame.file.startswith(f)
                           for f in KILN_INTERNAL_FILES), frame


@pytest.mark.parametrize("name", ["mixed", "structs", "threads"])
def test_samples_are_conserved(name):
    recorded = load(name)
    assert recorded.profile.total + recorded.profile.outside == recorded.raw.total


def test_def_calls_fn_reads_def_then_fn():
    profile = load("mixed").profile
    chains = {tuple((f.function, f.tier) for f in s.frames) for s in profile.samples}
    assert (("main", Tier.PYTHON), ("driver", Tier.PYTHON),
            ("hot_loop", Tier.COMPILED), ("inner", Tier.COMPILED)) in chains
    inner = {f for s in profile.samples for f in s.frames if f.function == "inner"}
    assert {f.line for f in inner} <= {7, 8}       # the loop of `fn inner`, from DWARF
    assert all(f.file.endswith("mixed.kiln") and f.tier is Tier.COMPILED for f in inner)


def test_python_loop_is_python_tier_at_its_lines():
    profile = load("mixed").profile
    frames = {f for s in profile.samples for f in s.frames if f.function == "python_loop"}
    assert frames and all(f.tier is Tier.PYTHON for f in frames)
    assert {f.line for f in frames} <= {34, 35}


def test_parallelize_worker_samples_stay_on_their_thread():
    profile = load("mixed").profile
    labels = {tid: info.label for tid, info in profile.threads.items()}
    assert sorted(labels.values()) == ["main thread", "parallelize worker"]
    worker = next(tid for tid, label in labels.items() if label == "parallelize worker")
    stacks = [s for s in profile.samples if s.thread == worker]
    assert stacks and all(s.frames[0].function == "spread.work" for s in stacks)
    assert all(f.tier is Tier.COMPILED for s in stacks for f in s.frames)
    # The main thread runs its own share of the same parallel loop under `spread`.
    main_parallel = [s for s in profile.samples if s.thread != worker
                     and [f.function for f in s.frames[:3]] == ["main", "spread", "spread.work"]]
    assert main_parallel


def test_struct_methods_are_compiled_frames_under_their_caller():
    profile = load("structs").profile
    chains = {tuple(f.function for f in s.frames) for s in profile.samples}
    assert ("main", "walk", "Vec2.norm2") in chains
    norm2 = {f for s in profile.samples for f in s.frames if f.function == "Vec2.norm2"}
    assert {(f.line, f.tier) for f in norm2} == {(14, Tier.COMPILED)}


def test_recursion_and_python_library_frames():
    profile = load("structs").profile
    deepest = max((s for s in profile.samples if s.frames[-1].function == "partitions"),
                  key=lambda s: len(s.frames))
    assert len(deepest.frames) > 10                 # recursion shows as recursion
    json_frames = {f for s in profile.samples for f in s.frames if f.file.endswith("json/encoder.py")}
    assert json_frames and all(f.tier is Tier.PYTHON for f in json_frames)
    # The C accelerator under it (_json.c) is CPython's: its time is the Python frame's.
    assert not any(f.file.endswith(".c") for s in profile.samples for f in s.frames)


def test_compiled_code_without_a_line_is_reported():
    profile = load("structs").profile
    line_zero = [f for s in profile.samples for f in s.frames if f.tier is Tier.COMPILED and not f.line]
    assert line_zero
    assert any("line 0" in n for n in profile.notes)


def test_fn_frame_lost_behind_its_bridge_is_put_back():
    """Recorded: py-spy named the caller of `kiln_parallel_for` by its return
    address, which lies past `spread`'s inlined code, so the raw stack goes
    `kiln.bridge.spread` -> `spread.work` with no `spread` between."""
    recorded = load("threads")
    raw_chains = {tuple(f.name for f in s.frames) for t in recorded.raw.threads for s in t.stacks}
    assert any("kiln.bridge.spread" in c and "spread" not in c and "spread.work" in c for c in raw_chains)
    chains = {tuple((f.function, f.line) for f in s.frames) for s in recorded.profile.samples
              if recorded.profile.threads[s.thread].label == "main thread"}
    assert any(c[:3] == (("main", 42), ("spread", 0), ("spread.work", 25)) for c in chains), chains
