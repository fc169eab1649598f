"""What the sampling engine recorded, before attribution.

py-spy writes a speedscope file: one "sampled" profile per thread (named
`Thread 1234 "MainThread"`, or `Process 99 Thread 1234 ...` with
subprocesses), frames shared between them as `{name, file, line}`, and per
profile a list of stacks (frame indices, root first) with a weight each in
seconds. `read_pyspy_speedscope` turns that into `RawProfile`s without
interpreting any frame: interpretation is `attribution.py`'s job.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass


class RawProfileError(Exception):
    """The engine's output is not a profile we understand."""


@dataclass(frozen=True)
class RawFrame:
    name: str        # function name, or `0x7f...` for an address without a symbol
    file: str        # source path, shared object path, `<frozen ...>` or `?`
    line: int        # 0 when the engine has no line


@dataclass(frozen=True)
class RawThread:
    tid: int
    name: str        # Python's thread name when the thread has one, else ""
    process: int     # 0 when the engine did not say


@dataclass(frozen=True)
class RawStack:
    frames: tuple[RawFrame, ...]   # root first
    count: int


@dataclass(frozen=True)
class RawThreadSamples:
    thread: RawThread
    stacks: tuple[RawStack, ...]


@dataclass(frozen=True)
class RawProfile:
    rate: int
    threads: tuple[RawThreadSamples, ...]

    @property
    def total(self) -> int:
        return sum(s.count for t in self.threads for s in t.stacks)


_THREAD_NAME = re.compile(r'^(?:Process (?P<pid>\d+) )?Thread (?P<tid>(?:0x)?[0-9a-fA-F]+)(?: "(?P<name>.*)")?')


def read_pyspy_speedscope(text: str, rate: int) -> RawProfile:
    try:
        data = json.loads(text)
        frames = [_frame(f) for f in data["shared"]["frames"]]
        threads = tuple(_thread_samples(p, frames, rate) for p in data["profiles"])
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise RawProfileError(f"unreadable speedscope data from py-spy: {exc}") from None
    return RawProfile(rate, threads)


def _frame(entry: dict) -> RawFrame:
    return RawFrame(str(entry["name"]), str(entry.get("file") or "?"), int(entry.get("line") or 0))


def _thread_samples(profile: dict, frames: list[RawFrame], rate: int) -> RawThreadSamples:
    thread = _thread(str(profile.get("name", "")))
    # Merge identical stacks: py-spy writes one entry per sample.
    counts: dict[tuple[int, ...], int] = {}
    for stack, weight in zip(profile["samples"], profile["weights"]):
        key = tuple(stack)
        counts[key] = counts.get(key, 0) + max(1, round(float(weight) * rate))
    stacks = tuple(RawStack(tuple(frames[i] for i in key), n) for key, n in counts.items() if key)
    return RawThreadSamples(thread, stacks)


def _thread(name: str) -> RawThread:
    match = _THREAD_NAME.match(name)
    if match is None:
        return RawThread(0, name, 0)
    tid = match["tid"]
    return RawThread(int(tid, 16) if tid.startswith("0x") else int(tid),
                     match["name"] or "", int(match["pid"] or 0))
