"""Expressions of an `fn` body (mixin of FnChecker).

`expr(node, expected)` gives the type of a value expression and records it.
`expected` lets literals adapt (`var x: Float32 = 1` types `1` as Float32);
the caller still checks assignability with `expr_value`/`coerce`.
`infer(node)` is the raw form that may also give an entity (a function, a
type, a module) for callees and `[...]` bases.
"""
from __future__ import annotations

import ast

from ..diagnostics.diagnostic import Note
from ..syntax import nodes as K
from . import operators as ops
from .entities import (ENTITY_TYPES, BuiltinFn, FnRef, GenericBuiltin, GenericStruct, ModuleRef,
                       PythonRef, TraitRef)
from .evaluator import Evaluator, NotComptime
from .locals import MOVED, UNINIT, ComptimeEntry, LocalVar
from .symbols import Symbol
from .type_ops import (int_fits, is_bool_like, is_float_like, is_integer_like, is_numeric,
                       is_string, make_simd, simd_parts)
from .typed_model import Binding
from .types import (BOOL, DTYPE_TYPE, ERROR, FLOAT64, INT, NONE, STRING, STRING_LITERAL, UNKNOWN,
                    DType, ListType, OptionalType, ParamRef, PointerType, ScalarType, SIMDType,
                    StructType, TupleType, Type, TypeType, UnknownType)

_PYTHON_ONLY_EXPRS = {
    ast.Lambda: "`lambda`", ast.ListComp: "list comprehensions", ast.SetComp: "set comprehensions",
    ast.DictComp: "dict comprehensions", ast.GeneratorExp: "generator expressions",
    ast.Yield: "`yield`", ast.YieldFrom: "`yield from`", ast.Await: "`await`",
    ast.JoinedStr: "f-strings", ast.Dict: "dict literals", ast.Set: "set literals",
    ast.NamedExpr: "`:=`", ast.Starred: "`*` unpacking",
}


