"""FrameFilter: Kiln's frames and importlib's removable frames leave the chain."""
from __future__ import annotations

import traceback

from kiln.compiler.pytier.tracebacks import FrameFilter

USER = "/home/u/prog.kiln"
KILN = "/opt/kiln/compiler/pytier/runner.py"


def raising_chain(files_and_names):
    """Real frames: each (filename, name) calls the next; the last divides by 0."""
    namespace: dict = {}
    for depth, (filename, fname) in enumerate(files_and_names):
        nxt = f"_f{depth + 1}()" if depth + 1 < len(files_and_names) else "1/0"
        exec(compile(f"def {fname}():\n    {nxt}\n", filename, "exec"), namespace)
        namespace[f"_f{depth}"] = namespace[fname]
    try:
        namespace["_f0"]()
    except ZeroDivisionError as exc:
        exc.__traceback__ = exc.__traceback__.tb_next  # this helper's own frame
        return exc
    raise AssertionError("expected a ZeroDivisionError")


def names(exc):
    return [(f.filename, f.name) for f in traceback.extract_tb(exc.__traceback__)]


def test_kiln_frames_are_cut_out():
    exc = raising_chain([(KILN, "run"), (USER, "main"), (KILN, "bridge"), (USER, "helper")])
    FrameFilter(["/opt/kiln/compiler"]).clean(exc)
    assert names(exc) == [(USER, "main"), (USER, "helper")]


def test_kiln_files_shipped_as_kiln_source_stay():
    stdlib = "/opt/kiln/compiler/stdlib/math.kiln"
    exc = raising_chain([(KILN, "run"), (stdlib, "sqrt")])
    FrameFilter(["/opt/kiln/compiler"]).clean(exc)
    assert names(exc) == [(stdlib, "sqrt")]


def test_importlib_runs_ending_in_the_marker_go_like_cpython():
    boot = "<frozen importlib._bootstrap>"
    exc = raising_chain([(USER, "a"), (boot, "_find_and_load"), (KILN, "exec_module"),
                         (boot, "_call_with_frames_removed"), (USER, "b")])
    FrameFilter(["/opt/kiln/compiler"]).clean(exc)
    assert names(exc) == [(USER, "a"), (USER, "b")]


def test_importlib_runs_without_the_marker_stay():
    boot = "<frozen importlib._bootstrap>"
    exc = raising_chain([(USER, "a"), (boot, "_gcd_import"), (USER, "b")])
    FrameFilter(["/opt/kiln/compiler"]).clean(exc)
    assert names(exc) == [(USER, "a"), (boot, "_gcd_import"), (USER, "b")]


def test_causes_and_contexts_are_cleaned_too():
    first = raising_chain([(KILN, "run"), (USER, "inner")])
    second = raising_chain([(KILN, "run2"), (USER, "outer")])
    second.__context__ = first
    FrameFilter(["/opt/kiln/compiler"]).clean(second)
    assert names(first) == [(USER, "inner")] and names(second) == [(USER, "outer")]
