"""Facts about the host that the warm path needs without importing llvmlite
(~60 ms): a fingerprint of the CPU for cache keys and the SIMD register
width for `simdwidthof`. LLVM derives its host features from the same CPUID
bits the kernel reports in /proc/cpuinfo."""
from __future__ import annotations

import functools
import hashlib
import os
import sys


@functools.cache
def _cpu_flags() -> frozenset[str]:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(("flags", "Features")):
                    return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


@functools.cache
def vector_bits() -> int:
    flags = _cpu_flags()
    if "avx512f" in flags:
        return 512
    if "avx" in flags or "avx2" in flags:
        return 256
    return 128


@functools.cache
def fingerprint() -> str:
    """Distinguishes machines whose compiled code may differ."""
    h = hashlib.sha256()
    h.update(os.uname().machine.encode())
    h.update(sys.implementation.cache_tag.encode())
    h.update(" ".join(sorted(_cpu_flags())).encode())
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    h.update(line.encode())
                    break
    except OSError:
        pass
    return h.hexdigest()[:32]


def cores() -> int:
    return os.cpu_count() or 1
