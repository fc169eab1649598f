"""Kiln types as DWARF types, so gdb shows typed values for `fn` frames:
integers, floats, bools, structs with their fields, SIMD lanes (a vector
array type), pointers, strings and lists (as the structs they are)."""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..layout import Layout
from .unit import DebugUnit


def _encoding(dtype: T.DType) -> str:
    if dtype.is_float:
        return "DW_ATE_float"
    if dtype.name == "bool":
        return "DW_ATE_boolean"
    return "DW_ATE_signed" if dtype.is_signed else "DW_ATE_unsigned"


class DebugTypes:
    def __init__(self, unit: DebugUnit, layout: Layout):
        self.unit = unit
        self.module = unit.module
        self.layout = layout
        self._cache: dict[T.Type, ir.DIValue] = {}

    def of(self, t: T.Type) -> ir.DIValue | None:
        """The DWARF type of `t` (None for the unit type)."""
        if t == T.NONE:
            return None
        di = self._cache.get(t)
        if di is None:
            di = self._build(t)
            self._cache[t] = di
        return di

    def _build(self, t: T.Type) -> ir.DIValue:
        if isinstance(t, T.ScalarType):
            return self.basic(t.name, t.dtype)
        if isinstance(t, T.SIMDType):
            return self._vector(t)
        if isinstance(t, T.PointerType):
            return self.pointer(self.of(t.pointee), str(t))
        if isinstance(t, T.NamedBuiltin) and t.name in ("String", "StringLiteral"):
            return self._string(t.name)
        if isinstance(t, T.NamedBuiltin) and t.name == "Error":
            return self.pointer(None, "Error")
        if isinstance(t, T.ListType):
            return self._list(t)
        if isinstance(t, T.TupleType):
            return self.composite(str(t), t, [(f"_{i}", e) for i, e in enumerate(t.elements)])
        if isinstance(t, T.OptionalType):
            return self.composite(str(t), t, [("has_value", T.BOOL), ("value", t.element)])
        if isinstance(t, T.StructType):
            return self.composite(str(t), t, [(f.name, f.type) for f in self.layout.struct_fields(t)])
        return self.basic(str(t), T.DTYPES["uint8"])

    def basic(self, name: str, dtype: T.DType) -> ir.DIValue:
        bits = 8 if dtype.name == "bool" else dtype.bits
        return self.module.add_debug_info("DIBasicType", {
            "name": name, "size": bits, "encoding": ir.DIToken(_encoding(dtype)),
        })

    def pointer(self, pointee: ir.DIValue | None, name: str) -> ir.DIValue:
        return self.module.add_debug_info("DIDerivedType", {
            "tag": ir.DIToken("DW_TAG_pointer_type"), "name": name,
            "baseType": pointee, "size": 64,
        })

    def _vector(self, t: T.SIMDType) -> ir.DIValue:
        elem = self.basic(str(T.scalar_of(t.dtype)), t.dtype)
        subrange = self.module.add_debug_info("DISubrange", {"count": t.width})
        return self.module.add_debug_info("DICompositeType", {
            "tag": ir.DIToken("DW_TAG_array_type"), "name": str(t),
            # bool lanes are packed bits in LLVM; DWARF sizes lanes in bytes
            "baseType": elem, "size": max(self.layout.size(t), t.width * max(t.dtype.bits, 8) // 8) * 8,
            "flags": ir.DIToken("DIFlagVector"),
            "elements": self.module.add_metadata([subrange]),
        })

    def _string(self, name: str) -> ir.DIValue:
        char = self.module.add_debug_info("DIBasicType", {
            "name": "char", "size": 8, "encoding": ir.DIToken("DW_ATE_unsigned_char")})
        data = self.pointer(char, "UnsafePointer[UInt8]")
        return self._composite_from(name, T.STRING,
                                    [("data", data), ("length", self.of(T.INT)),
                                     ("capacity", self.of(T.INT))])

    def _list(self, t: T.ListType) -> ir.DIValue:
        data = self.pointer(self.of(t.element), f"UnsafePointer[{t.element}]")
        return self._composite_from(str(t), t, [("data", data), ("size", self.of(T.INT)),
                                                ("capacity", self.of(T.INT))])

    def composite(self, name: str, t: T.Type, fields: list[tuple[str, T.Type]]) -> ir.DIValue:
        # Register a forward declaration first so a struct reaching itself
        # through a pointer field terminates.
        forward = self.module.add_debug_info("DICompositeType", {
            "tag": ir.DIToken("DW_TAG_structure_type"), "name": name,
            "flags": ir.DIToken("DIFlagFwdDecl"), "identifier": f"kiln.fwd.{name}",
        })
        self._cache[t] = forward
        return self._composite_from(name, t, [(n, self.of(ft)) for n, ft in fields])

    def _composite_from(self, name: str, t: T.Type,
                        members: list[tuple[str, ir.DIValue | None]]) -> ir.DIValue:
        ty = self.layout.llvm(t)
        td, ctx = self.layout.target_data, self.layout.context
        size = ty.get_abi_size(td, context=ctx) * 8
        file = self.unit.file_of_main
        elems = []
        for i, (mname, mtype) in enumerate(members):
            offset = ty.get_element_offset(td, i, context=ctx) * 8
            msize = ty.elements[i].get_abi_size(td, context=ctx) * 8
            elems.append(self.module.add_debug_info("DIDerivedType", {
                "tag": ir.DIToken("DW_TAG_member"), "name": mname, "scope": file,
                "file": file, "baseType": mtype, "size": msize, "offset": offset,
            }))
        return self.module.add_debug_info("DICompositeType", {
            "tag": ir.DIToken("DW_TAG_structure_type"), "name": name,
            "file": file, "size": size,
            "elements": self.module.add_metadata(elems),
        })
