"""Compile-time evaluation: what a name means in compiled code, the value of
compile-time expressions (`alias` values, `[...]` parameters, `@parameter if`
conditions) and the `Type` an annotation denotes.

A compile-time value is a `ParamValue` (int, bool, float, str, DType, Type),
a `ParamRef` (a parameter not bound yet, in generic checking) or an entity of
`entities.py` (a function, a trait, a generic type before its `[...]`).
"""
from __future__ import annotations

import ast
import operator
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax import nodes as K
from ..syntax.source import Span
from . import prelude
from .entities import BuiltinFn, FnRef, GenericBuiltin, GenericStruct, ModuleRef, PythonRef, TraitRef
from .locals import ComptimeEntry, LocalVar
from .symbols import PYTHON, Reference, Symbol, SymbolKind
from .type_ops import make_simd, simd_parts
from .types import (BOOL, DTYPE_TYPE, DTYPES, ERROR, FLOAT64, INT, NONE, RANGE, SCALARS, STRING,
                    STRING_LITERAL, UNKNOWN, DType, ListType, OptionalType, ParamRef, PointerType,
                    StructType, TupleType, Type, TypeType, UnknownType, scalar_of)

PRELUDE_TYPES: dict[str, Type] = {
    **SCALARS, "String": STRING, "StringLiteral": STRING_LITERAL, "Error": ERROR,
    "DType": DTYPE_TYPE, "NoneType": NONE, "Range": RANGE,
}
GENERIC_BUILTINS = frozenset({"SIMD", "Scalar", "UnsafePointer", "DTypePointer", "Pointer",
                              "List", "Optional", "Tuple"})
COMPILED_BUILTIN_FUNCTIONS = frozenset({
    "print", "len", "range", "str", "abs", "min", "max", "simdwidthof", "sizeof",
    "memset_zero", "memcpy", "vectorize", "parallelize", "sync_parallelize",
    "round", "pow", "parameter", "value", "always_inline", "fastmath",
    "staticmethod", "register_passable", "noncapturing",
})
PYTHON_BUILTIN_ADVICE = {
    "int": "use `Int(x)` (or another integer type) to convert in an `fn`",
    "float": "use `Float64(x)` (or `Float32(x)`) to convert in an `fn`",
    "bool": "use `Bool(x)` to convert in an `fn`",
    "list": "use `List[T]()` in an `fn`",
    "tuple": "use a tuple literal `(a, b)` in an `fn`",
    "input": "read input in a `def` and pass the value to the `fn`",
    "open": "do file I/O in a `def` and pass the data to the `fn`",
}


