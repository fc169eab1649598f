"""The LLVM target: initialisation, the host's triple/CPU/features, and the
target machines used for shared objects (PIC) and executables.

Everything LLVM-global happens here once per process; the rest of the native
tier asks this module for a `Target` and never calls `llvm.initialize_*`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import llvmlite.binding as llvm


@dataclass(frozen=True)
class Target:
    """The code-generation target (the host: compiled code runs in-process)."""

    triple: str
    cpu: str
    features: str
    data_layout: str

    @property
    def key(self) -> str:
        """What distinguishes binaries for cache keys."""
        return f"{self.triple}|{self.cpu}|{self.features}"

    def machine(self, opt: int) -> llvm.TargetMachine:
        """PIC code for both shared objects and (PIE) executables."""
        return _machine(self, opt)

    def vector_bits(self) -> int:
        """Width of the host's widest SIMD registers, for `simdwidthof` (the
        same answer the checker got from hostinfo, so types agree)."""
        from .hostinfo import vector_bits
        return vector_bits()


@functools.cache
def _init() -> None:
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    llvm.initialize_native_asmparser()


@functools.cache
def host() -> Target:
    _init()
    triple = llvm.get_process_triple()
    cpu = llvm.get_host_cpu_name()
    features = llvm.get_host_cpu_features().flatten()
    tm = llvm.Target.from_triple(triple).create_target_machine(
        cpu=cpu, features=features, opt=2, reloc="pic", codemodel="default")
    return Target(triple, cpu, features, str(tm.target_data))


@functools.cache
def _machine(target: Target, opt: int) -> llvm.TargetMachine:
    _init()
    return llvm.Target.from_triple(target.triple).create_target_machine(
        cpu=target.cpu, features=target.features, opt=min(opt, 3),
        reloc="pic", codemodel="default")
