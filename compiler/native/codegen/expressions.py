"""Expression lowering (a mixin of FunctionEmitter): one `expr_<Node>` method
per expression kind. Every result is a `Val`; the typed model's implicit
conversions (`FnInstance.conversions`) are applied right after evaluation."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ...syntax import nodes as K
from ..constants import cstring
from ..layout import I1, I8, I32, I64, PTR, element_type
from ..runtime.base import alloca_entry
from ..runtime.errors import INDEX
from .arith import ArithMixin, const_like, dtype_of, is_float, splat
from .printing import PrintingMixin
from .values import Val

DTYPE_CODES = {name: i for i, name in enumerate(T.DTYPES)}
MATH_CONSTANTS = {"pi": 3.141592653589793, "e": 2.718281828459045, "tau": 6.283185307179586,
                  "inf": float("inf"), "nan": float("nan")}


def mangle(ty: ir.Type) -> str:
    if isinstance(ty, ir.VectorType):
        return f"v{ty.count}{mangle(ty.element)}"
    if isinstance(ty, ir.IntType):
        return f"i{ty.width}"
    if isinstance(ty, ir.HalfType):
        return "f16"
    if isinstance(ty, ir.FloatType):
        return "f32"
    if isinstance(ty, ir.DoubleType):
        return "f64"
    if isinstance(ty, ir.PointerType):
        return "p0"
    raise TypeError(f"cannot mangle {ty}")


class ExpressionsMixin(ArithMixin, PrintingMixin):
    # -- helpers ---------------------------------------------------------------
    def intrinsic(self, name: str, result: ir.Type, overloads: list[ir.Type],
                  params: list[ir.Type]) -> ir.Function:
        """An LLVM intrinsic, named with the mangled overload types (llvm.pow.f64)."""
        full = ".".join([name, *(mangle(t) for t in overloads)])
        existing = self.ctx.module.globals.get(full)
        if existing is not None:
            return existing
        return ir.Function(self.ctx.module, ir.FunctionType(result, params), full)

    def var_slot(self, ty: ir.Type, init: ir.Value) -> ir.Value:
        slot = alloca_entry(self.b, ty, "tmp")
        self.b.store(init, slot)
        return slot

    def constant_int(self, node: ast.AST) -> int | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.constant_int(node.operand)
            return -inner if inner is not None else None
        binding = self.inst.names.get(node) if isinstance(node, ast.Name) else None
        if binding is not None and binding.kind in ("alias", "comptime") and isinstance(binding.value, int):
            return binding.value
        return None

    def scalar_int(self, val: Val) -> ir.Value:
        """An integer value widened to i64 (for indices and counts)."""
        v = val.value
        if v.type == I64:
            return v
        if isinstance(val.type, T.ScalarType) and not val.type.dtype.is_signed:
            return self.b.zext(v, I64)
        return self.b.sext(v, I64) if v.type.width < 64 else self.b.trunc(v, I64)

    def int_to(self, value: ir.Value, t: T.Type) -> ir.Value:
        ty = self.layout.llvm(t)
        if ty == value.type:
            return value
        return self.b.trunc(value, ty) if ty.width < value.type.width else self.b.sext(value, ty)

    # -- entry -------------------------------------------------------------------
    def expr(self, node: ast.AST) -> Val:
        method = getattr(self, f"expr_{type(node).__name__}", None)
        if method is None:
            raise self.unsupported(f"expression `{type(node).__name__}` is not supported in compiled code yet", node)
        val = method(node)
        target = self.inst.conversions.get(node)
        if target is not None and target != val.type:
            val = self.convert(val, target, node)
        return val

    def condition(self, node: ast.AST) -> ir.Value:
        return self.truthy(self.expr(node), node)

    def truthy(self, val: Val, node: ast.AST) -> ir.Value:
        t, v, b = val.type, val.value, self.b
        if t == T.BOOL:
            return v
        if isinstance(t, T.ScalarType):
            return b.fcmp_unordered("!=", v, const_like(v.type, 0.0)) if t.is_float \
                else b.icmp_signed("!=", v, const_like(v.type, 0))
        if t in (T.STRING, T.STRING_LITERAL) or isinstance(t, T.ListType):
            return b.icmp_signed("!=", b.extract_value(v, 1), I64(0))
        if isinstance(t, T.OptionalType):
            return b.extract_value(v, 0)
        if isinstance(t, T.PointerType):
            return b.icmp_unsigned("!=", v, ir.Constant(PTR, None))
        if isinstance(t, T.StructType):
            return self.struct_truthy(val, node)
        raise self.internal(f"no truth value for {t}", node)

    # -- leaves ------------------------------------------------------------------
    def expr_Constant(self, node: ast.Constant) -> Val:
        t = self.type_of(node)
        return Val(self.materialize(node.value, t, node), t)

    def materialize(self, value, t: T.Type, node: ast.AST) -> ir.Value:
        if t in (T.STRING, T.STRING_LITERAL):
            data = value.encode() if isinstance(value, str) else bytes(value)
            s = ir.Constant(self.layout.string, [cstring(self.ctx.module, data), I64(len(data)), I64(0)])
            return s
        if t == T.NONE:
            return ir.Constant(ir.LiteralStructType([]), [])
        if t == T.DTYPE_TYPE:
            return I8(DTYPE_CODES.get(getattr(value, "name", ""), 0))
        if isinstance(t, T.ScalarType):
            ty = element_type(t.dtype)
            if t.is_float:
                return ir.Constant(ty, float(value))
            if t.is_bool:
                return I1(1 if value else 0)
            bits = t.bits
            wrapped = int(value) & ((1 << bits) - 1)
            return ir.Constant(ty, wrapped)
        if isinstance(t, T.SIMDType):
            elem = T.scalar_of(t.dtype)
            return ir.Constant(self.layout.llvm(t), [self.materialize(value, elem, node)] * t.width)
        if isinstance(t, T.OptionalType) and value is None:
            return ir.Constant(self.layout.llvm(t), [I1(0), ir.Constant(self.layout.llvm(t.element), ir.Undefined)])
        raise self.internal(f"cannot make a constant of type {t} from {value!r}", node)

    def expr_Name(self, node: ast.Name) -> Val:
        if node.id in self.comptime_values and self._is_comptime_name(node):
            t = self.type_of(node)
            return Val(self.materialize(self.comptime_values[node.id], t, node), t)
        binding = self.inst.names.get(node)
        if binding is None:
            raise self.internal(f"no binding recorded for `{node.id}`", node)
        if binding.kind in ("local", "param", "capture") and binding.var is not None:
            var = binding.var
            return Val(self.b.load(self.slot_of(var), typ=self.layout.llvm(var.type)), var.type)
        if binding.kind in ("alias", "comptime"):
            t = self.type_of(node)
            return Val(self.materialize(binding.value, t, node), t)
        raise self.internal(f"`{node.id}` ({binding.kind}) cannot be used as a value here", node)

    def _is_comptime_name(self, node: ast.Name) -> bool:
        binding = self.inst.names.get(node)
        return binding is None or binding.kind in ("comptime", "alias")

    def expr_Transfer(self, node: K.Transfer) -> Val:
        inner = node.value
        if isinstance(inner, ast.Attribute) and node in self.inst.moves:
            field = self.expr(inner)           # a field of `__moveinit__`'s consumed `existing`
            self.field_moved_out(inner)
            return self.move_value(field.value, field.type, node)
        binding = self.inst.names.get(inner) if isinstance(inner, ast.Name) else None
        if binding is None or binding.var is None:
            return self.expr(inner)
        var = binding.var
        value = self.move_out(var)
        return self.move_value(value, var.type, node)

    # -- attributes and subscripts ---------------------------------------------------
    def expr_Attribute(self, node: ast.Attribute) -> Val:
        if node in self.inst.calls:
            return self.call_node(node)
        base_type = self.inst.expr_types.get(node.value)
        if isinstance(base_type, T.StructType):
            index = self.field_index(base_type, node.attr, node)
            ftype = self.type_of(node)
            if self.addressable(node.value):
                ptr, _ = self.address(node)
                return Val(self.b.load(ptr, typ=self.layout.llvm(ftype)), ftype)
            base = self.expr(node.value)
            return Val(self.b.extract_value(base.value, index), ftype)
        t = self.type_of(node)
        if isinstance(base_type, T.ListType) and node.attr in ("size", "capacity"):
            base = self.expr(node.value)
            return Val(self.b.extract_value(base.value, 1 if node.attr == "size" else 2), t)
        if t == T.DTYPE_TYPE:
            return Val(I8(DTYPE_CODES.get(node.attr, 0)), t)
        binding = self.inst.names.get(node.value) if isinstance(node.value, ast.Name) else None
        if binding is not None and binding.kind == "module" and node.attr in MATH_CONSTANTS:
            return Val(self.materialize(MATH_CONSTANTS[node.attr], t, node), t)
        own = self.inst.names.get(node)
        if own is not None and own.kind in ("alias", "comptime"):
            return Val(self.materialize(own.value, t, node), t)
        raise self.unsupported(f"attribute `{ast.unparse(node)}` is not supported in compiled code yet", node)

    def field_index(self, t: T.StructType, name: str, node) -> int:
        lay = self.ctx.structs.get(t)
        if lay is None:
            raise self.internal(f"no layout for {t}", node)
        for i, f in enumerate(lay.fields):
            if f.name == name:
                return i
        raise self.internal(f"{t} has no field `{name}`", node)

    def addressable(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            b = self.inst.names.get(node)
            return b is not None and b.var is not None
        if isinstance(node, ast.Attribute):
            return isinstance(self.inst.expr_types.get(node.value), T.StructType) and self.addressable(node.value)
        if isinstance(node, ast.Subscript):
            return isinstance(self.inst.expr_types.get(node.value), (T.PointerType, T.ListType)) \
                and node not in self.inst.calls
        return False

    def address(self, node: ast.AST) -> tuple[ir.Value, T.Type]:
        """The storage of an lvalue (variable, field, pointer/list element)."""
        if isinstance(node, ast.Name):
            binding = self.inst.names.get(node)
            if binding is not None and binding.var is not None:
                return self.slot_of(binding.var), binding.var.type
        if isinstance(node, ast.Attribute):
            base_type = self.inst.expr_types.get(node.value)
            if isinstance(base_type, T.StructType):
                base_ptr, _ = self.address(node.value)
                index = self.field_index(base_type, node.attr, node)
                ptr = self.b.gep(base_ptr, [I32(0), I32(index)], source_etype=self.layout.llvm(base_type))
                return ptr, self.ctx.structs[base_type].fields[index].type
        if isinstance(node, ast.Subscript) and node not in self.inst.calls:
            base_type = self.inst.expr_types.get(node.value)
            if isinstance(base_type, T.PointerType):
                base = self.expr(node.value).value
                index = self.scalar_int(self.expr(node.slice))
                elem = self.layout.llvm(base_type.pointee)
                return self.b.gep(base, [index], source_etype=elem), base_type.pointee
            if isinstance(base_type, T.ListType):
                return self.list_element_address(node), base_type.element
        # an rvalue: materialise it in a temporary slot
        val = self.expr(node)
        slot = alloca_entry(self.b, val.value.type, "rvalue")
        self.b.store(val.value, slot)
        return slot, val.type

    def expr_Subscript(self, node: ast.Subscript) -> Val:
        if node in self.inst.calls:
            return self.call_node(node)
        base_type = self.type_of(node.value)
        t = self.type_of(node)
        if isinstance(base_type, (T.PointerType, T.ListType)):
            ptr, elem_t = self.address(node)
            return Val(self.b.load(ptr, typ=self.layout.llvm(elem_t)), elem_t)
        if isinstance(base_type, T.SIMDType):
            vector = self.expr(node.value).value
            return Val(self.b.extract_element(vector, self.lane_index(node, base_type)), t)
        if isinstance(base_type, T.TupleType):
            index = self.constant_int(node.slice)
            if index is None:
                raise self.internal("tuple index must be a compile-time integer", node.slice)
            base = self.expr(node.value)
            return Val(self.b.extract_value(base.value, index % len(base_type.elements)), t)
        if base_type in (T.STRING, T.STRING_LITERAL):
            if isinstance(node.slice, ast.Slice):
                return self.string_slice(node)
            return self.string_index(node)
        if isinstance(base_type, T.ScalarType):         # SIMD[dt, 1] is its scalar
            value = self.expr(node.value)
            self._scalar_lane_check(node)
            return Val(value.value, t)
        raise self.unsupported(f"subscript of {base_type} is not supported in compiled code yet", node)

    def _scalar_lane_check(self, node: ast.Subscript) -> None:
        if self.constant_int(node.slice) in (0, -1):
            return
        index = self.scalar_int(self.expr(node.slice))
        bad = self.b.and_(self.b.icmp_signed("!=", index, I64(0)), self.b.icmp_signed("!=", index, I64(-1)))
        with self.b.if_then(bad, likely=False):
            self.fault(INDEX, "SIMD lane index out of range", node)

    def lane_index(self, node: ast.Subscript, t: T.SIMDType) -> ir.Value:
        const = self.constant_int(node.slice)
        if const is not None:
            return I32(const % t.width)
        index = self.scalar_int(self.expr(node.slice))
        bad = self.b.icmp_unsigned(">=", index, I64(t.width))
        with self.b.if_then(bad, likely=False):
            self.fault(INDEX, "SIMD lane index out of range", node)
        return self.b.trunc(index, I32)

    def list_element_address(self, node: ast.Subscript) -> ir.Value:
        """Address of `xs[i]`, with Python's negative indices and a bounds fault."""
        b = self.b
        list_t = self.type_of(node.value)
        base_ptr, _ = self.address(node.value) if self.addressable(node.value) else (None, None)
        lst = b.load(base_ptr, typ=self.layout.list) if base_ptr is not None else self.expr(node.value).value
        length = b.extract_value(lst, 1)
        index = self.scalar_int(self.expr(node.slice))
        index = b.select(b.icmp_signed("<", index, I64(0)), b.add(index, length), index)
        bad = b.icmp_unsigned(">=", index, length)
        with b.if_then(bad, likely=False):
            self.fault(INDEX, "list index out of range", node)
        elem = self.layout.llvm(list_t.element)
        return b.gep(b.extract_value(lst, 0), [index], source_etype=elem)

    def store_subscript(self, node: ast.Subscript, val: Val) -> None:
        if node in self.inst.calls:
            self.setitem_dunder(node, val)
            return
        base_type = self.type_of(node.value)
        if isinstance(base_type, T.ScalarType):
            slot, _ = self.address(node.value)
            self._scalar_lane_check(node)
            self.b.store(self.cast_value(val, base_type, node).value, slot)
            return
        if isinstance(base_type, T.SIMDType):
            slot, _ = self.address(node.value)
            vector = self.b.load(slot, typ=self.layout.llvm(base_type))
            lane = self.lane_index(node, base_type)
            scalar = self.cast_value(val, T.scalar_of(base_type.dtype), node).value
            self.b.store(self.b.insert_element(vector, scalar, lane), slot)
            return
        ptr, elem_t = self.address(node)
        value = self.take(val)
        if isinstance(base_type, T.ListType) and self.life.needs_destroy(elem_t):
            self.life.destroy(self.b, self.b.load(ptr, typ=value.type), elem_t)
        self.b.store(value, ptr)

    # -- operators ------------------------------------------------------------------
    def expr_BinOp(self, node: ast.BinOp) -> Val:
        if node in self.inst.calls:
            return self.call_node(node)
        return self.binary(node.op, self.expr(node.left), self.expr(node.right), self.type_of(node), node)

    def binary(self, op: ast.operator, left: Val, right: Val, t: T.Type, node: ast.AST) -> Val:
        b = self.b
        if t in (T.STRING, T.STRING_LITERAL) and isinstance(op, ast.Add):
            return self.string_concat(left, right)
        if t in (T.STRING, T.STRING_LITERAL) and isinstance(op, ast.Mult):
            return self.string_repeat(left, right)
        if isinstance(t, T.PointerType):
            offset = self.scalar_int(right)
            if isinstance(op, ast.Sub):
                offset = b.neg(offset)
            return Val(b.gep(left.value, [offset], source_etype=self.layout.llvm(t.pointee)), t)
        if isinstance(op, ast.Div) and not is_float(left.type) and is_float(t):
            divisor = self.cast_value(right, t, node).value
            zero = b.fcmp_ordered("==", divisor, const_like(divisor.type, 0.0))
            with b.if_then(zero if not isinstance(zero.type, ir.VectorType) else
                           b.call(self.intrinsic("llvm.vector.reduce.or", I1, [zero.type], [zero.type]), [zero]), likely=False):
                from ..runtime.errors import ZERO_DIVISION
                self.fault(ZERO_DIVISION, "division by zero", node)
            exact = self._wide_int_true_div(left, right, t, node)
            if exact is not None:
                return exact
            return Val(self.float_binary(op, self.cast_value(left, t, node).value, divisor, t, node), t)
        a = self.cast_value(left, t, node).value
        c = self.cast_value(right, t, node).value
        if is_float(t):
            return Val(self.float_binary(op, a, c, t, node), t)
        if t == T.BOOL and isinstance(op, (ast.BitAnd, ast.BitOr, ast.BitXor)):
            return Val(getattr(b, {ast.BitAnd: "and_", ast.BitOr: "or_", ast.BitXor: "xor"}[type(op)])(a, c), t)
        return Val(self.int_binary(op, a, c, t, node), t)

    def _wide_int_true_div(self, left: Val, right: Val, t: T.Type, node) -> Val | None:
        """64-bit integers / into Float64, correctly rounded like Python's
        int / int (runtime/int_division.py); narrower integers convert exactly."""
        def wide(v: Val) -> bool:
            return isinstance(v.type, T.ScalarType) and v.type.is_integer and v.type.dtype.bits == 64
        if t != T.FLOAT64 or self.fast_math or not wide(left) or right.type != left.type:
            return None
        signed = left.type.dtype.is_signed
        a, c = left.value, right.value
        name = "kiln_int_true_div" if signed else "kiln_uint_true_div"
        return Val(self.b.call(self.ctx.runtime.get(name), [a, c]), t)

    def expr_UnaryOp(self, node: ast.UnaryOp) -> Val:
        if node in self.inst.calls:
            return self.call_node(node)
        t = self.type_of(node)
        if isinstance(node.op, ast.Not):
            return Val(self.b.not_(self.condition(node.operand)), T.BOOL)
        val = self.cast_value(self.expr(node.operand), t, node)
        v = val.value
        if isinstance(node.op, ast.UAdd):
            return Val(v, t)
        if isinstance(node.op, ast.USub):
            return Val(self.b.fneg(v) if is_float(t) else self.b.sub(const_like(v.type, 0), v), t)
        if isinstance(node.op, ast.Invert):
            return Val(self.b.not_(v), t)
        raise self.internal(f"unary {type(node.op).__name__}", node)

    def expr_BoolOp(self, node: ast.BoolOp) -> Val:
        t = self.type_of(node)
        b = self.b
        done = b.append_basic_block("bool.end")
        incoming = []
        is_and = isinstance(node.op, ast.And)
        for i, operand in enumerate(node.values):
            val = self.cast_value(self.expr(operand), t, node) if t != T.BOOL else Val(self.condition(operand), T.BOOL)
            if i == len(node.values) - 1:
                incoming.append((val.value, b.block))
                b.branch(done)
                break
            truth = val.value if t == T.BOOL else self.truthy(val, operand)
            nxt = b.append_basic_block("bool.next")
            incoming.append((val.value, b.block))
            b.cbranch(truth, nxt, done) if is_and else b.cbranch(truth, done, nxt)
            b.position_at_end(nxt)
        b.position_at_end(done)
        phi = b.phi(incoming[0][0].type)
        for value, block in incoming:
            phi.add_incoming(value, block)
        return Val(phi, t)

    def expr_Compare(self, node: ast.Compare) -> Val:
        if node in self.inst.calls:
            return self.call_node(node)
        b = self.b
        left = self.expr(node.left)
        if len(node.ops) == 1:
            return Val(self.compare_values(node.ops[0], left, self.expr(node.comparators[0]), node), self.type_of(node))
        done = b.append_basic_block("cmp.end")
        incoming = []
        for i, (op, right_node) in enumerate(zip(node.ops, node.comparators)):
            right = self.expr(right_node)
            result = self.compare_values(op, left, right, node)
            incoming.append((result, b.block))
            if i == len(node.ops) - 1:
                b.branch(done)
            else:
                nxt = b.append_basic_block("cmp.next")
                b.cbranch(result, nxt, done)
                b.position_at_end(nxt)
            left = right
        b.position_at_end(done)
        phi = b.phi(I1)
        for value, block in incoming:
            phi.add_incoming(value, block)
        return Val(phi, T.BOOL)

    def compare_values(self, op: ast.cmpop, left: Val, right: Val, node: ast.AST) -> ir.Value:
        b = self.b
        lt, rt = left.type, right.type
        if isinstance(op, (ast.Is, ast.IsNot)):
            opt = left if isinstance(lt, T.OptionalType) else right
            has = b.extract_value(opt.value, 0) if isinstance(opt.type, T.OptionalType) else I1(1)
            return has if isinstance(op, ast.IsNot) else b.not_(has)
        if lt in (T.STRING, T.STRING_LITERAL) and rt in (T.STRING, T.STRING_LITERAL):
            return self.string_compare(op, left, right)
        common = self.common_numeric(lt, rt)
        a = self.cast_value(left, common, node).value
        c = self.cast_value(right, common, node).value
        return self.compare(op, a, c, common)

    def common_numeric(self, a: T.Type, c: T.Type) -> T.Type:
        if a == c:
            return a
        if isinstance(a, T.SIMDType):
            return a
        if isinstance(c, T.SIMDType):
            return c
        if isinstance(a, T.ScalarType) and a.is_float:
            return a
        if isinstance(c, T.ScalarType) and c.is_float:
            return c
        return a

    def expr_IfExp(self, node: ast.IfExp) -> Val:
        t = self.type_of(node)
        b = self.b
        cond = self.condition(node.test)
        then, other, done = (b.append_basic_block(n) for n in ("ifexp.then", "ifexp.else", "ifexp.end"))
        b.cbranch(cond, then, other)
        results = []
        for block, branch in ((then, node.body), (other, node.orelse)):
            b.position_at_end(block)
            val = self.cast_value(self.expr(branch), t, node)
            results.append((self.take(val), b.block))
            b.branch(done)
        b.position_at_end(done)
        phi = b.phi(results[0][0].type)
        for value, block in results:
            phi.add_incoming(value, block)
        return self.owned_temp(phi, t)

    # -- aggregates -----------------------------------------------------------------
    def expr_Tuple(self, node: ast.Tuple) -> Val:
        t = self.type_of(node)
        value = ir.Constant(self.layout.llvm(t), ir.Undefined)
        for i, elt in enumerate(node.elts):
            elem_t = t.elements[i] if isinstance(t, T.TupleType) else self.type_of(elt)
            part = self.take(self.cast_value(self.expr(elt), elem_t, elt))
            value = self.b.insert_value(value, part, i)
        return self.owned_temp(value, t)

    def expr_List(self, node: ast.List) -> Val:
        t = self.type_of(node)
        if not isinstance(t, T.ListType):
            raise self.internal(f"list literal typed {t}", node)
        return self.owned_temp(self.new_list([self.cast_value(self.expr(e), t.element, e) for e in node.elts], t), t)

    def expr_JoinedStr(self, node: ast.JoinedStr) -> Val:
        slot = self.new_string_slot()
        for part in node.values:
            if isinstance(part, ast.Constant):
                data = str(part.value).encode()
                self.append_bytes(slot, cstring(self.ctx.module, data), I64(len(data)))
            elif isinstance(part, ast.FormattedValue):
                self.format_into(slot, self.expr(part.value), part)
        return self.owned_temp(self.b.load(slot, typ=self.layout.string), T.STRING)

    def expr_Call(self, node: ast.Call) -> Val:
        return self.call_node(node)

    # -- conversions ----------------------------------------------------------------
    def convert(self, val: Val, to: T.Type, node: ast.AST) -> Val:
        if isinstance(to, T.OptionalType):
            if val.type == T.NONE:
                return Val(ir.Constant(self.layout.llvm(to), [I1(0), ir.Constant(self.layout.llvm(to.element), ir.Undefined)]), to)
            inner = self.convert(val, to.element, node) if val.type != to.element else val
            packed = self.b.insert_value(ir.Constant(self.layout.llvm(to), [I1(1), ir.Constant(self.layout.llvm(to.element), ir.Undefined)]),
                                         self.take(inner), 1)
            return self.owned_temp(packed, to)
        if {val.type, to} <= {T.STRING, T.STRING_LITERAL}:
            return Val(val.value, to, val.owned)
        return self.cast_value(val, to, node)

    def cast_value(self, val: Val, to: T.Type, node: ast.AST) -> Val:
        """Numeric conversion (scalar or lane-wise), broadcasting scalars to SIMD."""
        if val.type == to:
            return val
        src = val.type
        if not isinstance(src, (T.ScalarType, T.SIMDType)) or not isinstance(to, (T.ScalarType, T.SIMDType)):
            if {src, to} <= {T.STRING, T.STRING_LITERAL}:
                return Val(val.value, to, val.owned)
            return val
        value = val.value
        if isinstance(to, T.SIMDType) and isinstance(src, T.ScalarType):
            scalar = self.cast_value(val, T.scalar_of(to.dtype), node).value
            return Val(splat(self.b, scalar, to.width), to)
        target_ty = self.layout.llvm(to)
        return Val(self.numeric_cast(value, src.dtype, to.dtype, target_ty), to)

    def numeric_cast(self, v: ir.Value, src: T.DType, dst: T.DType, ty: ir.Type) -> ir.Value:
        b = self.b
        if src == dst or v.type == ty and src.is_float == dst.is_float and src.is_signed == dst.is_signed:
            return v if v.type == ty else b.bitcast(v, ty)
        if dst.name == "bool":
            if src.is_float:
                return b.fcmp_unordered("!=", v, const_like(v.type, 0.0))
            return b.icmp_signed("!=", v, const_like(v.type, 0))
        if src.is_float and dst.is_float:
            return b.fpext(v, ty) if dst.bits > src.bits else b.fptrunc(v, ty)
        if src.is_float:
            name = "llvm.fptosi.sat" if dst.is_signed else "llvm.fptoui.sat"
            return b.call(self.intrinsic(name, ty, [ty, v.type], params=[v.type]), [v])
        if dst.is_float:
            return b.sitofp(v, ty) if src.is_signed and src.name != "bool" else b.uitofp(v, ty)
        src_bits = 1 if src.name == "bool" else src.bits
        if dst.bits > src_bits:
            return b.sext(v, ty) if src.is_signed and src.name != "bool" else b.zext(v, ty)
        if dst.bits < src_bits:
            return b.trunc(v, ty)
        return v
