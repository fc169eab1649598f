"""Text of values (a mixin of FunctionEmitter): `print`, `str()`, f-strings.
Both tiers print the same text for the same value (language.md section 4):
numbers through the runtime's Python-exact formatters, `True`/`False`,
SIMD values as `[1.0, 2.0]`, lists as Python prints them, structs through
their `__str__`. A `print` builds its whole line in one String and writes it
with one call, so lines from parallel workers never interleave mid-line."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..layout import I8, I32, I64, PTR
from ..runtime import FORMAT_BUFFER
from ..runtime.base import alloca_entry, counted_loop
from ..runtime.errors import ERROR_TYPE
from .values import Val


class PrintingMixin:
    def new_string_slot(self) -> ir.Value:
        slot = alloca_entry(self.b, self.layout.string, "text")
        empty = ir.Constant(self.layout.string, [cstring(self.ctx.module, b""), I64(0), I64(0)])
        self.b.store(empty, slot)
        return slot

    def append_bytes(self, slot: ir.Value, data: ir.Value, length: ir.Value) -> None:
        self.b.call(self.ctx.runtime.get("kiln_str_append"), [slot, data, length])

    def append_text(self, slot: ir.Value, text: str) -> None:
        data = text.encode()
        self.append_bytes(slot, cstring(self.ctx.module, data), I64(len(data)))

    def to_string(self, val: Val) -> Val:
        if val.type in (T.STRING, T.STRING_LITERAL):
            return val
        slot = self.new_string_slot()
        self.format_into(slot, val, None)
        return self.owned_temp(self.b.load(slot, typ=self.layout.string), T.STRING)

    def format_into(self, slot: ir.Value, val: Val, node: ast.AST | None, *, quoted: bool = False) -> None:
        t, v, b = val.type, val.value, self.b
        if t in (T.STRING, T.STRING_LITERAL):
            if quoted:
                self.append_text(slot, "'")
            self.append_bytes(slot, b.extract_value(v, 0), b.extract_value(v, 1))
            if quoted:
                self.append_text(slot, "'")
        elif isinstance(t, T.ScalarType):
            self._format_scalar(slot, v, t)
        elif isinstance(t, T.SIMDType):
            self._format_sequence(slot, [Val(b.extract_element(v, I32(i)), T.scalar_of(t.dtype))
                                         for i in range(t.width)], "[", "]")
        elif isinstance(t, T.TupleType):
            parts = [Val(b.extract_value(v, i), e) for i, e in enumerate(t.elements)]
            self._format_sequence(slot, parts, "(", ",)" if len(parts) == 1 else ")", quoted=True)
        elif isinstance(t, T.ListType):
            self._format_list(slot, v, t)
        elif isinstance(t, T.OptionalType):
            with b.if_else(b.extract_value(v, 0)) as (some, none):
                with some:
                    self.format_into(slot, Val(b.extract_value(v, 1), t.element), node, quoted=quoted)
                with none:
                    self.append_text(slot, "None")
        elif t == T.NONE:
            self.append_text(slot, "None")
        elif t == T.ERROR:
            message = b.load(b.gep(v, [I32(0), I32(1)], source_etype=ERROR_TYPE), typ=PTR)
            length = b.load(b.gep(v, [I32(0), I32(2)], source_etype=ERROR_TYPE), typ=I64)
            self.append_bytes(slot, message, length)
        elif isinstance(t, T.StructType):
            text = self.struct_str(val, node)
            self.append_bytes(slot, b.extract_value(text.value, 0), b.extract_value(text.value, 1))
        elif isinstance(t, T.PointerType):
            self._format_with(slot, "%p", v)
        else:
            raise self.internal(f"values of type {t} cannot be printed", node)

    def _format_scalar(self, slot, v: ir.Value, t: T.ScalarType) -> None:
        b, rt = self.b, self.ctx.runtime
        if t.is_bool:
            true = cstring(self.ctx.module, b"True")
            false = cstring(self.ctx.module, b"False")
            self.append_bytes(slot, b.select(v, true, false), b.select(v, I64(4), I64(5)))
            return
        buf = alloca_entry(b, ir.ArrayType(I8, FORMAT_BUFFER), "digits")
        if t.is_float:
            if t.bits == 64:
                n = b.call(rt.get("kiln_fmt_f64"), [v, buf])
            else:
                n = b.call(rt.get("kiln_fmt_f32"), [v if t.bits == 32 else b.fpext(v, ir.FloatType()), buf])
        elif t.dtype.is_signed:
            n = b.call(rt.get("kiln_fmt_i64"), [v if t.bits == 64 else b.sext(v, I64), buf])
        else:
            n = b.call(rt.get("kiln_fmt_u64"), [v if t.bits == 64 else b.zext(v, I64), buf])
        self.append_bytes(slot, buf, n)

    def _format_with(self, slot, fmt: str, value: ir.Value) -> None:
        from ..runtime.libc import libc
        buf = alloca_entry(self.b, ir.ArrayType(I8, FORMAT_BUFFER), "digits")
        n = self.b.call(libc(self.ctx.module, "snprintf"),
                        [buf, I64(FORMAT_BUFFER), cstring(self.ctx.module, fmt), value])
        self.append_bytes(slot, buf, self.b.sext(n, I64))

    def _format_sequence(self, slot, parts: list[Val], open_: str, close: str, *, quoted=False) -> None:
        self.append_text(slot, open_)
        for i, part in enumerate(parts):
            if i:
                self.append_text(slot, ", ")
            self.format_into(slot, part, None, quoted=quoted)
        self.append_text(slot, close)

    def _format_list(self, slot, v: ir.Value, t: T.ListType) -> None:
        b = self.b
        self.append_text(slot, "[")
        elem_ty = self.layout.llvm(t.element)
        data = b.extract_value(v, 0)
        with counted_loop(b, I64(0), b.extract_value(v, 1), "item") as i:
            with b.if_then(b.icmp_signed(">", i, I64(0))):
                self.append_text(slot, ", ")
            item = b.load(b.gep(data, [i], source_etype=elem_ty), typ=elem_ty)
            self.format_into(slot, Val(item, t.element), None, quoted=True)
        self.append_text(slot, "]")

    # -- print ---------------------------------------------------------------------
    def builtin_print(self, node: ast.Call, target) -> Val:
        keywords = {k.arg: k.value for k in node.keywords}
        slot = self.new_string_slot()
        for i, arg in enumerate(node.args):
            if i:
                self._separator(slot, keywords.get("sep"), " ")
            self.format_into(slot, self.expr(arg), arg)
        self._separator(slot, keywords.get("end"), "\n")
        text = self.b.load(slot, typ=self.layout.string)
        self.b.call(self.ctx.runtime.get("kiln_write"), [self.b.extract_value(text, 0), self.b.extract_value(text, 1)])
        if not self.ctx.options.standalone or keywords.get("flush") is not None:
            self.b.call(self.ctx.runtime.get("kiln_flush"), [])
        self.b.call(self.ctx.runtime.get("kiln_str_free"), [text])
        return Val(ir.Constant(ir.LiteralStructType([]), []), T.NONE)

    def _separator(self, slot, node: ast.AST | None, default: str) -> None:
        if node is None or isinstance(node, ast.Constant) and node.value is None:
            self.append_text(slot, default)
            return
        val = self.expr(node)
        self.append_bytes(slot, self.b.extract_value(val.value, 0), self.b.extract_value(val.value, 1))
