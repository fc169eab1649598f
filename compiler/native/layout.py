"""How Kiln's compiled-tier types are laid out in LLVM: the single place that
maps a `semantic.types.Type` to an `llvmlite.ir` type, plus sizes and field
offsets (from the target's data layout) for DWARF and the bridge.

Representations (natural C alignment, no hidden headers):
- Int, IntN, UIntN -> iN; Bool -> i1 in registers (a byte in memory);
  Float16/32/64 -> half/float/double.
- SIMD[dtype, w] -> <w x elem>; UnsafePointer[T] -> ptr.
- String -> {ptr data, i64 len, i64 cap}, NUL-terminated bytes; see
  runtime/strings.py for what the capacity says about ownership.
  StringLiteral has the same layout so conversion is free.
- List[T] -> {ptr data, i64 len, i64 cap}.
- Tuple[...] -> a literal struct of the elements; Optional[T] -> {i1, T}.
- Error -> ptr to the runtime's error object (runtime/errors.py);
  NoneType -> void (as a result), {} as a value.
- a user struct -> an identified struct type named after its declaration and
  parameters, fields in declaration order.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import llvmlite.binding as llvm
from llvmlite import ir

from ..semantic import types as T

I1 = ir.IntType(1)
I8 = ir.IntType(8)
I32 = ir.IntType(32)
I64 = ir.IntType(64)
PTR = ir.PointerType()
VOID = ir.VoidType()
F64 = ir.DoubleType()

_FLOATS = {16: ir.HalfType(), 32: ir.FloatType(), 64: ir.DoubleType()}


@dataclass(frozen=True)
class Field:
    name: str
    type: T.Type


StructFields = Callable[[T.StructType], Sequence[Field]]


def element_type(dtype: T.DType) -> ir.Type:
    if dtype.is_float:
        return _FLOATS[dtype.bits]
    return ir.IntType(dtype.bits)


class Layout:
    """Kiln type -> LLVM type for one LLVM module (identified struct types
    live in the module's own `ir.Context`)."""

    def __init__(self, context: ir.Context, target_data: str,
                 struct_fields: StructFields):
        self.context = context
        self.target_data = llvm.create_target_data(target_data)
        self.struct_fields = struct_fields
        self._structs: dict[T.StructType, ir.IdentifiedStructType] = {}
        self.string = ir.LiteralStructType([PTR, I64, I64])
        self.list = ir.LiteralStructType([PTR, I64, I64])
        self.error = PTR

    def llvm(self, t: T.Type) -> ir.Type:
        """The value representation of `t` (NoneType gives an empty struct)."""
        if isinstance(t, T.ScalarType):
            return element_type(t.dtype)
        if isinstance(t, T.SIMDType):
            return ir.VectorType(element_type(t.dtype), t.width)
        if isinstance(t, T.PointerType):
            return PTR
        if isinstance(t, T.NamedBuiltin):
            if t.name in ("String", "StringLiteral"):
                return self.string
            if t.name == "Error":
                return self.error
            if t.name == "DType":
                return I8
            return ir.LiteralStructType([])
        if isinstance(t, T.ListType):
            return self.list
        if isinstance(t, T.TupleType):
            return ir.LiteralStructType([self.llvm(e) for e in t.elements])
        if isinstance(t, T.OptionalType):
            return ir.LiteralStructType([I1, self.llvm(t.element)])
        if isinstance(t, T.StructType):
            return self.struct(t)
        if isinstance(t, T.FnType):
            return PTR
        raise TypeError(f"no native representation for type {t}")

    def result(self, t: T.Type) -> ir.Type:
        """The representation of `t` as a function result (None -> void)."""
        return VOID if t == T.NONE else self.llvm(t)

    def struct(self, t: T.StructType) -> ir.IdentifiedStructType:
        st = self._structs.get(t)
        if st is None:
            st = self.context.get_identified_type(f"struct.{t}")
            self._structs[t] = st
            st.set_body(*[self.llvm(f.type) for f in self.struct_fields(t)])
        return st

    # -- sizes -----------------------------------------------------------------
    def size(self, t: T.Type) -> int:
        """ABI size in bytes."""
        ty = self.llvm(t)
        return ty.get_abi_size(self.target_data, context=self.context)

    def align(self, t: T.Type) -> int:
        return self.llvm(t).get_abi_alignment(self.target_data, context=self.context)

    def field_offsets(self, t: T.StructType) -> list[int]:
        st = self.struct(t)
        return [st.get_element_offset(self.target_data, i, context=self.context)
                for i in range(len(st.elements))]
