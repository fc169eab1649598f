"""llvmlite's IRBuilder with opaque pointers throughout.

llvmlite still models typed pointers (an alloca of T has type `T*`), which
LLVM 22 only accepts as a spelling of `ptr`. Typed pointers make llvmlite
reject legal stores through GEPs, so every pointer the native tier creates is
the opaque `ptr`; loads and GEPs always say their element type.
"""
from __future__ import annotations

from llvmlite import ir

PTR = ir.PointerType()


class Builder(ir.IRBuilder):
    def alloca(self, typ, size=None, name=""):
        slot = super().alloca(typ, size=size, name=name)
        slot.type = PTR
        return slot


def opaque_global(module: ir.Module, ty: ir.Type, name: str) -> ir.GlobalVariable:
    gv = ir.GlobalVariable(module, ty, name)
    gv.type = PTR
    return gv


class _Callee(ir.values.Value):
    """An opaque pointer seen as a function of a known type, for indirect calls."""

    def __init__(self, pointer: ir.Value, fnty: ir.FunctionType):
        self.pointer = pointer
        self.function_type = fnty
        self.type = ir.types._TypedPointerType(fnty)

    def get_reference(self) -> str:
        return self.pointer.get_reference()

    def __str__(self) -> str:
        return str(self.pointer)


def call_indirect(b: ir.IRBuilder, fnty: ir.FunctionType, pointer: ir.Value,
                  args: list[ir.Value], name: str = "") -> ir.Instruction:
    return b.call(_Callee(pointer, fnty), args, name=name)
