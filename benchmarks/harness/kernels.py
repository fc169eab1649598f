"""The benchmarked kernels: what each computes, its sizes per preset, how many
repetitions, and how strictly the peers' checksums must agree."""
from __future__ import annotations

from dataclasses import dataclass

PRESETS = ("full", "quick", "tiny")


@dataclass(frozen=True)
class Kernel:
    name: str
    title: str
    # command-line size arguments of every implementation, per preset
    sizes: dict[str, tuple[int, ...]]
    # relative tolerance of the checksum comparison; 0.0 = bit-identical
    tolerance: float = 0.0
    tolerance_reason: str = ""
    # the peer whose time is the "x C" denominator
    baseline_peer: str = "C"
    # for the bridge: the kernel time is per call, the first size is the call count
    per_call: bool = False
    # runs on all cores: the timing thread's CPU time is not the kernel's
    parallel: bool = False

    def args(self, preset: str) -> tuple[int, ...]:
        return self.sizes[preset]

    def size_label(self, preset: str) -> str:
        return " ".join(str(v) for v in self.sizes[preset])


KERNELS: tuple[Kernel, ...] = (
    Kernel("mandelbrot", "mandelbrot WIDTHxHEIGHT, max_iter (scalar)",
           {"full": (960, 960, 200), "quick": (320, 320, 200), "tiny": (48, 32, 50)},
           tolerance=2e-3,
           tolerance_reason="gcc -O3 -march=native contracts a*b+c into FMA "
                            "(its default -ffp-contract=fast), which moves a few "
                            "boundary pixels, and so may `kiln run --fast-math`; every "
                            "other peer is bit-identical"),
    Kernel("matmul_naive", "matmul NxN float64, naive m-k-n loops",
           {"full": (512,), "quick": (128,), "tiny": (32,)}),
    Kernel("matmul_best", "matmul NxN float64, best (tiled+SIMD+parallel / BLAS)",
           {"full": (512,), "quick": (256,), "tiny": (32,)}, parallel=True),
    Kernel("fib", "fib(N), recursive",
           {"full": (32,), "quick": (27,), "tiny": (15,)}),
    Kernel("nbody", "n-body, 5 bodies, STEPS steps",
           {"full": (1_000_000,), "quick": (100_000,), "tiny": (1_000,)},
           tolerance=1e-9,
           tolerance_reason="FMA contraction (gcc's default, Kiln's --fast-math) changes "
                            "the last bits of the energy"),
    Kernel("bridge", "per-call cost of add(a: Int, b: Int) -> Int from Python",
           {"full": (1_000_000,), "quick": (200_000,), "tiny": (2_000,)},
           per_call=True),
)


def kernel_named(name: str) -> Kernel:
    for kernel in KERNELS:
        if kernel.name == name:
            return kernel
    raise KeyError(name)


@dataclass(frozen=True)
class RepPolicy:
    """Repetitions per process: best-of-N for everyone, fewer for CPython,
    where one repetition of a full-size kernel takes seconds."""
    reps: int
    slow_peer_reps: int


REPS = {
    "full": RepPolicy(reps=5, slow_peer_reps=3),
    "quick": RepPolicy(reps=3, slow_peer_reps=1),
    "tiny": RepPolicy(reps=2, slow_peer_reps=2),
}
