"""From LLVM IR text to machine code: parse, verify, optimise, emit.

The code generator hands over textual IR (llvmlite.ir's output); this module
turns it into an object file, assembly, or optimised IR text.
"""
from __future__ import annotations

from dataclasses import dataclass

import llvmlite.binding as llvm

from .optimize import optimize
from .target import Target


class IRVerificationError(Exception):
    """The generated IR is invalid: always a bug in Kiln's code generator."""


@dataclass(frozen=True)
class Compiled:
    """The artefacts of one module at one optimisation level."""

    optimized_ir: str
    object_code: bytes


def parse_and_verify(ir_text: str, target: Target) -> llvm.ModuleRef:
    try:
        mod = llvm.parse_assembly(ir_text)
        mod.verify()
    except RuntimeError as exc:
        raise IRVerificationError(str(exc)) from None
    mod.triple = target.triple
    mod.data_layout = target.data_layout
    return mod


def compile_ir(ir_text: str, target: Target, opt: int) -> Compiled:
    mod = parse_and_verify(ir_text, target)
    optimize(mod, target, opt)
    obj = target.machine(opt).emit_object(mod)
    return Compiled(str(mod), obj)


def emit_assembly(ir_text: str, target: Target, opt: int) -> str:
    mod = parse_and_verify(ir_text, target)
    optimize(mod, target, opt)
    return target.machine(opt).emit_assembly(mod)


def optimized_ir(ir_text: str, target: Target, opt: int) -> str:
    mod = parse_and_verify(ir_text, target)
    optimize(mod, target, opt)
    return str(mod)