class NotComptime(Exception):
    """Raised inside evaluation when a value is only known at run time."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node


_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift, ast.BitAnd: operator.and_,
    ast.BitOr: operator.or_, ast.BitXor: operator.xor, ast.Div: operator.truediv,
}
_CMPOPS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
}


class Evaluator:
    """Evaluates compile-time expressions in one lexical environment.

    `lookup(name)` returns a LocalVar, a ComptimeEntry, or a Symbol (module
    level, import, prelude); `record` says whether name references go into the
    symbol table (only the first, generic check of a declaration records)."""

    def __init__(self, ctx, lookup: Callable[[str], object | None], diags: list[Diagnostic],
                 record: bool = True) -> None:
        self.ctx = ctx
        self.lookup = lookup
        self.diags = diags
        self.record = record

    def span(self, node: ast.AST) -> Span:
        return self.ctx.spans(node)

    def error(self, code: str, node_or_span, message: str, **kw) -> None:
        span = node_or_span if isinstance(node_or_span, Span) else self.span(node_or_span)
        self.diags.append(make.error(code, span, message, **kw))

    # -- names -------------------------------------------------------------------
    def resolve_name(self, node: ast.Name) -> object | None:
        """LocalVar | ComptimeEntry | Symbol for a Name, recording the reference;
        None (after reporting K0101) when the name is undefined."""
        found = self.lookup(node.id)
        if found is None:
            self.ctx.undefined(node, self.diags)
            return None
        if self.record:
            sym = found.symbol if isinstance(found, (LocalVar, ComptimeEntry)) else found
            if isinstance(sym, Symbol):
                self.ctx.table.add_reference(Reference(self.span(node), sym))
        return found

    def entity_of_symbol(self, sym: Symbol) -> object:
        """What a module-level / prelude symbol denotes in compiled code."""
        target = sym.resolved()
        if target.kind is SymbolKind.MODULE:
            if target.tier == PYTHON:
                return PythonRef(target, "module")
            return ModuleRef(target.module_path or "", target.name)
        if target.kind is SymbolKind.IMPORT:
            # an import that brings nothing compiled: a Python module or its member
            return PythonRef(target, "module" if target.module_path else "imported name")
        decl = target.decl
        if decl is not None:
            return self.ctx.program.entity_of_decl(decl, target)
        if target.path == prelude.BUILTIN_PATH:
            return builtin_entity(target.name, target)
        what = {SymbolKind.DEF_FUNCTION: "def", SymbolKind.CLASS: "class",
                SymbolKind.METHOD: "def"}.get(target.kind, "variable")
        return PythonRef(target, what)

    # -- compile-time values -----------------------------------------------------------
    def value(self, node: ast.AST) -> object:
        """The compile-time value of an expression. Raises NotComptime."""
        method = getattr(self, "v_" + type(node).__name__, None)
        if method is None:
            raise NotComptime(node)
        return method(node)

    def v_ErrorExpr(self, node: ast.AST) -> object:
        return UNKNOWN           # the parser reported the broken expression

    def v_Constant(self, node: ast.Constant) -> object:
        if node.value is None:
            return NONE
        if isinstance(node.value, (bool, int, float, str)):
            return node.value
        raise NotComptime(node)

    def v_Name(self, node: ast.Name) -> object:
        found = self.resolve_name(node)
        if found is None:
            return UNKNOWN
        if isinstance(found, ComptimeEntry):
            return found.value
        if isinstance(found, LocalVar):
            raise NotComptime(node)
        ent = self.entity_of_symbol(found)
        if isinstance(ent, TypeType):
            return ent.instance
        return ent

    def v_Attribute(self, node: ast.Attribute) -> object:
        if isinstance(node.value, ast.Name) and node.value.id == "DType":
            found = self.lookup("DType")
            if isinstance(found, Symbol) and found.path == prelude.BUILTIN_PATH:
                if self.record:
                    self.ctx.table.add_reference(Reference(self.span(node.value), found))
                dt = DTYPES.get(node.attr)
                if dt is None:
                    self.error("K0220", self.ctx.attr_span(node), f"`DType` has no member `{node.attr}`",
                               hint="element types are DType.int8 .. DType.uint64, DType.float16/32/64, DType.bool, DType.index")
                    return UNKNOWN
                return dt
        base = self.value(node.value)
        if isinstance(base, ModuleRef):
            member = self.ctx.program.module_member(base, node.attr, self.ctx.attr_span(node),
                                                    self.diags, self.record, self)
            return member.instance if isinstance(member, TypeType) else member
        if isinstance(base, DType):
            return _dtype_property(base, node.attr, node)
        if isinstance(base, ParamRef) and base.kind == DTYPE_TYPE:
            return ParamRef(f"{base.name}.{node.attr}", base.owner, BOOL)
        if isinstance(base, Type) and not isinstance(base, UnknownType):
            member = self.ctx.program.static_member(base, node.attr)
            if member is not None:
                alias = self.ctx.program.static_alias_symbol(base, node.attr)
                if alias is not None and self.record:
                    self.ctx.table.add_reference(Reference(self.ctx.attr_span(node), alias))
                if isinstance(member, TypeType):
                    return member.instance
                return member
        if isinstance(base, UnknownType):
            return UNKNOWN
        raise NotComptime(node)

    def v_BinOp(self, node: ast.BinOp) -> object:
        left, right = self.value(node.left), self.value(node.right)
        return self._arith(node, _BINOPS.get(type(node.op)), left, right)

    def v_UnaryOp(self, node: ast.UnaryOp) -> object:
        v = self.value(node.operand)
        if isinstance(v, ParamRef):
            return ParamRef(ast.unparse(node), "<expr>", v.kind)
        if isinstance(node.op, ast.Not):
            return not v
        if isinstance(node.op, ast.USub) and isinstance(v, (int, float)):
            return -v
        if isinstance(node.op, ast.UAdd) and isinstance(v, (int, float)):
            return v
        if isinstance(node.op, ast.Invert) and isinstance(v, int):
            return ~v
        raise NotComptime(node)

    def v_BoolOp(self, node: ast.BoolOp) -> object:
        values = [self.value(v) for v in node.values]
        if any(isinstance(v, ParamRef) for v in values):
            return ParamRef(ast.unparse(node), "<expr>", BOOL)
        if isinstance(node.op, ast.And):
            return all(values)
        return any(values)

    def v_Compare(self, node: ast.Compare) -> object:
        left = self.value(node.left)
        result = True
        for op, comp in zip(node.ops, node.comparators):
            right = self.value(comp)
            if isinstance(left, ParamRef) or isinstance(right, ParamRef):
                return ParamRef(ast.unparse(node), "<expr>", BOOL)
            fn = _CMPOPS.get(type(op))
            if fn is None:
                raise NotComptime(node)
            try:
                result = result and fn(left, right)
            except TypeError:
                raise NotComptime(node) from None
            left = right
        return result

    def v_IfExp(self, node: ast.IfExp) -> object:
        cond = self.value(node.test)
        if isinstance(cond, ParamRef):
            return ParamRef(ast.unparse(node), "<expr>", None)
        return self.value(node.body) if cond else self.value(node.orelse)

    def _arith(self, node: ast.AST, fn, left, right) -> object:
        if isinstance(left, ParamRef) or isinstance(right, ParamRef):
            kind = left.kind if isinstance(left, ParamRef) else right.kind
            return ParamRef(ast.unparse(node), "<expr>", kind)
        if fn is None or not isinstance(left, (int, float, str)) or not isinstance(right, (int, float, str)):
            raise NotComptime(node)
        try:
            return fn(left, right)
        except (ZeroDivisionError, TypeError, ValueError, OverflowError):
            raise NotComptime(node) from None

    def v_Call(self, node: ast.Call) -> object:
        callee = node.func
        if isinstance(callee, ast.Subscript) and not node.args:
            fn = self.value(callee.value)
            if isinstance(fn, BuiltinFn) and fn.name in ("simdwidthof", "sizeof"):
                arg = self.value(callee.slice)
                return self.ctx.program.builtin_comptime_call(fn.name, arg, node, self)
        fn = self.value(callee)
        if isinstance(fn, ParamRef):
            return ParamRef(ast.unparse(node), "<expr>", BOOL)
        if isinstance(fn, BuiltinFn) and fn.name.startswith("DType.") and fn.comptime_args:
            return fn.comptime_args[0]
        if isinstance(fn, Type) and not isinstance(fn, (FnRef, BuiltinFn, UnknownType)) \
                and len(node.args) == 1 and not node.keywords:
            arg = self.value(node.args[0])
            if fn == INT and isinstance(arg, (int, float, bool)):
                return int(arg)
            if fn == BOOL and isinstance(arg, (int, float, bool)):
                return bool(arg)
            if fn in (FLOAT64, SCALARS["Float32"]) and isinstance(arg, (int, float)):
                return float(arg)
        raise NotComptime(node)

    def v_Subscript(self, node: ast.Subscript) -> object:
        base = self.value(node.value)
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return self.apply_params(base, args, node)

    def v_Tuple(self, node: ast.Tuple) -> object:
        raise NotComptime(node)

    # -- parameterisation ----------------------------------------------------------------
    def apply_params(self, base, args: list[ast.expr], node: ast.AST) -> object:
        """`base[args]` where base is a generic type, struct, fn or builtin."""
        if isinstance(base, GenericBuiltin):
            return self._builtin_generic(base.name, args, node)
        if isinstance(base, GenericStruct):
            return self.ctx.program.parameterise_struct(base.decl, args, node, self)
        if isinstance(base, FnRef):
            values = tuple(self.param_value(a) for a in args)
            return FnRef(base.decls, base.self_type, base.receiver, values, tuple(args),
                         base.owner_type)
        if isinstance(base, BuiltinFn):
            values = tuple(self.param_value(a) for a in args)
            return BuiltinFn(base.name, base.self_type, base.receiver, values, tuple(args))
        if isinstance(base, UnknownType):
            return UNKNOWN
        if isinstance(base, StructType) and not base.params:
            self.error("K0283", args[0], f"`{base}` takes no compile-time parameters")
            return base
        raise NotComptime(node)

    def param_value(self, node: ast.expr) -> object:
        try:
            return self.value(node)
        except NotComptime as exc:
            self.error("K0282", node, "this value is not known at compile time",
                       hint="compile-time parameters need literals, `alias` values or other "
                            "parameters; use a runtime argument instead")
            del exc
            return UNKNOWN

    def _builtin_generic(self, name: str, args: list[ast.expr], node: ast.AST) -> object:
        if name in ("SIMD",):
            if not self._count(name, args, 2, node):
                return UNKNOWN
            dt = self.dtype_arg(args[0])
            width = self.width_arg(args[1])
            if dt is UNKNOWN or width is UNKNOWN:
                return UNKNOWN
            return make_simd(dt, width)
        if name in ("Scalar", "DTypePointer"):
            if not self._count(name, args, 1, node):
                return UNKNOWN
            dt = self.dtype_arg(args[0])
            if dt is UNKNOWN:
                return UNKNOWN
            scalar = make_simd(dt, 1)
            return PointerType(scalar) if name == "DTypePointer" else scalar
        if name == "Tuple":
            return TupleType(tuple(self.type_arg(a) for a in args))
        if not self._count(name, args, 1, node):
            return UNKNOWN
        elem = self.type_arg(args[0])
        if name in ("UnsafePointer", "Pointer"):
            return PointerType(elem)
        if name == "List":
            return ListType(elem)
        return OptionalType(elem)

    def _count(self, name: str, args: list[ast.expr], n: int, node: ast.AST) -> bool:
        if len(args) == n:
            return True
        if len(args) > n:
            self.error("K0283", args[n], f"`{name}` takes {n} compile-time parameter{'s' * (n > 1)}")
        else:
            self.error("K0283", node, f"`{name}` takes {n} compile-time parameter{'s' * (n > 1)}, "
                       f"{len(args)} given")
        return False

    def dtype_arg(self, node: ast.expr) -> object:
        v = self.param_value(node)
        if isinstance(v, DType) or (isinstance(v, ParamRef) and v.kind in (DTYPE_TYPE, None)):
            return v
        if isinstance(v, UnknownType):
            return UNKNOWN
        parts = simd_parts(v) if isinstance(v, Type) else None
        hint = f"write `DType.{parts[0].name}`" if parts and isinstance(parts[0], DType) else \
            "element types are written `DType.float32`, `DType.int32`, ..."
        self.error("K0281", node, "expected an element type (`DType`) here", hint=hint)
        return UNKNOWN

    def width_arg(self, node: ast.expr) -> object:
        v = self.param_value(node)
        if isinstance(v, ParamRef):
            return v
        if isinstance(v, UnknownType):
            return UNKNOWN
        if isinstance(v, bool) or not isinstance(v, int):
            self.error("K0281", node, "a SIMD width must be a compile-time `Int`")
            return UNKNOWN
        if v <= 0 or v & (v - 1):
            self.error("K0300", node, f"SIMD width {v} is not a power of two",
                       hint="use 1, 2, 4, 8, 16, ...")
            return UNKNOWN
        return v

    def type_arg(self, node: ast.expr) -> Type:
        v = self.param_value(node)
        return self.as_type(v, node)

    # -- annotations ------------------------------------------------------------------------
    def annotation(self, node: ast.expr | None) -> Type:
        """The Type an annotation denotes (UNKNOWN after reporting a problem)."""
        if node is None:
            return UNKNOWN
        try:
            v = self.value(node)
        except NotComptime:
            self.error("K0204", node, f"`{_text(node)}` is not a type")
            return UNKNOWN
        return self.as_type(v, node)

    def as_type(self, v: object, node: ast.expr) -> Type:
        if isinstance(v, UnknownType):
            return UNKNOWN
        if isinstance(v, ParamRef):
            return v
        if isinstance(v, PythonRef):
            self.error("K0502", node, f"`{_text(node)}` is a Python-tier {v.what}, not a compiled type",
                       hint="compiled code uses Kiln types: Int, Float64, String, structs, ...")
            return UNKNOWN
        if isinstance(v, (GenericStruct, GenericBuiltin)):
            self.error("K0283", node, f"`{v}` needs compile-time parameters here",
                       hint=f"write `{v}[...]`")
            return UNKNOWN
        if isinstance(v, TraitRef):
            self.error("K0204", node, f"trait `{v.name}` is not a type",
                       hint=f"make the function generic: `fn f[T: {v.name}](x: T)`")
            return UNKNOWN
        if isinstance(v, Type) and not isinstance(v, (FnRef, BuiltinFn, ModuleRef)):
            return v
        self.error("K0204", node, f"`{_text(node)}` is not a type")
        return UNKNOWN


def builtin_entity(name: str, sym: Symbol) -> object:
    if name in PRELUDE_TYPES:
        return TypeType(PRELUDE_TYPES[name])
    if name in GENERIC_BUILTINS:
        return GenericBuiltin(name)
    if name in prelude.KILN_TRAITS:
        return TraitRef(name)
    if name in COMPILED_BUILTIN_FUNCTIONS:
        return BuiltinFn(name)
    if name == "Self":
        return UNKNOWN
    return PythonRef(sym, "builtin")


def _dtype_property(dt: DType, attr: str, node: ast.AST) -> object:
    props = {
        "is_floating_point": dt.is_float, "is_integral": not dt.is_float and dt.name != "bool",
        "is_signed": dt.is_signed, "is_unsigned": dt.name.startswith("uint"),
        "is_bool": dt.name == "bool",
    }
    if attr in props:
        return BuiltinFn(f"DType.{attr}", comptime_args=(props[attr],))
    raise NotComptime(node)


def _text(node: ast.AST) -> str:
    try:
        return ast.unparse(node)
    except Exception:  # a recovery node
        return "?"


def scalar_for(dtype) -> Type:
    return scalar_of(dtype) if isinstance(dtype, DType) else make_simd(dtype, 1)


def is_transfer(node: ast.AST) -> bool:
    return isinstance(node, K.Transfer)
