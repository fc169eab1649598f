"""Totals over a `Profile`: per function, per source line, per thread.

`self` counts the samples where a function is the innermost frame; `total`
the samples where it is anywhere on the stack (once per sample, however
deep the recursion). For lines, `self` is the innermost *source* line of
each sample: time in the interpreter, the runtime or a foreign library's
code is charged to the line that called it, which is the line to change.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Frame, Profile, Tier


@dataclass(frozen=True)
class FunctionStat:
    function: str
    file: str
    tier: Tier
    first_line: int          # the lowest line sampled in it (0 if none)
    self_count: int
    total_count: int


@dataclass(frozen=True)
class LineStat:
    file: str
    line: int
    tier: Tier
    function: str
    self_count: int
    total_count: int


@dataclass(frozen=True)
class ThreadStat:
    tid: int
    label: str
    count: int
    hottest: str             # the function with the most self samples on it ("" if none)


def function_stats(profile: Profile) -> list[FunctionStat]:
    self_counts: dict[tuple, int] = {}
    totals: dict[tuple, int] = {}
    first: dict[tuple, int] = {}
    for sample in profile.samples:
        keys = set()
        for frame in sample.frames:
            key = (frame.function, frame.file, frame.tier)
            keys.add(key)
            if frame.line:
                first[key] = min(first.get(key) or frame.line, frame.line)
        leaf = sample.frames[-1]
        leaf_key = (leaf.function, leaf.file, leaf.tier)
        self_counts[leaf_key] = self_counts.get(leaf_key, 0) + sample.count
        for key in keys:
            totals[key] = totals.get(key, 0) + sample.count
    stats = [FunctionStat(k[0], k[1], k[2], first.get(k, 0), self_counts.get(k, 0), n) for k, n in totals.items()]
    return sorted(stats, key=lambda s: (-s.self_count, -s.total_count, s.function))


def line_stats(profile: Profile) -> list[LineStat]:
    self_counts: dict[tuple, int] = {}
    totals: dict[tuple, int] = {}
    names: dict[tuple, str] = {}
    for sample in profile.samples:
        source = [f for f in sample.frames if _is_source_line(f)]
        if not source:
            continue
        keys = set()
        for frame in source:
            key = (frame.file, frame.line, frame.tier)
            keys.add(key)
            names.setdefault(key, frame.function)
        innermost = source[-1]
        key = (innermost.file, innermost.line, innermost.tier)
        self_counts[key] = self_counts.get(key, 0) + sample.count
        for key in keys:
            totals[key] = totals.get(key, 0) + sample.count
    stats = [LineStat(k[0], k[1], k[2], names[k], self_counts.get(k, 0), n) for k, n in totals.items()]
    return sorted(stats, key=lambda s: (-s.self_count, -s.total_count, s.file, s.line))


def thread_stats(profile: Profile) -> list[ThreadStat]:
    counts: dict[int, int] = {}
    leaves: dict[int, dict[str, int]] = {}
    for sample in profile.samples:
        counts[sample.thread] = counts.get(sample.thread, 0) + sample.count
        per = leaves.setdefault(sample.thread, {})
        name = sample.frames[-1].function
        per[name] = per.get(name, 0) + sample.count
    stats = []
    for tid, n in counts.items():
        per = leaves[tid]
        hottest = max(per, key=lambda k: (per[k], k)) if per else ""
        stats.append(ThreadStat(tid, profile.threads[tid].label, n, hottest))
    return sorted(stats, key=lambda s: (-s.count, s.tid))


def _is_source_line(frame: Frame) -> bool:
    return frame.line > 0 and frame.tier in (Tier.PYTHON, Tier.COMPILED)
