"""One row of the table: what measuring one implementation of one kernel gave."""
from __future__ import annotations

from dataclasses import dataclass, field

from .protocol import Checksum


@dataclass
class Row:
    kernel: str
    peer: str
    command: list[str]
    failed: str | None = None          # one-line reason; None when it ran and checked out
    kernel_ns: float | None = None     # best repetition (per call for the bridge)
    median_ns: float | None = None
    rep_ns: list[int] = field(default_factory=list)
    # the timing thread's CPU time in the kernel: best of the repetitions; None
    # for parallel kernels, where one thread's CPU time is not the kernel's
    kernel_cpu_ns: float | None = None
    rep_cpu_ns: list[int] = field(default_factory=list)
    baseline_ns: list[int] = field(default_factory=list)
    checksum: Checksum | None = None
    check: str = ""                    # "exact" or "within <tol>" once verified
    compile_ns: int | None = None      # build (C), JIT warm-up (Numba), cold - warm (Kiln)
    process_ns: int | None = None      # whole process, wall clock (Kiln: warm cache)
    cold_process_ns: int | None = None # Kiln: whole process with an empty cache
    process_cpu_ns: int | None = None  # CPU time (user + system) of the process above
    cold_process_cpu_ns: int | None = None

    @property
    def ok(self) -> bool:
        return self.failed is None

    def fail(self, reason: str) -> "Row":
        self.failed = reason
        return self
