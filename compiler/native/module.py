"""A fresh LLVM module for one Kiln module.

Each module gets its own `ir.Context`: the global context remembers identified
struct names, so a second module defining the same struct would clash. The
triple and data layout come from the target before any IR is built, so
alignments are the target's (i64 stores aligned to 8, not 4).
"""
from __future__ import annotations

from llvmlite import ir

from .target import Target


def new_module(name: str, target: Target) -> ir.Module:
    module = ir.Module(name=name, context=ir.Context())
    module.triple = target.triple
    module.data_layout = target.data_layout
    return module


def declare(module: ir.Module, name: str, result: ir.Type,
            params: list[ir.Type], *, varargs: bool = False) -> ir.Function:
    """The declaration of an external (C library) function, created once."""
    existing = module.globals.get(name)
    if existing is not None:
        return existing
    return ir.Function(module, ir.FunctionType(result, params, var_arg=varargs), name)
