"""What the numbers were measured on: CPU, cores, load, tool versions."""
from __future__ import annotations

import os
import platform
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path


SIMD_FLAGS = ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512vl")


@dataclass
class Machine:
    cpu_model: str
    simd: str                 # the vector extensions /proc/cpuinfo lists
    nproc: int
    system: str
    python: str
    gcc: str
    packages: dict[str, str]
    blas: str
    kiln_commit: str
    load_at_start: tuple[float, float, float]
    load_at_end: tuple[float, float, float] | None = None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def simd_flags() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                present = set(line.split(":", 1)[1].split())
                return " ".join(flag for flag in SIMD_FLAGS if flag in present)
    except OSError:
        pass
    return "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _first_line(command: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    lines = done.stdout.strip().splitlines()
    return lines[0] if done.returncode == 0 and lines else "unavailable"


def _versions(names: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _blas() -> str:
    try:
        import numpy
        config = numpy.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception as exc:   # any numpy without the dict config: say so, measure anyway
        return f"unknown ({type(exc).__name__})"


def describe(repo: Path) -> Machine:
    commit = _first_line(["git", "describe", "--always", "--dirty"], cwd=repo)
    return Machine(cpu_model=cpu_model(), simd=simd_flags(), nproc=nproc(),
                   system=f"{platform.system()} {platform.release()}",
                   python=platform.python_version(), gcc=_first_line(["gcc", "--version"]),
                   packages=_versions(("numpy", "numba", "llvmlite", "kiln-lang")),
                   blas=_blas(), kiln_commit=commit, load_at_start=os.getloadavg())
