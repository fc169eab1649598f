"""The implementations of each kernel: which peer, the files it comes from,
how the harness builds it and the command that runs it. An implementation
exists when its source file exists in benchmarks/kernels/:

    <kernel>.kiln         Kiln     `kiln run`, compiled tier called from `def main()`
    <kernel>.c            C        gcc -O3 -march=native, built into a temp dir
    <kernel>_numba.py     Numba    @njit, timed after a warm-up call
    <kernel>_numpy.py     NumPy    (OpenBLAS, all cores)
    <kernel>_py.py        CPython
"""
from __future__ import annotations

import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

C_COMPILER = "gcc"
C_FLAGS = ("-O3", "-march=native")
# per kernel: what its C file needs beyond C_FLAGS (libraries go last)
C_EXTRA_FLAGS = {"matmul_best": ("-fopenmp",), "nbody": ("-lm",)}

# Kernels whose C peer gcc contracts into FMA by default (a*b+c in one rounding),
# which Kiln may not do (language.md: bit-identical to CPython). They get a
# second, informational C row built with -ffp-contract=off; ratios stay against "C".
# The mirror image: an informational Kiln row built with `--fast-math`, the way
# a Kiln user opts into contraction (and reassociation) for the whole build.
FMA_SENSITIVE = ("mandelbrot", "matmul_naive", "nbody")
C_NO_FMA = "C no-FMA"
KILN_FAST_MATH = "Kiln fast-math"

PEER_ORDER = ("Kiln", KILN_FAST_MATH, "C", C_NO_FMA, "C ctypes", "Numba", "NumPy", "CPython")


@dataclass(frozen=True)
class BuildStep:
    """A compile the harness runs (and times) before running the implementation."""
    command: tuple[str, ...]
    output: Path


@dataclass(frozen=True)
class Implementation:
    kernel: str
    peer: str
    source: Path
    command: tuple[str, ...]          # the size arguments and REPS are appended
    build: BuildStep | None = None
    cold_and_warm: bool = False       # run twice: empty compile cache, then warm
    slow: bool = False                # gets RepPolicy.slow_peer_reps
    env: dict[str, str] = field(default_factory=dict)


def implementations(kernel: str, kernels_dir: Path, build_dir: Path,
                    python: str) -> list[Implementation]:
    found: list[Implementation] = []
    kiln = kernels_dir / f"{kernel}.kiln"
    if kiln.exists():
        found.append(Implementation(kernel, "Kiln", kiln, (python, "-m", "kiln", "run", str(kiln)),
                                    cold_and_warm=True))
        if kernel in FMA_SENSITIVE:
            found.append(Implementation(kernel, KILN_FAST_MATH, kiln,
                                        (python, "-m", "kiln", "run", "--fast-math", str(kiln))))
    c_source = kernels_dir / f"{kernel}.c"
    if c_source.exists():
        found.extend(_c_implementations(kernel, c_source, kernels_dir, build_dir, python))
    for suffix, peer in (("numba", "Numba"), ("numpy", "NumPy"), ("py", "CPython")):
        script = kernels_dir / f"{kernel}_{suffix}.py"
        if script.exists():
            found.append(Implementation(kernel, peer, script, (python, str(script)),
                                        slow=(peer == "CPython")))
    return sorted(found, key=lambda impl: PEER_ORDER.index(impl.peer))


def _c_implementations(kernel: str, source: Path, kernels_dir: Path, build_dir: Path,
                       python: str) -> list[Implementation]:
    if kernel == "bridge":
        return _c_bridge(source, kernels_dir, build_dir, python)
    exe = build_dir / kernel
    extra = C_EXTRA_FLAGS.get(kernel, ())
    build = BuildStep((C_COMPILER, *C_FLAGS, "-o", str(exe), str(source), *extra), exe)
    found = [Implementation(kernel, "C", source, (str(exe),), build=build)]
    if kernel in FMA_SENSITIVE:
        exact = build_dir / f"{kernel}_nofma"
        step = BuildStep((C_COMPILER, *C_FLAGS, "-ffp-contract=off", "-o", str(exact),
                          str(source), *extra), exact)
        found.append(Implementation(kernel, C_NO_FMA, source, (str(exact),), build=step))
    return found


def _c_bridge(source: Path, kernels_dir: Path, build_dir: Path,
              python: str) -> list[Implementation]:
    """The C side of the bridge is a CPython extension (METH_FASTCALL) whose
    shared object also exports the plain C function for the ctypes row."""
    shared = build_dir / "bridge_ext.so"
    include = sysconfig.get_paths()["include"]
    build = BuildStep((C_COMPILER, *C_FLAGS, "-shared", "-fPIC", f"-I{include}",
                       "-o", str(shared), str(source)), shared)
    driver = str(kernels_dir / "bridge_c.py")
    return [Implementation("bridge", peer, source, (python, driver, mode, str(shared)), build=build)
            for peer, mode in (("C", "cext"), ("C ctypes", "ctypes"))]
