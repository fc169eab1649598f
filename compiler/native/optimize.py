"""Optimisation pipelines (LLVM's new pass manager).

-O0 runs only the always-inliner, so a debug build keeps every variable in
its stack slot where gdb finds it. -O1..-O3 run LLVM's standard per-level
pipelines with loop and SLP vectorisation on from -O2.
"""
from __future__ import annotations

import llvmlite.binding as llvm

from .target import Target


def optimize(module: llvm.ModuleRef, target: Target, level: int) -> None:
    tm = target.machine(level)
    pto = llvm.create_pipeline_tuning_options(speed_level=min(max(level, 0), 3))
    if level >= 2:
        pto.loop_vectorization = True
        pto.slp_vectorization = True
        pto.loop_unrolling = True
        pto.loop_interleaving = True
    pb = llvm.create_pass_builder(tm, pto)
    if level == 0:
        pm = llvm.create_new_module_pass_manager()
        pm.add_always_inliner_pass()
    else:
        pm = pb.getModulePassManager()
    pm.run(module, pb)