class ExprMixin:
    # -- entry points ------------------------------------------------------------------------
    def expr(self, node: ast.expr, expected: Type | None = None) -> Type:
        t = self.infer(node, expected)
        if isinstance(t, PythonRef):
            self.python_value_error(node, t)
            t = UNKNOWN
        return self.set_type(node, t)

    def infer(self, node: ast.expr, expected: Type | None = None) -> Type:
        method = getattr(self, "e_" + type(node).__name__, None)
        if method is None:
            what = _PYTHON_ONLY_EXPRS.get(type(node))
            if what is not None:
                self.error("K0503", node, f"{what} cannot be used in an `fn`",
                           hint="this is Python-only; write it as a loop, or move the code to a `def`")
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr) and not isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                    self.infer(child)
            return self.set_type(node, UNKNOWN)
        return self.set_type(node, method(node, expected))

    def expr_value(self, node: ast.expr, expected: Type, code: str, what: str | None = None) -> Type:
        t = self.expr(node, expected)
        self.coerce(node, t, expected, code, what)
        return t

    def coerce(self, node: ast.expr, actual: Type, expected: Type, code: str,
               what: str | None = None) -> bool:
        how = self.assignable(actual, expected)
        if how == "convert":
            self.inst.conversions[node] = expected
        if how is not None:
            return True
        target = what or "here"
        hint = _conversion_hint(actual, expected)
        self.error(code, node, f"expected `{expected}` {target}, found `{actual}`", hint=hint)
        return False

    def assignable(self, actual: Type, expected: Type) -> str | None:
        if actual == expected:
            return "same"
        if isinstance(actual, UnknownType) or isinstance(expected, UnknownType):
            return "same"
        if isinstance(expected, ParamRef) or isinstance(actual, ParamRef):
            if isinstance(actual, ParamRef) and isinstance(expected, ParamRef):
                return "same" if actual == expected or "<expr>" in (actual.owner, expected.owner) else None
            return "same" if "<expr>" in (getattr(actual, "owner", ""), getattr(expected, "owner", "")) else None
        if actual == STRING_LITERAL and expected == STRING:
            return "convert"
        if isinstance(expected, OptionalType) and (actual == NONE or
                                                   self.assignable(actual, expected.element)):
            return "convert"
        ap, ep = simd_parts(actual), simd_parts(expected)
        if ap and ep and ap[1] == 1 and ep[1] != 1 and ap[0] == ep[0]:
            return "convert"           # scalar -> SIMD broadcast
        if isinstance(actual, SIMDType) and isinstance(expected, SIMDType) and \
                ap[0] == ep[0] and (isinstance(ap[1], ParamRef) or isinstance(ep[1], ParamRef)):
            return "same"
        if isinstance(actual, TupleType) and isinstance(expected, TupleType) and \
                len(actual.elements) == len(expected.elements) and \
                all(self.assignable(a, e) for a, e in zip(actual.elements, expected.elements)):
            return "convert"
        return None

    def annotation(self, node: ast.expr) -> Type:
        return self.subst(self.evaluator().annotation(node))

    def evaluator(self) -> Evaluator:
        return Evaluator(self.ctx, self.lookup, self.diags, self.record)

    def python_value_error(self, node: ast.expr, ref: PythonRef) -> None:
        name = getattr(node, "id", None) or getattr(node, "attr", None) or "this"
        hint = {"module": "Python modules are used from `def` code; pass the values you need "
                          "to the `fn` as arguments",
                "variable": f"make it compile-time with `alias {name} = ...`, or pass it as "
                            "an argument"}.get(ref.what, "pass the value in as an argument from a `def`")
        self.error("K0502", node, f"`{name}` is a Python-tier {ref.what}; an `fn` cannot use it",
                   hint=hint)

    # -- literals ---------------------------------------------------------------------------
    def e_Constant(self, node: ast.Constant, expected: Type | None) -> Type:
        v = node.value
        if isinstance(v, bool):
            return BOOL
        if isinstance(v, int):
            if expected is not None and is_numeric(expected):
                if is_integer_like(expected) and not int_fits(v, expected):
                    self.error("K0209", node, f"{v} does not fit in `{expected}`")
                return expected
            if not int_fits(v, INT):
                self.error("K0209", node, f"{v} does not fit in `Int` (64-bit signed)",
                           hint="use `UInt64` for values up to 2**64 - 1")
            return INT
        if isinstance(v, float):
            if expected is not None and (is_float_like(expected) or _symbolic_dtype(expected)):
                return expected
            return FLOAT64
        if isinstance(v, str):
            return STRING_LITERAL
        if v is None:
            return NONE
        if v is Ellipsis:
            return NONE
        self.error("K0503", node, f"{type(v).__name__} literals cannot be used in an `fn`")
        return UNKNOWN

    def is_literal(self, node: ast.expr) -> bool:
        """A number literal, or arithmetic on them: it adapts to the other side."""
        if isinstance(node, ast.Constant):
            return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return self.is_literal(node.operand)
        if isinstance(node, ast.BinOp):
            return self.is_literal(node.left) and self.is_literal(node.right)
        if isinstance(node, ast.Name):
            found = self.lookup(node.id)
            if isinstance(found, Symbol) and found.decl is not None and \
                    type(found.decl).__name__ == "AliasDecl" and found.decl.node.annotation is None:
                v = self.ctx.alias_value(found.decl) if found.decl.module is self.ctx.decls \
                    else self.ctx.program.context(found.decl.module.path).alias_value(found.decl)
                return isinstance(v, (int, float)) and not isinstance(v, bool)
            if isinstance(found, ComptimeEntry) and found.kind is None:
                return isinstance(found.value, (int, float)) and not isinstance(found.value, bool)
        return False

    def e_Tuple(self, node: ast.Tuple, expected: Type | None) -> Type:
        exp = expected.elements if isinstance(expected, TupleType) and \
            len(expected.elements) == len(node.elts) else [None] * len(node.elts)
        return TupleType(tuple(self.materialize(self.expr(e, x), e) if x is None else self.expr(e, x)
                               for e, x in zip(node.elts, exp)))

    def e_List(self, node: ast.List, expected: Type | None) -> Type:
        elem = expected.element if isinstance(expected, ListType) else None
        if not node.elts:
            if elem is None:
                self.error("K0210", node, "cannot infer the element type of an empty list",
                           hint="write `List[Int]()`")
                return UNKNOWN
            return expected
        if elem is None:
            first = [e for e in node.elts if not self.is_literal(e)]
            elem = self.materialize(self.expr(first[0]), first[0]) if first else None
        for e in node.elts:
            if elem is None:
                elem = self.materialize(self.expr(e), e)
            else:
                self.expr_value(e, elem, "K0201", "in this list")
        return ListType(elem or UNKNOWN)

    # -- names --------------------------------------------------------------------------------
    def e_Name(self, node: ast.Name, expected: Type | None) -> Type:
        found = self.lookup(node.id)
        span = self.span(node)
        if found is None:
            local_names = [n for b in _blocks(self.block) for n in b.names]
            self.ctx.undefined(node, self.diags, local_names)
            return UNKNOWN
        self.reference(span, found)
        if isinstance(found, LocalVar):
            return self.use_local(found, node)
        if isinstance(found, ComptimeEntry):
            self.bind_name(node, Binding("comptime", value=found.value))
            return self.comptime_type(found.value, expected, node)
        if isinstance(found, Symbol) and getattr(found.decl, "parent_fn", None) is not None:
            self.bind_name(node, Binding("closure", target=found.decl.decl_id))
            return FnRef((found.decl,))
        ent = self.evaluator().entity_of_symbol(found)
        return self.entity_type(ent, node, expected)

    def use_local(self, var: LocalVar, node: ast.AST) -> Type:
        copied = self.pending_copies.pop(var, None)
        if copied is not None:
            self.error("K0226", copied, f"`{var.name}` is copied here, but `{var.type}` has no "
                       "`__copyinit__`", notes=[Note(f"`{var.name}` is used again here", self.span(node))],
                       hint=f"move it with `{var.name}^` if it is not needed afterwards, or give "
                            f"`{var.type}` a `__copyinit__` (or `@value`)")
        mark = self.flow.get(var)
        if mark is not None:
            if mark.state == MOVED:
                self.error("K0322", node, f"`{var.name}` is used after it was moved",
                           notes=[Note(f"`{var.name}` moved here", mark.span)] if mark.span else [],
                           hint=f"copy it before the move, or assign `{var.name}` again first")
            elif mark.state == UNINIT:
                self.error("K0105", node, f"`{var.name}` is used before it is initialized",
                           notes=[Note(f"`{var.name}` declared here", var.span)],
                           hint=f"give `{var.name}` a value on every path before this use")
            self.flow.pop(var, None)
        kind = "param" if var.kind == "param" else "local"
        if var.owner_fn is not self.decl:
            kind = "capture"
            if var not in self.inst.captures:
                self.inst.captures.append(var)
        self.bind_name(node, Binding(kind, var))
        return var.type

    def comptime_type(self, value: object, expected: Type | None, node: ast.AST) -> Type:
        """The expression type of a compile-time value used in code."""
        if isinstance(value, bool):
            return BOOL
        if isinstance(value, int):
            if expected is not None and is_numeric(expected):
                return expected
            return INT
        if isinstance(value, float):
            return expected if expected is not None and is_float_like(expected) else FLOAT64
        if isinstance(value, str):
            return STRING_LITERAL
        if isinstance(value, DType):
            return DTYPE_TYPE
        if isinstance(value, ParamRef):
            if isinstance(value.kind, TraitRef) or value.kind is None:
                return TypeType(value)
            return value.kind
        if isinstance(value, UnknownType):
            return UNKNOWN
        if isinstance(value, ENTITY_TYPES):
            return value
        if isinstance(value, Type):
            return TypeType(value)
        return UNKNOWN

    def entity_type(self, ent: object, node: ast.AST, expected: Type | None) -> Type:
        if isinstance(ent, TypeType):
            self.bind_name(node, Binding("struct", value=ent.instance))
            return ent
        if isinstance(ent, FnRef):
            self.bind_name(node, Binding("fn", target=ent.decls[0].decl_id))
            return ent
        if isinstance(ent, BuiltinFn):
            self.bind_name(node, Binding("builtin", target=ent.name))
            return ent
        if isinstance(ent, ModuleRef):
            self.bind_name(node, Binding("module", target=ent.path))
            return ent
        if isinstance(ent, (GenericBuiltin, GenericStruct, TraitRef, PythonRef)):
            return ent
        self.bind_name(node, Binding("alias", value=ent))
        return self.comptime_type(ent, expected, node)

    # -- attributes ----------------------------------------------------------------------------
    def e_Attribute(self, node: ast.Attribute, expected: Type | None) -> Type:
        if isinstance(node.value, ast.Name) and node.value.id == "DType" and \
                isinstance(self.lookup("DType"), Symbol):
            value = self._comptime(node)
            if isinstance(value, DType):
                self.set_type(node.value, TypeType(DTYPE_TYPE))
                self.bind_name(node, Binding("comptime", value=value))
            return DTYPE_TYPE if isinstance(value, DType) else UNKNOWN
        base = self.infer(node.value)
        self.set_type(node.value, base)
        span = self.ctx.attr_span(node)
        if isinstance(base, UnknownType):
            return UNKNOWN
        if isinstance(base, ModuleRef):
            ev = self.evaluator()
            ent = self.ctx.program.module_member(base, node.attr, span, self.diags, self.record, ev)
            if isinstance(ent, PythonRef) and ent.symbol is None:
                self.error("K0502", span, f"`{base.name}.{node.attr}` is not part of Kiln's "
                           f"compiled `{base.name}` module",
                           hint="use it from `def` code, or pass the value in as an argument")
                return UNKNOWN
            return self.entity_type(ent, node, expected)
        if isinstance(base, PythonRef):
            return base
        if isinstance(base, TypeType):
            member = self.ctx.program.static_member(base.instance, node.attr)
            if member is None:
                member = self.static_builtin_member(base.instance, node.attr)
            if member is not None:
                if isinstance(member, FnRef):
                    self.reference(span, member.decls[0].symbol)
                    return member
                if isinstance(member, BuiltinFn):
                    return member
                self.reference(span, self.ctx.program.static_alias_symbol(base.instance, node.attr))
                return self.entity_type(member, node, expected)
            self.error("K0220", span, f"`{base.instance}` has no static member `{node.attr}`")
            return UNKNOWN
        if isinstance(base, ENTITY_TYPES):
            self.error("K0220", span, f"`{base}` has no member `{node.attr}`")
            return UNKNOWN
        if isinstance(base, DType) or base == DTYPE_TYPE:
            value = self._comptime(node)
            return self.comptime_type(value, expected, node)
        return self.member(base, node, span)

    def _comptime(self, node: ast.expr) -> object:
        try:
            return self.evaluator().value(node)
        except NotComptime:
            return UNKNOWN

    # -- operators -------------------------------------------------------------------------------
    def operands(self, left: ast.expr, right: ast.expr, expected: Type | None) -> tuple[Type, Type]:
        """Types of two operands, letting a literal side adapt to the other."""
        lit_l, lit_r = self.is_literal(left), self.is_literal(right)
        if lit_l and not lit_r:
            rt = self.expr(right)
            lt = self.expr(left, rt if is_numeric(rt) else None)
            return lt, rt
        if lit_r and not lit_l:
            lt = self.expr(left, expected if lit_l else None)
            return lt, self.expr(right, lt if is_numeric(lt) else None)
        if lit_l and lit_r:
            return self.expr(left, expected), self.expr(right, expected)
        return self.expr(left), self.expr(right)

    def e_BinOp(self, node: ast.BinOp, expected: Type | None) -> Type:
        lt, rt = self.operands(node.left, node.right, expected)
        return self.binary_result(node, node.op, lt, rt, node.left, node.right)

    def binary_result(self, node, op, lt: Type, rt: Type, left, right) -> Type:
        if isinstance(lt, UnknownType) or isinstance(rt, UnknownType):
            return UNKNOWN
        if isinstance(lt, (StructType, ParamRef)) or isinstance(rt, (StructType, ParamRef)):
            found = self.dunder_binary(node, op, lt, rt, left, right)
            if found is not None:
                return found
        result = ops.binary(op, lt, rt)
        if isinstance(result, ops.OpError):
            self.error(result.code, node, result.message, hint=result.hint)
            return UNKNOWN
        if isinstance(op, ast.Div) and is_integer_like(lt) and isinstance(lt, ScalarType):
            self.inst.conversions.setdefault(node, result)
        self.note_broadcast(left, lt, right, rt)
        return result

    def note_broadcast(self, left, lt: Type, right, rt: Type) -> None:
        """A scalar operand of a SIMD operation is splatted to the vector's width."""
        lp, rp = simd_parts(lt), simd_parts(rt)
        if lp is None or rp is None or lp[1] == rp[1]:
            return
        if lp[1] == 1 and left is not None:
            self.inst.conversions[left] = make_simd(lp[0], rp[1])
        elif rp[1] == 1 and right is not None:
            self.inst.conversions[right] = make_simd(rp[0], lp[1])

    def e_UnaryOp(self, node: ast.UnaryOp, expected: Type | None) -> Type:
        operand = node.operand
        if isinstance(node.op, ast.USub) and isinstance(operand, ast.Constant) and \
                type(operand.value) is int:
            t = expected if expected is not None and is_numeric(expected) else INT
            if is_integer_like(t) and not int_fits(-operand.value, t):
                self.error("K0209", node, f"-{operand.value} does not fit in `{t}`")
            self.set_type(operand, t)
            return t
        if isinstance(node.op, ast.Not):
            t = self.expr(node.operand, BOOL)
            if not self.boolable(t) and not (isinstance(t, SIMDType) and is_bool_like(t)):
                self.error("K0240", node, f"`not` is not supported on `{t}`")
            if isinstance(t, SIMDType) and is_bool_like(t):
                return t
            return BOOL
        t = self.expr(node.operand, expected)
        if isinstance(t, UnknownType):
            return UNKNOWN
        if isinstance(t, (StructType, ParamRef)):
            found = self.dunder_unary(node, t)
            if found is not None:
                return found
        result = ops.unary(node.op, t)
        if isinstance(result, ops.OpError):
            self.error(result.code, node, result.message, hint=result.hint)
            return UNKNOWN
        return result

    def e_BoolOp(self, node: ast.BoolOp, expected: Type | None) -> Type:
        """Python's value semantics: `0 or 5` is the Int 5. Operands of one type
        T give a T (the deciding operand's value); a condition wants a Bool."""
        want = BOOL if expected is None or expected == BOOL else expected
        types: list[Type] = []
        for v in node.values:
            t = self.expr(v, want)
            if not self.boolable(t):
                word = "and" if isinstance(node.op, ast.And) else "or"
                self.error("K0240", v, f"`{word}` needs `Bool` operands, not `{t}`")
            types.append(t)
        if expected == BOOL or not types or isinstance(types[0], UnknownType):
            return BOOL
        return types[0] if all(t == types[0] for t in types) else BOOL

    def e_Compare(self, node: ast.Compare, expected: Type | None) -> Type:
        left = node.left
        result: Type = BOOL
        lt = None
        for op, right in zip(node.ops, node.comparators):
            if lt is None:
                lt, rt = self.operands(left, right, None)
            else:
                rt = self.expr(right, lt if self.is_literal(right) and is_numeric(lt) else None)
            result = self.compare_result(node, op, lt, rt, left, right)
            left, lt = right, rt
        return result

    def compare_result(self, node, op, lt: Type, rt: Type, left, right) -> Type:
        if isinstance(lt, UnknownType) or isinstance(rt, UnknownType):
            return BOOL
        if isinstance(op, (ast.Is, ast.IsNot)):
            if rt == NONE and (isinstance(lt, OptionalType) or lt == NONE):
                return BOOL
            self.error("K0240", node, f"`{ops.SYMBOLS[type(op)]}` is only supported against `None` "
                       "on `Optional` values", hint="compare values with `==`")
            return BOOL
        if isinstance(op, (ast.In, ast.NotIn)):
            return self.contains_result(node, lt, rt, left, right)
        if isinstance(lt, (StructType, ParamRef)) or isinstance(rt, (StructType, ParamRef)):
            found = self.dunder_compare(node, op, lt, rt, left, right)
            if found is not None:
                return found
        if isinstance(lt, OptionalType) and rt == NONE or lt == NONE and rt == NONE:
            return BOOL
        result = ops.compare(op, lt, rt)
        if isinstance(result, ops.OpError):
            self.error(result.code, node, result.message, hint=result.hint)
            return BOOL
        self.note_broadcast(left, lt, right, rt)
        return result

    def e_IfExp(self, node: ast.IfExp, expected: Type | None) -> Type:
        self.condition(node.test)
        if expected is None and self.is_literal(node.body) and not self.is_literal(node.orelse):
            ot = self.expr(node.orelse)
            bt = self.expr(node.body, ot)
        else:
            bt = self.expr(node.body, expected)
            ot = self.expr(node.orelse, expected if expected is not None else
                           (bt if self.is_literal(node.orelse) else None))
        if self.assignable(ot, bt):
            return bt
        if self.assignable(bt, ot):
            return ot
        self.error("K0201", node.orelse, f"both branches of a conditional expression need one "
                   f"type: `{bt}` and `{ot}`")
        return bt

    # -- subscripts -------------------------------------------------------------------------------
    def e_Subscript(self, node: ast.Subscript, expected: Type | None) -> Type:
        base = self.infer(node.value)
        self.set_type(node.value, base)
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if isinstance(base, (GenericBuiltin, GenericStruct, FnRef, BuiltinFn)):
            result = self.evaluator().apply_params(base, args, node)
            if isinstance(result, ENTITY_TYPES) or isinstance(result, UnknownType):
                return result
            if isinstance(result, Type):
                return TypeType(result)
            return UNKNOWN
        if isinstance(base, (TypeType, TraitRef, ModuleRef)):
            self.error("K0241", node, f"`{base}` cannot be subscripted")
            return UNKNOWN
        if isinstance(base, UnknownType):
            for a in args:
                if not isinstance(a, ast.Slice):
                    self.expr(a)
            return UNKNOWN
        return self.index(base, node, args)

    def e_ParamSubscript(self, node: K.ParamSubscript, expected: Type | None) -> Type:
        base = self.infer(node.value)
        self.set_type(node.value, base)
        ev = self.evaluator()
        values = tuple(ev.param_value(a) for a in node.args)
        keywords = tuple((kw.arg, ev.param_value(kw.value), kw.value) for kw in node.keywords)
        if isinstance(base, BuiltinFn):
            return BuiltinFn(base.name, base.self_type, base.receiver, values or base.comptime_args,
                             tuple(node.args) or base.comptime_nodes, keywords)
        if isinstance(base, FnRef):
            if keywords:
                self.error("K0207", node.keywords[0].value, "keyword compile-time parameters "
                           "are not supported on user functions")
            return FnRef(base.decls, base.self_type, base.receiver, values, tuple(node.args),
                         base.owner_type)
        if not isinstance(base, UnknownType):
            self.error("K0241", node, f"`{base}` does not take compile-time parameters")
        return UNKNOWN

    def e_Call(self, node: ast.Call, expected: Type | None) -> Type:
        return self.call(node, expected)

    def e_Transfer(self, node: K.Transfer, expected: Type | None) -> Type:
        return self.transfer(node, expected)

    def e_ErrorExpr(self, node, expected) -> Type:
        return UNKNOWN

    def e_Slice(self, node: ast.Slice, expected) -> Type:
        for part in (node.lower, node.upper, node.step):
            if part is not None:
                self.expr_value(part, INT, "K0202")
        return UNKNOWN

    # -- compile-time conditions ---------------------------------------------------------------------
    def comptime_condition(self, test: ast.expr):
        """True/False when known; None when it depends on unbound parameters."""
        try:
            value = self.evaluator().value(test)
        except NotComptime as exc:
            self.error("K0282", exc.node if exc.node is not None else test,
                       "`@parameter if` needs a condition known at compile time",
                       hint="use parameters, `alias` values and literals; or drop `@parameter`")
            return None
        self.set_type(test, BOOL)
        if isinstance(value, ParamRef) or isinstance(value, UnknownType):
            return None
        return bool(value)

    def comptime_range(self, node: ast.expr) -> list | None:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"):
            self.error("K0282", node, "`@parameter for` iterates over `range(...)` of compile-time values")
            return None
        self.reference(self.span(node.func), self.lookup("range"))
        try:
            ev = self.evaluator()
            args = [ev.value(a) for a in node.args]
        except NotComptime as exc:
            self.error("K0282", exc.node, "`@parameter for` needs a range known at compile time")
            return None
        for a in node.args:
            self.set_type(a, INT)
        if any(isinstance(a, (ParamRef, UnknownType)) for a in args):
            return None
        if not all(isinstance(a, int) for a in args) or not 1 <= len(args) <= 3:
            return None
        return list(range(*args))

    def boolable(self, t: Type) -> bool:
        if isinstance(t, UnknownType) or t == BOOL:
            return True
        if isinstance(t, (ScalarType,)):
            return True
        if isinstance(t, SIMDType):
            return False
        if is_string(t) or isinstance(t, (ListType, OptionalType, PointerType)) or t == ERROR:
            return True
        if isinstance(t, StructType):
            return self.struct_has_method(t, "__bool__")
        if isinstance(t, ParamRef):
            return True
        return False


def _symbolic_dtype(t: Type) -> bool:
    parts = simd_parts(t)
    return parts is not None and isinstance(parts[0], ParamRef)


def _blocks(block):
    while block is not None:
        yield block
        block = block.parent


def _conversion_hint(actual: Type, expected: Type) -> str | None:
    ap, ep = simd_parts(actual), simd_parts(expected)
    if ap and ep:
        if ap[1] == 1 and ep[1] == 1:
            return f"convert explicitly: `{expected}(value)`"
        return f"convert explicitly: `value.cast[{ep[0]}]()`"
    if expected == STRING and (ap is not None):
        return "convert with `str(value)`"
    if isinstance(expected, PointerType) or isinstance(actual, PointerType):
        return None
    return None
