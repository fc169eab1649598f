"""The attributed profile: what the reports and the flame graphs read.

A `Profile` is a list of `StackSample`s, each a stack of `Frame`s (root
first) seen `count` times on one thread. Frames are already attributed: every
frame is a place in source code the user can open (a `.kiln` line of a `def`
or an `fn`, a line of a Python library, or a function of a foreign native
library), and the interpreter, ctypes/libffi, bridge wrappers and Kiln's own
runner frames are gone (`attribution.py` decides that).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Tier(str, Enum):
    PYTHON = "python"        # CPython ran it: `def`, top-level code, `.py` libraries
    COMPILED = "compiled"    # Kiln's native tier: `fn`, struct methods (DWARF lines)
    NATIVE = "native"        # a foreign shared library (libm, numpy, BLAS, ...)


@dataclass(frozen=True)
class Frame:
    function: str            # `driver`, `Matrix.load`, `spread.work`
    file: str                # absolute path (a `.kiln`/`.py` file, or a shared object)
    line: int                # 1-based; 0 when nothing finer than the function is known
    tier: Tier

    @property
    def has_line(self) -> bool:
        return self.line > 0


@dataclass(frozen=True)
class ThreadInfo:
    tid: int                 # the OS thread id
    label: str               # "main thread", "parallelize worker", "Thread-1 (reader)"
    process: int = 0         # the OS process id (subprocesses are profiled too)


@dataclass(frozen=True)
class StackSample:
    thread: int              # tid, a key of `Profile.threads`
    frames: tuple[Frame, ...]  # root first; never empty
    count: int


@dataclass
class Profile:
    program: str             # the profiled `.kiln` file (absolute)
    rate: int                # samples per second per thread
    samples: list[StackSample]
    threads: dict[int, ThreadInfo]
    outside: int = 0         # samples with no frame of the program (start-up, shutdown, GC)
    notes: list[str] = field(default_factory=list)  # caveats to print under the report

    @property
    def total(self) -> int:
        """Samples attributed to the program (the 100% of every percentage)."""
        return sum(s.count for s in self.samples)

    @property
    def seconds(self) -> float:
        """Thread time the samples stand for: py-spy samples threads that are
        running or ready to run (on a busy machine, more than CPU time)."""
        return self.total / self.rate if self.rate else 0.0
