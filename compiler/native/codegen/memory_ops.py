"""Pointers and raw memory (a mixin): `UnsafePointer[T].alloc(n)` (64-byte
aligned, so SIMD loads of whole rows are aligned), `free`, SIMD `load`/`store`
of `width` elements, `offset`, `memset_zero`, `memcpy`, `sizeof`,
`simdwidthof`. Pointer arithmetic is element-wise, as in Mojo."""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..layout import I32, I64, PTR, VOID
from ..runtime.errors import VALUE
from ..runtime.libc import libc
from .values import Val

ALIGNMENT = 64


class MemoryMixin:
    def memory_builtins(self) -> dict:
        return {
            "UnsafePointer.alloc": self.pointer_alloc,
            "DTypePointer.alloc": self.pointer_alloc,
            "UnsafePointer.free": self.pointer_free,
            "DTypePointer.free": self.pointer_free,
            "UnsafePointer.load": self.pointer_load,
            "DTypePointer.load": self.pointer_load,
            "UnsafePointer.store": self.pointer_store,
            "DTypePointer.store": self.pointer_store,
            "UnsafePointer.offset": self.pointer_offset,
            "UnsafePointer.is_null": self.pointer_is_null,
            "UnsafePointer.bitcast": self.pointer_bitcast,
            "UnsafePointer": self.pointer_null,
            "memset_zero": self.memset_zero,
            "memcpy": self.memory_copy,
            "sizeof": self.builtin_sizeof,
            "simdwidthof": self.builtin_simdwidthof,
        }

    def _element_size(self, t: T.Type) -> int:
        return self.layout.size(t)

    def pointer_alloc(self, node, target) -> Val:
        t = self.result_type(node, target)
        args = self.args_of(node, target)
        count = self.scalar_int(self.expr(args[-1]))
        if not (isinstance(count, ir.Constant) and isinstance(count.constant, int) and count.constant >= 0):
            with self.b.if_then(self.b.icmp_signed("<", count, I64(0)), likely=False):
                self.fault(VALUE, "UnsafePointer.alloc: negative count", node)
        size = self.b.mul(count, I64(self._element_size(t.pointee)))
        rounded = self.b.and_(self.b.add(size, I64(ALIGNMENT - 1)), I64(-ALIGNMENT))
        rounded = self.b.select(self.b.icmp_signed("<", rounded, I64(ALIGNMENT)), I64(ALIGNMENT), rounded)
        aligned_alloc = self._libc_fn("aligned_alloc", PTR, [I64, I64])
        return Val(self.b.call(aligned_alloc, [I64(ALIGNMENT), rounded]), t)

    def _libc_fn(self, name: str, result, params) -> ir.Function:
        from ..module import declare
        return declare(self.ctx.module, name, result, params)

    def pointer_free(self, node, target) -> Val:
        (ptr,) = self.args_of(node, target)[:1]
        self.b.call(libc(self.ctx.module, "free"), [self.expr(ptr).value])
        return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)

    def _width(self, target) -> int:
        for arg in target.comptime_args:
            if isinstance(arg, int) and not isinstance(arg, bool):
                return arg
        return 1

    def pointer_load(self, node, target) -> Val:
        args = self.args_of(node, target)
        ptr = self.expr(args[0])
        pointee = ptr.type.pointee
        base = ptr.value
        if len(args) > 1:
            base = self.b.gep(base, [self.scalar_int(self.expr(args[1]))], source_etype=self.layout.llvm(pointee))
        t = self.result_type(node, target)
        ty = self.layout.llvm(t)
        load = self.b.load(base, typ=ty)
        load.align = self._element_size(pointee)
        return Val(load, t)

    def pointer_store(self, node, target) -> Val:
        args = self.args_of(node, target)
        ptr = self.expr(args[0])
        pointee = ptr.type.pointee
        base = ptr.value
        value_node = args[-1]
        if len(args) > 2:
            base = self.b.gep(base, [self.scalar_int(self.expr(args[1]))], source_etype=self.layout.llvm(pointee))
        width = self._width(target)
        value_t = self.inst.expr_types.get(value_node)
        if width > 1 or isinstance(value_t, T.SIMDType):
            w = width if width > 1 else value_t.width
            value = self.cast_value(self.expr(value_node), T.SIMDType(pointee.dtype, w), value_node).value
        else:
            value = self.cast_value(self.expr(value_node), pointee, value_node).value
        store = self.b.store(value, base)
        store.align = self._element_size(pointee)
        return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)

    def pointer_offset(self, node, target) -> Val:
        args = self.args_of(node, target)
        ptr = self.expr(args[0])
        offset = self.scalar_int(self.expr(args[1]))
        return Val(self.b.gep(ptr.value, [offset], source_etype=self.layout.llvm(ptr.type.pointee)), ptr.type)

    def memset_zero(self, node, target) -> Val:
        args = self.args_of(node, target)
        ptr = self.expr(args[0])
        count = self.scalar_int(self.expr(args[1]))
        size = self.b.mul(count, I64(self._element_size(ptr.type.pointee)))
        self.b.call(libc(self.ctx.module, "memset"), [ptr.value, I32(0), size])
        return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)

    def memory_copy(self, node, target) -> Val:
        args = self.args_of(node, target)
        dst, src = self.expr(args[0]), self.expr(args[1])
        count = self.scalar_int(self.expr(args[2]))
        size = self.b.mul(count, I64(self._element_size(dst.type.pointee)))
        self.b.call(libc(self.ctx.module, "memmove"), [dst.value, src.value, size])
        return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)

    def pointer_is_null(self, node, target) -> Val:
        ptr = self.expr(self.args_of(node, target)[0])
        return Val(self.b.icmp_unsigned("==", ptr.value, ir.Constant(PTR, None)), T.BOOL)

    def pointer_bitcast(self, node, target) -> Val:
        ptr = self.expr(self.args_of(node, target)[0])
        return Val(ptr.value, self.result_type(node, target))

    def pointer_null(self, node, target) -> Val:
        return Val(ir.Constant(PTR, None), self.result_type(node, target))

    def _folded(self, target) -> int | None:
        value = target.comptime_args[0] if target.comptime_args else None
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def builtin_sizeof(self, node, target) -> Val:
        if self._folded(target) is not None:
            return Val(I64(self._folded(target)), T.INT)
        t = next((a for a in target.comptime_args if isinstance(a, T.Type)), None)
        if t is None:
            dtype = next((a for a in target.comptime_args if isinstance(a, T.DType)), None)
            t = T.scalar_of(dtype) if dtype is not None else None
        if t is None:
            raise self.internal("sizeof without a type parameter", node)
        return Val(I64(self._element_size(t)), T.INT)

    def builtin_simdwidthof(self, node, target) -> Val:
        if self._folded(target) is not None:
            return Val(I64(self._folded(target)), T.INT)
        dtype = next((a for a in target.comptime_args if isinstance(a, T.DType)), None)
        if dtype is None:
            t = next((a for a in target.comptime_args if isinstance(a, T.ScalarType)), None)
            dtype = t.dtype if t is not None else None
        if dtype is None:
            raise self.internal("simdwidthof without a dtype", node)
        bits = 8 if dtype.name == "bool" else dtype.bits
        return Val(I64(max(self.ctx.target.vector_bits() // bits, 1)), T.INT)
