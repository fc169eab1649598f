"""Everything one run measured, and saving it as JSON in benchmarks/results/."""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from .bar import BarCheck
from .machine import Machine
from .rows import Row
from .toolchain import BuildResult, RunResult


@dataclass
class RunResults:
    started: str                  # ISO 8601, UTC
    preset: str
    reps: int
    slow_reps: int
    machine: Machine
    thread_env: dict[str, str]
    kernel_sizes: dict[str, list[int]]
    rows: list[Row] = field(default_factory=list)
    build: BuildResult | None = None
    run: RunResult | None = None
    bar: list[BarCheck] = field(default_factory=list)
    duration_s: float | None = None


def save(results: RunResults, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(results), indent=2) + "\n")
    tmp.replace(path)
