"""List[T] and String operations (a mixin). Lists grow by doubling through
the runtime; elements are owned by the list (destroyed with it, copied when
the list is copied). Strings are UTF-8 bytes; `len` and indices count bytes
(as Mojo's String does)."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ..layout import I1, I8, I32, I64, PTR
from ..runtime.base import alloca_entry
from ..runtime.errors import INDEX, VALUE
from .values import Val

UNIT = ir.Constant(ir.LiteralStructType([]), [])


class CollectionsMixin:
    def collection_builtins(self) -> dict:
        return {
            "List": self.list_new,
            "List.append": self.list_append,
            "List.pop": self.list_pop,
            "List.clear": self.list_clear,
            "List.reserve": self.list_reserve,
            "List.size": self.list_size,
            "List.__len__": self.list_size,
            "String.__len__": self.list_size,
            "Optional.value": self.optional_value,
            "Optional.__bool__": self.optional_bool,
            "Optional": self.optional_new,
            "List.insert": self.list_insert,
            "List.unsafe_ptr": self.list_unsafe_ptr,
            "List.extend": self.list_extend,
        }

    def optional_new(self, node, target) -> Val:
        t = self.result_type(node, target)
        args = self.args_of(node, target)
        if not args:
            return Val(self.materialize(None, t, node), t)
        return self.convert(self.cast_value(self.expr(args[0]), t.element, node), t, node)

    def list_unsafe_ptr(self, node, target) -> Val:
        args = self.args_of(node, target)
        return Val(self.b.extract_value(self.expr(args[0]).value, 0), self.result_type(node, target))

    def list_insert(self, node, target) -> Val:
        b = self.b
        slot, t, rest = self._list_slot(node, target)
        index = self.scalar_int(self.expr(rest[0]))
        value = self.take(self.cast_value(self.expr(rest[1]), t.element, rest[1]))
        current = b.load(slot, typ=self.layout.list)
        length = b.extract_value(current, 1)
        index = b.select(b.icmp_signed("<", index, I64(0)), b.add(index, length), index)
        index = b.select(b.icmp_signed("<", index, I64(0)), I64(0), index)
        index = b.select(b.icmp_signed(">", index, length), length, index)
        b.call(self.ctx.runtime.get("kiln_list_reserve"), [slot, b.add(length, I64(1)), I64(self.layout.size(t.element))])
        current = b.load(slot, typ=self.layout.list)
        elem = self.layout.llvm(t.element)
        data = b.extract_value(current, 0)
        from ..runtime.libc import libc
        b.call(libc(self.ctx.module, "memmove"), [b.gep(data, [b.add(index, I64(1))], source_etype=elem),
                                                   b.gep(data, [index], source_etype=elem),
                                                   b.mul(b.sub(length, index), I64(self.layout.size(t.element)))])
        b.store(value, b.gep(data, [index], source_etype=elem))
        b.store(b.insert_value(current, b.add(length, I64(1)), 1), slot)
        return Val(UNIT, T.NONE)

    def list_extend(self, node, target) -> Val:
        b = self.b
        slot, t, rest = self._list_slot(node, target)
        other = self.expr(rest[0])
        from ..runtime.base import counted_loop
        elem = self.layout.llvm(t.element)
        n = b.extract_value(other.value, 1)
        current = b.load(slot, typ=self.layout.list)
        b.call(self.ctx.runtime.get("kiln_list_reserve"),
               [slot, b.add(b.extract_value(current, 1), n), I64(self.layout.size(t.element))])
        with counted_loop(b, I64(0), n, "extend") as i:
            item = b.load(b.gep(b.extract_value(other.value, 0), [i], source_etype=elem), typ=elem)
            copy = self.life.copy(b, item, t.element)
            cur = b.load(slot, typ=self.layout.list)
            length = b.extract_value(cur, 1)
            b.store(copy, b.gep(b.extract_value(cur, 0), [length], source_etype=elem))
            b.store(b.insert_value(cur, b.add(length, I64(1)), 1), slot)
        return Val(UNIT, T.NONE)

    # -- lists ---------------------------------------------------------------------
    def new_list(self, items: list[Val], t: T.ListType) -> ir.Value:
        b = self.b
        elem = self.layout.llvm(t.element)
        cap = max(len(items), 1)
        from ..runtime.libc import libc
        data = b.call(libc(self.ctx.module, "malloc"), [I64(cap * self.layout.size(t.element))])
        for i, item in enumerate(items):
            b.store(self.take(item), b.gep(data, [I64(i)], source_etype=elem))
        value = ir.Constant(self.layout.list, ir.Undefined)
        value = b.insert_value(value, data, 0)
        value = b.insert_value(value, I64(len(items)), 1)
        return b.insert_value(value, I64(cap), 2)

    def list_new(self, node, target) -> Val:
        t = self.result_type(node, target)
        items = [self.cast_value(self.expr(a), t.element, a) for a in self.args_of(node, target)]
        return self.owned_temp(self.new_list(items, t), t)

    def _list_slot(self, node, target) -> tuple[ir.Value, T.ListType, list]:
        args = self.args_of(node, target)
        slot, t = self.address(args[0])
        return slot, t, args[1:]

    def list_append(self, node, target) -> Val:
        b = self.b
        slot, t, rest = self._list_slot(node, target)
        value = self.take(self.cast_value(self.expr(rest[0]), t.element, rest[0]))
        current = b.load(slot, typ=self.layout.list)
        length = b.extract_value(current, 1)
        with b.if_then(b.icmp_signed(">=", length, b.extract_value(current, 2)), likely=False):
            b.call(self.ctx.runtime.get("kiln_list_reserve"),
                   [slot, b.add(length, I64(1)), I64(self.layout.size(t.element))])
        current = b.load(slot, typ=self.layout.list)
        elem = self.layout.llvm(t.element)
        b.store(value, b.gep(b.extract_value(current, 0), [length], source_etype=elem))
        b.store(b.insert_value(current, b.add(length, I64(1)), 1), slot)
        return Val(UNIT, T.NONE)

    def list_pop(self, node, target) -> Val:
        b = self.b
        slot, t, rest = self._list_slot(node, target)
        current = b.load(slot, typ=self.layout.list)
        length = b.extract_value(current, 1)
        with b.if_then(b.icmp_signed("==", length, I64(0)), likely=False):
            self.fault(INDEX, "pop from empty list", node)
        last = b.sub(length, I64(1))
        index = last
        if rest:
            index = self.scalar_int(self.expr(rest[0]))
            index = b.select(b.icmp_signed("<", index, I64(0)), b.add(index, length), index)
            with b.if_then(b.icmp_unsigned(">=", index, length), likely=False):
                self.fault(INDEX, "pop index out of range", node)
        elem = self.layout.llvm(t.element)
        data = b.extract_value(current, 0)
        item = b.load(b.gep(data, [index], source_etype=elem), typ=elem)
        size = self.layout.size(t.element)
        from ..runtime.libc import libc
        tail = b.mul(b.sub(last, index), I64(size))
        b.call(libc(self.ctx.module, "memmove"), [b.gep(data, [index], source_etype=elem),
                                                   b.gep(data, [b.add(index, I64(1))], source_etype=elem), tail])
        b.store(b.insert_value(current, last, 1), slot)
        return self.owned_temp(item, t.element)

    def list_clear(self, node, target) -> Val:
        slot, t, _ = self._list_slot(node, target)
        b = self.b
        current = b.load(slot, typ=self.layout.list)
        if self.life.needs_destroy(t.element):
            from ..runtime.base import counted_loop
            elem = self.layout.llvm(t.element)
            with counted_loop(b, I64(0), b.extract_value(current, 1), "clear") as i:
                item = b.load(b.gep(b.extract_value(current, 0), [i], source_etype=elem), typ=elem)
                self.life.destroy(b, item, t.element)
        b.store(b.insert_value(current, I64(0), 1), slot)
        return Val(UNIT, T.NONE)

    def list_reserve(self, node, target) -> Val:
        slot, t, rest = self._list_slot(node, target)
        wanted = self.scalar_int(self.expr(rest[0]))
        self.b.call(self.ctx.runtime.get("kiln_list_reserve"), [slot, wanted, I64(self.layout.size(t.element))])
        return Val(UNIT, T.NONE)

    def list_size(self, node, target) -> Val:
        args = self.args_of(node, target)
        return Val(self.b.extract_value(self.expr(args[0]).value, 1), T.INT)

    # -- optionals -----------------------------------------------------------------
    def optional_value(self, node, target) -> Val:
        args = self.args_of(node, target)
        val = self.expr(args[0])
        has = self.b.extract_value(val.value, 0)
        with self.b.if_then(self.b.not_(has), likely=False):
            self.fault(VALUE, "Optional has no value", node)
        return Val(self.b.extract_value(val.value, 1), val.type.element)

    def optional_bool(self, node, target) -> Val:
        args = self.args_of(node, target)
        return Val(self.b.extract_value(self.expr(args[0]).value, 0), T.BOOL)

    # -- strings --------------------------------------------------------------------
    def string_concat(self, left: Val, right: Val) -> Val:
        slot = self.new_string_slot()
        for part in (left, right):
            self.append_bytes(slot, self.b.extract_value(part.value, 0), self.b.extract_value(part.value, 1))
        return self.owned_temp(self.b.load(slot, typ=self.layout.string), T.STRING)

    def string_repeat(self, left: Val, right: Val) -> Val:
        """`s * n` / `n * s` as in Python (n <= 0 gives "")."""
        from ..runtime.base import counted_loop
        text, count = (left, right) if left.type in (T.STRING, T.STRING_LITERAL) else (right, left)
        slot = self.new_string_slot()
        with counted_loop(self.b, I64(0), self.scalar_int(count), "repeat"):
            self.append_bytes(slot, self.b.extract_value(text.value, 0), self.b.extract_value(text.value, 1))
        return self.owned_temp(self.b.load(slot, typ=self.layout.string), T.STRING)

    def string_compare(self, op: ast.cmpop, left: Val, right: Val) -> ir.Value:
        b = self.b
        if isinstance(op, (ast.Eq, ast.NotEq)):
            eq = b.call(self.ctx.runtime.get("kiln_str_eq"), [left.value, right.value])
            return eq if isinstance(op, ast.Eq) else b.not_(eq)
        c = b.call(self.ctx.runtime.get("kiln_str_compare"), [left.value, right.value])
        sym = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}[type(op)]
        return b.icmp_signed(sym, c, I32(0))

    def string_index(self, node: ast.Subscript) -> Val:
        b = self.b
        s = self.expr(node.value).value
        length = b.extract_value(s, 1)
        index = self.scalar_int(self.expr(node.slice))
        index = b.select(b.icmp_signed("<", index, I64(0)), b.add(index, length), index)
        with b.if_then(b.icmp_unsigned(">=", index, length), likely=False):
            self.fault(INDEX, "string index out of range", node)
        start = b.gep(b.extract_value(s, 0), [index], source_etype=I8)
        return self.owned_temp(b.call(self.ctx.runtime.get("kiln_str_from_bytes"), [start, I64(1)]), T.STRING)

    def string_slice(self, node: ast.Subscript) -> Val:
        """`s[a:b]` (step 1), with Python's clamping and negative bounds."""
        b = self.b
        s = self.expr(node.value).value
        length = b.extract_value(s, 1)
        sl = node.slice
        if sl.step is not None and self.constant_int(sl.step) != 1:
            raise self.unsupported("string slices with a step are not supported in compiled code yet", sl.step)

        def bound(expr, default):
            if expr is None:
                return default
            v = self.scalar_int(self.expr(expr))
            v = b.select(b.icmp_signed("<", v, I64(0)), b.add(v, length), v)
            v = b.select(b.icmp_signed("<", v, I64(0)), I64(0), v)
            return b.select(b.icmp_signed(">", v, length), length, v)
        start = bound(sl.lower, I64(0))
        stop = bound(sl.upper, length)
        count = b.sub(stop, start)
        count = b.select(b.icmp_signed("<", count, I64(0)), I64(0), count)
        data = b.gep(b.extract_value(s, 0), [start], source_etype=I8)
        return self.owned_temp(b.call(self.ctx.runtime.get("kiln_str_from_bytes"), [data, count]), T.STRING)
