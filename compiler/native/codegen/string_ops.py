"""String methods (a mixin): thin calls into the runtime's text functions
(runtime/text.py), plus `join`, `isdigit`, `isspace` and Optional's `or_else`."""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..layout import I1, I8, I32, I64, PTR
from ..runtime.base import alloca_entry, counted_loop
from ..runtime.errors import VALUE
from .values import Val


class StringsMixin:
    def string_builtins(self) -> dict:
        return {
            "String.find": lambda n, t: self._find(n, t, last=False),
            "String.rfind": lambda n, t: self._find(n, t, last=True),
            "String.count": self.string_count,
            "String.startswith": lambda n, t: self._affix(n, t, at_end=False),
            "String.endswith": lambda n, t: self._affix(n, t, at_end=True),
            "String.upper": lambda n, t: self._case(n, t, upper=True),
            "String.lower": lambda n, t: self._case(n, t, upper=False),
            "String.strip": lambda n, t: self._strip(n, t, 3),
            "String.lstrip": lambda n, t: self._strip(n, t, 1),
            "String.rstrip": lambda n, t: self._strip(n, t, 2),
            "String.replace": self.string_replace,
            "String.split": self.string_split,
            "String.join": self.string_join,
            "String.isdigit": lambda n, t: self._all_bytes(n, t, b"0123456789"),
            "String.isspace": lambda n, t: self._all_bytes(n, t, b" \t\n\r\x0b\x0c"),
            "Optional.or_else": self.optional_or_else,
            "Optional.take": self.optional_value,
        }

    def _string_args(self, node, target) -> list[ir.Value]:
        return [self.expr(a).value for a in self.args_of(node, target)]

    def _find(self, node, target, *, last: bool) -> Val:
        args = self.args_of(node, target)
        s, sub = self.expr(args[0]).value, self.expr(args[1]).value
        start = self.scalar_int(self.expr(args[2])) if len(args) > 2 else I64(0)
        found = self.b.call(self.ctx.runtime.get("kiln_str_find"), [s, sub, start, I1(int(last))])
        return Val(found, T.INT)

    def string_count(self, node, target) -> Val:
        s, sub = self._string_args(node, target)
        return Val(self.b.call(self.ctx.runtime.get("kiln_str_count"), [s, sub]), T.INT)

    def _affix(self, node, target, *, at_end: bool) -> Val:
        s, part = self._string_args(node, target)
        return Val(self.b.call(self.ctx.runtime.get("kiln_str_affix"), [s, part, I1(int(at_end))]), T.BOOL)

    def _case(self, node, target, *, upper: bool) -> Val:
        (s,) = self._string_args(node, target)
        return self.owned_temp(self.b.call(self.ctx.runtime.get("kiln_str_case"), [s, I1(int(upper))]), T.STRING)

    def _strip(self, node, target, sides: int) -> Val:
        args = self._string_args(node, target)
        chars, count = (self.b.extract_value(args[1], 0), self.b.extract_value(args[1], 1)) \
            if len(args) > 1 else (ir.Constant(PTR, None), I64(-1))
        out = self.b.call(self.ctx.runtime.get("kiln_str_strip"), [args[0], chars, count, I32(sides)])
        return self.owned_temp(out, T.STRING)

    def string_replace(self, node, target) -> Val:
        s, old, new = self._string_args(node, target)
        return self.owned_temp(self.b.call(self.ctx.runtime.get("kiln_str_replace"), [s, old, new]), T.STRING)

    def string_split(self, node, target) -> Val:
        b = self.b
        args = self._string_args(node, target)
        t = T.ListType(T.STRING)
        slot = alloca_entry(b, self.layout.list, "parts")
        b.store(ir.Constant(self.layout.list, [ir.Constant(PTR, None), I64(0), I64(0)]), slot)
        if len(args) > 1:
            empty = b.icmp_signed("==", b.extract_value(args[1], 1), I64(0))
            with b.if_then(empty, likely=False), self.isolated_temps():
                self.fault(VALUE, "empty separator", node)
            sep, whitespace = args[1], I1(0)
        else:
            sep = ir.Constant(self.layout.string, [cstring(self.ctx.module, b""), I64(0), I64(0)])
            whitespace = I1(1)
        b.call(self.ctx.runtime.get("kiln_str_split"), [args[0], sep, whitespace, slot])
        return self.owned_temp(b.load(slot, typ=self.layout.list), t)

    def string_join(self, node, target) -> Val:
        b = self.b
        sep, items = self._string_args(node, target)
        slot = self.new_string_slot()
        with counted_loop(b, I64(0), b.extract_value(items, 1), "join") as i:
            with b.if_then(b.icmp_signed(">", i, I64(0))):
                self.append_bytes(slot, b.extract_value(sep, 0), b.extract_value(sep, 1))
            item = b.load(b.gep(b.extract_value(items, 0), [i], source_etype=self.layout.string),
                          typ=self.layout.string)
            self.append_bytes(slot, b.extract_value(item, 0), b.extract_value(item, 1))
        return self.owned_temp(b.load(slot, typ=self.layout.string), T.STRING)

    def _all_bytes(self, node, target, allowed: bytes) -> Val:
        b = self.b
        (s,) = self._string_args(node, target)
        ok = alloca_entry(b, I1, "all")
        n = b.extract_value(s, 1)
        b.store(b.icmp_signed(">", n, I64(0)), ok)
        with counted_loop(b, I64(0), n, "byte") as i:
            ch = b.load(b.gep(b.extract_value(s, 0), [i], source_etype=I8), typ=I8)
            member = ir.Constant(I1, 0)
            for a in allowed:
                member = b.or_(member, b.icmp_unsigned("==", ch, I8(a)))
            with b.if_then(b.not_(member)):
                b.store(I1(0), ok)
        return Val(b.load(ok, typ=I1), T.BOOL)

    def optional_or_else(self, node, target) -> Val:
        args = self.args_of(node, target)
        opt = self.expr(args[0])
        t = opt.type.element
        default = self.cast_value(self.expr(args[1]), t, node)
        value = self.b.select(self.b.extract_value(opt.value, 0), self.b.extract_value(opt.value, 1), default.value)
        return Val(value, t)
