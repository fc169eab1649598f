"""The terminal report of the recorded runs: golden text, and what it must say.

Refresh after a deliberate change with `KILN_UPDATE_GOLDEN=1 pytest ...`.
"""
from __future__ import annotations

import os
import re
import sys

import pytest

from kiln.profiler.statistics import function_stats, line_stats, thread_stats
from kiln.profiler.terminal_report import ReportOptions, render_report

from .recorded import DATA, load

WIDTH = 110


def check(name: str) -> str:
    recorded = load(name)
    cwd = os.getcwd()
    os.chdir(DATA)            # paths in the report are shown relative to the cwd
    try:
        actual = render_report(recorded.profile, recorded.sources, ReportOptions(width=WIDTH))
    finally:
        os.chdir(cwd)
    # Library frames name this machine's interpreter.
    actual = actual.replace(os.path.realpath(sys.base_prefix), "$PYTHON_PREFIX")
    path = os.path.join(DATA, f"{name}.report.txt")
    if os.environ.get("KILN_UPDATE_GOLDEN"):
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(actual)
    with open(path, encoding="utf-8") as fh:
        assert actual == fh.read()
    return actual


@pytest.mark.parametrize("name", ["mixed", "structs"])
def test_golden_report(name):
    check(name)


def test_report_names_the_fn_its_line_and_the_def_above_it():
    text = check("mixed")
    assert re.search(r"^\s+inner\s+\d+\.\d%\s+\d+\.\d%\s+compiled\s+mixed\.kiln:5$", text, re.M)
    assert re.search(r"^\s+driver\s+.*python\s+mixed\.kiln:39$", text, re.M)
    assert re.search(r"^\s+parallelize worker\s+\d+\s+\d+\.\d%\s+inner$", text, re.M)


def test_hot_lines_of_both_tiers_side_by_side():
    text = check("mixed")
    header = next(l for l in text.splitlines() if "Python tier" in l)
    assert "compiled tier (fn)" in header
    row = next(l for l in text.splitlines() if "s += i * i" in l)
    left, _, right = row.partition(" | ")
    assert re.match(r"\s+35\s+\d+\.\d%\s+s \+= i \* i", left)
    assert re.match(r"\s+8\s+\d+\.\d%\s+acc = acc \* 1\.0000001 \+ 0\.5", right)
    assert all(len(l) <= WIDTH for l in text.splitlines() if " | " in l)


def test_statistics_are_self_and_total():
    profile = load("structs").profile
    stats = {s.function: s for s in function_stats(profile)}
    main, partitions = stats["main"], stats["partitions"]
    assert main.total_count == profile.total                     # every sample is under main
    assert partitions.self_count <= partitions.total_count <= profile.total  # recursion counted once
    lines = line_stats(profile)
    assert sum(s.self_count for s in lines) <= profile.total
    assert [s.label for s in thread_stats(profile)] == ["main thread"]
