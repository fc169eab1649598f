"""Value lifecycles: which types own resources, and how values are copied and
destroyed. Trivial types (scalars, SIMD, pointers, structs of those without
lifecycle methods) need nothing, so numeric code carries no ownership cost.

- String: frees its buffer if it owns one; copying copies the bytes.
- List[T]: destroys its elements, frees the buffer; copies element-wise.
- Error: the runtime error object is freed.
- struct: `__del__` if it has one, then its fields; copying calls
  `__copyinit__` if declared, else copies field by field.
- Tuple / Optional: element-wise.
Helpers for lists and structs are generated once per type as internal
functions (`kiln.destroy.<type>`, `kiln.copy.<type>`).
"""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..irbuilder import Builder
from ..layout import I1, I64, PTR, VOID
from ..runtime.base import counted_loop
from .context import ProgramContext


class Lifecycle:
    def __init__(self, ctx: ProgramContext):
        self.ctx = ctx
        self._needs: dict[T.Type, bool] = {}
        self._destroyers: dict[T.Type, ir.Function] = {}
        self._copiers: dict[T.Type, ir.Function] = {}

    # -- classification ------------------------------------------------------
    def needs_destroy(self, t: T.Type) -> bool:
        known = self._needs.get(t)
        if known is None:
            self._needs[t] = False            # recursion guard (self-referential via pointers)
            known = self._compute_needs(t)
            self._needs[t] = known
        return known

    def _compute_needs(self, t: T.Type) -> bool:
        if isinstance(t, T.NamedBuiltin):
            return t.name in ("String", "Error")
        if isinstance(t, T.ListType):
            return True
        if isinstance(t, T.TupleType):
            return any(self.needs_destroy(e) for e in t.elements)
        if isinstance(t, T.OptionalType):
            return self.needs_destroy(t.element)
        if isinstance(t, T.StructType):
            lay = self.ctx.structs.get(t)
            if lay is None:
                return False
            return lay.has_del or "__copyinit__" in lay.methods and "__copyinit__" not in lay.synthesized \
                or any(self.needs_destroy(f.type) for f in lay.fields)
        return False

    # -- destroy -------------------------------------------------------------
    def destroy(self, b: ir.IRBuilder, value: ir.Value, t: T.Type) -> None:
        if not self.needs_destroy(t):
            return
        rt = self.ctx.runtime
        if t == T.STRING or t == T.STRING_LITERAL:
            b.call(rt.get("kiln_str_free"), [value])
        elif t == T.ERROR:
            b.call(rt.get("kiln_error_free"), [value])
        else:
            b.call(self._destroyer(t), [value])

    def flagged(self, captured: list) -> list:
        """The captured variables whose live flags a closure environment
        carries after their storage pointers (in this order)."""
        return [var for var in captured if self.needs_destroy(var.type)]

    def destroy_fields(self, b: ir.IRBuilder, value: ir.Value, t: T.StructType) -> None:
        """The fields of a struct value (after its `__del__` ran)."""
        lay = self.ctx.structs[t]
        for i, f in enumerate(lay.fields):
            if self.needs_destroy(f.type):
                self.destroy(b, b.extract_value(value, i), f.type)

    def _destroyer(self, t: T.Type) -> ir.Function:
        fn = self._destroyers.get(t)
        if fn is not None:
            return fn
        ctx = self.ctx
        fn = ir.Function(ctx.module, ir.FunctionType(VOID, [ctx.layout.llvm(t)]),
                         ctx.module.get_unique_name(f"kiln.destroy.{t}"))
        fn.linkage = "internal"
        self._destroyers[t] = fn
        b = Builder(fn.append_basic_block("entry"))
        value = fn.args[0]
        if isinstance(t, T.ListType):
            self._destroy_list(b, value, t)
        elif isinstance(t, T.TupleType):
            for i, e in enumerate(t.elements):
                self.destroy(b, b.extract_value(value, i), e)
        elif isinstance(t, T.OptionalType):
            with b.if_then(b.extract_value(value, 0)):
                self.destroy(b, b.extract_value(value, 1), t.element)
        elif isinstance(t, T.StructType):
            self._destroy_struct(b, value, t)
        b.ret_void()
        return fn

    def _destroy_list(self, b, value, t: T.ListType) -> None:
        data = b.extract_value(value, 0)
        if self.needs_destroy(t.element):
            elem_ty = self.ctx.layout.llvm(t.element)
            with counted_loop(b, I64(0), b.extract_value(value, 1), "elem") as i:
                item = b.load(b.gep(data, [i], source_etype=elem_ty), typ=elem_ty)
                self.destroy(b, item, t.element)
        from ..runtime.libc import libc
        b.call(libc(self.ctx.module, "free"), [data])

    def _destroy_struct(self, b, value, t: T.StructType) -> None:
        lay = self.ctx.structs[t]
        if lay.has_del:
            key = lay.methods["__del__"][0]
            b.call(self.ctx.declared(key).function, [value])   # __del__ destroys the fields
        else:
            self.destroy_fields(b, value, t)

    # -- copy ----------------------------------------------------------------
    def copy(self, b: ir.IRBuilder, value: ir.Value, t: T.Type) -> ir.Value:
        if not self.needs_destroy(t) and not self._has_copyinit(t):
            return value
        if t == T.STRING or t == T.STRING_LITERAL:
            return b.call(self.ctx.runtime.get("kiln_str_copy"), [value])
        if t == T.ERROR:
            return b.call(self.ctx.runtime.get("kiln_error_copy"), [value])
        return b.call(self._copier(t), [value])

    def _has_copyinit(self, t: T.Type) -> bool:
        if not isinstance(t, T.StructType):
            return False
        lay = self.ctx.structs.get(t)
        return lay is not None and "__copyinit__" in lay.methods and "__copyinit__" not in lay.synthesized

    def _copier(self, t: T.Type) -> ir.Function:
        fn = self._copiers.get(t)
        if fn is not None:
            return fn
        ctx = self.ctx
        ty = ctx.layout.llvm(t)
        fn = ir.Function(ctx.module, ir.FunctionType(ty, [ty]),
                         ctx.module.get_unique_name(f"kiln.copy.{t}"))
        fn.linkage = "internal"
        self._copiers[t] = fn
        b = Builder(fn.append_basic_block("entry"))
        value = fn.args[0]
        if isinstance(t, T.ListType):
            b.ret(self._copy_list(b, value, t))
        elif isinstance(t, T.TupleType):
            for i, e in enumerate(t.elements):
                value = b.insert_value(value, self.copy(b, b.extract_value(value, i), e), i)
            b.ret(value)
        elif isinstance(t, T.OptionalType):
            with b.if_then(b.extract_value(value, 0)):
                b.ret(b.insert_value(value, self.copy(b, b.extract_value(value, 1), t.element), 1))
            b.ret(value)
        else:
            b.ret(self._copy_struct(b, value, t))
        return fn

    def _copy_list(self, b, value, t: T.ListType) -> ir.Value:
        from ..runtime.libc import libc
        elem_ty = self.ctx.layout.llvm(t.element)
        size = I64(self.ctx.layout.size(t.element))
        n = b.extract_value(value, 1)
        cap = b.select(b.icmp_signed("<", n, I64(1)), I64(1), n)
        data = b.call(libc(self.ctx.module, "malloc"), [b.mul(cap, size)])
        src = b.extract_value(value, 0)
        if self.needs_destroy(t.element) or self._has_copyinit(t.element):
            with counted_loop(b, I64(0), n, "elem") as i:
                item = b.load(b.gep(src, [i], source_etype=elem_ty), typ=elem_ty)
                b.store(self.copy(b, item, t.element), b.gep(data, [i], source_etype=elem_ty))
        else:
            b.call(libc(self.ctx.module, "memcpy"), [data, src, b.mul(n, size)])
        out = b.insert_value(value, data, 0)
        return b.insert_value(out, cap, 2)

    def _copy_struct(self, b, value, t: T.StructType) -> ir.Value:
        lay = self.ctx.structs[t]
        if self._has_copyinit(t):
            key = lay.methods["__copyinit__"][0]
            slot = b.alloca(self.ctx.layout.llvm(t), name="copy")
            d = self.ctx.declared(key)
            b.call(d.function, [slot, value])
            return b.load(slot, typ=self.ctx.layout.llvm(t))
        for i, f in enumerate(lay.fields):
            if self.needs_destroy(f.type) or self._has_copyinit(f.type):
                value = b.insert_value(value, self.copy(b, b.extract_value(value, i), f.type), i)
        return value


TRUE = I1(1)
NULLPTR = ir.Constant(PTR, None)
