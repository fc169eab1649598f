"""Builtin functions, conversions and the members of builtin types (mixin of
FnChecker): `print`, `len`, `range`, `str`, `min`/`max`/`abs`, `Float64(x)`,
`SIMD[...](x)`, `List[T](...)`, the methods of SIMD values, pointers, lists,
strings and optionals, `vectorize`/`parallelize`, and the intrinsics of the
compiled standard library (`math.sqrt`, `time.now`, ...).

Every builtin call is recorded as `CallTarget(kind="builtin", name=...)`."""
from __future__ import annotations

import ast

from .entities import BuiltinFn, FnRef
from .stdlib_intrinsics import FLOAT_BINARY, FLOAT_UNARY, PREDICATES, ROUNDING
from .type_ops import (a_type, is_float_like, is_integer_like, is_numeric, is_string,
                       make_simd, simd_parts)
from .typed_model import CallTarget
from .types import (BOOL, DTYPES, ERROR, FLOAT64, INT, NONE, RANGE, SCALARS, STRING,
                    STRING_LITERAL, UNKNOWN, DType, FnType, ListType, OptionalType, ParamRef,
                    PointerType, ScalarType, SIMDType, StructType, TupleType, Type, UnknownType)

REDUCTIONS = ("reduce_add", "reduce_mul", "reduce_max", "reduce_min", "reduce_or", "reduce_and")
SIMD_METHODS = REDUCTIONS + ("cast", "fma", "select", "min", "max", "clamp", "join", "slice",
                             "shuffle", "insert", "__len__", "splat")
POINTER_METHODS = ("load", "store", "free", "offset", "bitcast", "is_null",
                   "simd_load", "simd_store")    # Mojo 2023 spellings of load/store[width]
LIST_METHODS = ("append", "pop", "clear", "reserve", "insert", "extend", "unsafe_ptr", "__len__")
LIST_ATTRS = ("size", "capacity")
STRING_METHODS = ("find", "rfind", "startswith", "endswith", "upper", "lower", "strip", "lstrip",
                  "rstrip", "split", "replace", "join", "count", "isdigit", "isspace", "__len__")
OPTIONAL_METHODS = ("value", "or_else", "take")


class BuiltinMixin:
    # -- recording -----------------------------------------------------------------------------
    def builtin_target(self, node, name: str, args: list, result: Type, self_type=None,
                       comptime=(), raises: bool = False) -> Type:
        params = tuple(self.inst.expr_types.get(a, UNKNOWN) if a is not None else UNKNOWN
                       for a in args)
        self.inst.calls[node] = CallTarget("builtin", name, FnType(params, result, raises),
                                           None, self_type, tuple(comptime), tuple(args),
                                           raises=raises)
        return result

    def plain_args(self, node: ast.Call, expected: list[Type | None] | None = None) -> list[Type]:
        """Types of positional args (keywords are checked by the caller)."""
        out = []
        for i, a in enumerate(node.args):
            exp = expected[i] if expected and i < len(expected) else None
            out.append(self.expr(a, exp))
        return out

    def arity(self, node: ast.Call, name: str, lo: int, hi: int | None = None) -> bool:
        hi = lo if hi is None else hi
        n = len(node.args)
        if n > hi:
            self.error("K0206", node.args[hi], f"`{name}` takes at most {hi} argument{'s' * (hi != 1)}")
            return False
        if n < lo:
            self.error("K0206", node, f"`{name}` needs {lo} argument{'s' * (lo != 1)}, {n} given")
            return False
        return True

    def no_keywords(self, node: ast.Call, name: str, allowed: tuple = ()) -> dict:
        kws = {}
        for kw in node.keywords:
            if kw.arg in allowed:
                kws[kw.arg] = kw.value
            else:
                self.error("K0207", kw, f"`{name}` has no parameter `{kw.arg}`")
                self.expr(kw.value)
        return kws

    # -- dispatch ---------------------------------------------------------------------------------
    def call_builtin(self, node: ast.Call, fn: BuiltinFn, expected: Type | None) -> Type:
        name = fn.name
        method = getattr(self, "b_" + name.replace(".", "_"), None)
        if fn.self_type is not None and "." in name:
            return self.builtin_method(node, fn, expected)
        if method is not None:
            return method(node, fn, expected)
        module, _, short = name.partition(".")
        if module == "math":
            return self.math_call(node, short, expected)
        self.error("K0208", node.func, f"`{name}` cannot be called like this",
                   hint="see the language reference for the compiled standard library")
        self.check_args_loosely(node)
        return UNKNOWN

    def b_print(self, node, fn, expected) -> Type:
        for a in node.args:
            t = self.expr(a)
            self.require_printable(a, t)
        kws = self.no_keywords(node, "print", ("sep", "end", "flush"))
        for k, v in kws.items():
            self.expr_value(v, BOOL if k == "flush" else STRING, "K0202")
        return self.builtin_target(node, "print", list(node.args), NONE)

    def require_printable(self, node, t: Type) -> None:
        if self.printable(t):
            return
        self.error("K0360", node, f"{a_type(t)} cannot be printed or converted to `String`",
                   hint="print its parts, or give the struct an `fn __str__(self) -> String`"
                   if isinstance(t, StructType) else None)

    def printable(self, t: Type) -> bool:
        if isinstance(t, UnknownType) or simd_parts(t) is not None or is_string(t):
            return True
        if t in (ERROR, NONE):
            return True
        if isinstance(t, StructType):
            return self.struct_has_method(t, "__str__")
        if isinstance(t, ParamRef):
            from .entities import TraitRef
            return isinstance(t.kind, TraitRef) and t.kind.name in ("Stringable", "Representable") \
                or self.bound_allows(t, "__str__") or self.struct_has_method(t, "__str__")
        return False

    def b_str(self, node, fn, expected) -> Type:
        if self.arity(node, "str", 0, 1):
            for a in node.args:
                self.require_printable(a, self.expr(a))
        self.no_keywords(node, "str")
        return self.builtin_target(node, "str", list(node.args), STRING)

    def b_len(self, node, fn, expected) -> Type:
        self.no_keywords(node, "len")
        if not self.arity(node, "len", 1):
            self.check_args_loosely(node)
            return INT
        a = node.args[0]
        t = self.expr(a)
        if is_string(t) or isinstance(t, (ListType, TupleType, UnknownType)):
            return self.builtin_target(node, "len", [a], INT)
        if isinstance(t, (StructType, ParamRef)):
            found = self.call_method(node, t, a, "__len__", [], "len")
            if found is not None or self.bound_allows(t, "__len__"):
                return INT
        self.error("K0202", a, f"`len` needs a sized value, not `{t}`",
                   hint="define `fn __len__(self) -> Int` on the struct" if isinstance(t, StructType) else None)
        return INT

    def b_range(self, node, fn, expected) -> Type:
        self.no_keywords(node, "range")
        if not self.arity(node, "range", 1, 3):
            self.check_args_loosely(node)
            return RANGE
        for a in node.args:
            self.expr_value(a, INT, "K0202", "in `range`")
        return self.builtin_target(node, "range", list(node.args), RANGE)

    def b_abs(self, node, fn, expected) -> Type:
        self.no_keywords(node, "abs")
        if not self.arity(node, "abs", 1):
            self.check_args_loosely(node)
            return UNKNOWN
        t = self.expr(node.args[0], expected)
        if is_numeric(t) or isinstance(t, UnknownType):
            return self.builtin_target(node, "abs", list(node.args), t)
        found = self.call_method(node, t, node.args[0], "__abs__", [], "abs") \
            if isinstance(t, StructType) else None
        if found is not None:
            return found
        self.error("K0202", node.args[0], f"`abs` needs a number, not `{t}`")
        return UNKNOWN

    def b_min(self, node, fn, expected, name: str = "min") -> Type:
        self.no_keywords(node, name)
        if not self.arity(node, name, 2, 8):
            self.check_args_loosely(node)
            return UNKNOWN
        t = self.same_type_args(node, node.args, expected, name)
        return self.builtin_target(node, name, list(node.args), t)

    def b_max(self, node, fn, expected) -> Type:
        return self.b_min(node, fn, expected, "max")

    def same_type_args(self, node, args: list, expected, name: str) -> Type:
        """All args share one numeric type; literals adapt to it."""
        anchor = next((a for a in args if not self.is_literal(a)), None)
        t = self.expr(anchor, expected) if anchor is not None else self.expr(args[0], expected)
        for a in args:
            if a is anchor or (anchor is None and a is args[0]):
                continue
            self.expr_value(a, t, "K0202", f"in `{name}`")
        if not (is_numeric(t) or isinstance(t, (UnknownType, ParamRef))):
            self.error("K0202", args[0], f"`{name}` needs numbers, not `{t}`")
            return UNKNOWN
        return t

    def b_round(self, node, fn, expected) -> Type:
        self.no_keywords(node, "round")
        if not self.arity(node, "round", 1):
            return UNKNOWN
        t = self.expr(node.args[0], expected)
        return self.builtin_target(node, "round", list(node.args), t)

    def b_pow(self, node, fn, expected) -> Type:
        self.no_keywords(node, "pow")
        if not self.arity(node, "pow", 2):
            return UNKNOWN
        t = self.same_type_args(node, node.args, expected, "pow")
        return self.builtin_target(node, "pow", list(node.args), t)

    def b_simdwidthof(self, node, fn, expected) -> Type:
        return self.comptime_int_call(node, fn)

    def b_sizeof(self, node, fn, expected) -> Type:
        return self.comptime_int_call(node, fn)

    def comptime_int_call(self, node, fn: BuiltinFn) -> Type:
        if not fn.comptime_args:
            self.error("K0280", node, f"`{fn.name}` needs its compile-time parameter: "
                       f"`{fn.name}[DType.float32]()`")
            return INT
        value = self.ctx.program.builtin_comptime_call(fn.name, fn.comptime_args[0], node,
                                                       self.evaluator())
        self.check_args_loosely(node)
        return self.builtin_target(node, fn.name, [], INT, comptime=(value,))

    def b_memset_zero(self, node, fn, expected) -> Type:
        self.no_keywords(node, "memset_zero")
        if self.arity(node, "memset_zero", 2):
            p = self.expr(node.args[0])
            if not isinstance(p, (PointerType, UnknownType)):
                self.error("K0202", node.args[0], f"`memset_zero` needs a pointer, not `{p}`")
            self.expr_value(node.args[1], INT, "K0202")
        return self.builtin_target(node, "memset_zero", list(node.args), NONE)

    def b_memcpy(self, node, fn, expected) -> Type:
        self.no_keywords(node, "memcpy", ("dest", "src", "count"))
        if self.arity(node, "memcpy", 3):
            d = self.expr(node.args[0])
            s = self.expr(node.args[1])
            for a, t in ((node.args[0], d), (node.args[1], s)):
                if not isinstance(t, (PointerType, UnknownType)):
                    self.error("K0202", a, f"`memcpy` needs pointers, not `{t}`")
            if isinstance(d, PointerType) and isinstance(s, PointerType) and d != s:
                self.error("K0202", node.args[1], f"`memcpy` copies between pointers of one type: "
                           f"`{d}` and `{s}`")
            self.expr_value(node.args[2], INT, "K0202")
        return self.builtin_target(node, "memcpy", list(node.args), NONE)

    # -- higher-order: vectorize / parallelize --------------------------------------------------------
    def b_vectorize(self, node, fn, expected) -> Type:
        args = fn.comptime_args or ()
        nodes = fn.comptime_nodes or ()
        if len(args) < 2:
            self.error("K0283", node.func, "`vectorize` takes a body and a width: "
                       "`vectorize[body, width](n)`")
            self.check_args_loosely(node)
            return NONE
        body, width = args[0], args[1]
        width_ok = isinstance(width, (int, ParamRef)) and not isinstance(width, bool)
        if isinstance(width, int) and (width <= 0 or width & (width - 1)):
            self.error("K0300", nodes[1], f"SIMD width {width} is not a power of two")
            width_ok = False
        elif not width_ok and not isinstance(width, UnknownType):
            self.error("K0281", nodes[1], "the width of `vectorize` must be a compile-time `Int`")
        decl = self.closure_arg(body, nodes[0], "vectorize", comptime_width=True)
        self.no_keywords(node, "vectorize", ("unroll_factor", "size"))
        if self.arity(node, "vectorize", 1):
            self.expr_value(node.args[0], INT, "K0202")
        comptime: tuple = (_decl_id(decl), width)
        if decl is not None and width_ok and isinstance(width, int) and self.is_concrete:
            wide = self.specialise_body(decl, (width,))
            tail = self.specialise_body(decl, (1,))
            comptime = (wide, tail, width)
        return self.builtin_target(node, "vectorize", list(node.args), NONE, comptime=comptime)

    def b_parallelize(self, node, fn, expected, name: str = "parallelize") -> Type:
        args = fn.comptime_args or ()
        nodes = fn.comptime_nodes or ()
        if len(args) != 1:
            self.error("K0283", node.func, f"`{name}` takes its body as the compile-time "
                       f"parameter: `{name}[body](n)`")
            self.check_args_loosely(node)
            return NONE
        decl = self.closure_arg(args[0], nodes[0], name, comptime_width=False)
        self.no_keywords(node, name)
        if self.arity(node, name, 1, 2):
            for a in node.args:
                self.expr_value(a, INT, "K0202")
        comptime: tuple = (_decl_id(decl),)
        if decl is not None and self.is_concrete:
            comptime = (self.specialise_body(decl, ()),)
        return self.builtin_target(node, name, list(node.args), NONE, comptime=comptime)

    def b_sync_parallelize(self, node, fn, expected) -> Type:
        return self.b_parallelize(node, fn, expected, "sync_parallelize")

    def closure_arg(self, body, node, who: str, comptime_width: bool):
        """The fn passed to vectorize/parallelize: checks its shape and convention."""
        if isinstance(body, UnknownType):
            return None
        if not isinstance(body, FnRef) or len(body.decls) != 1:
            self.error("K0281", node, f"the body of `{who}` must be an `fn`")
            return None
        decl = body.decls[0]
        if decl.parent_fn is not None and not decl.is_parameter_closure:
            self.error("K0285", node, f"`{decl.name}` is passed to `{who}` at compile time, so it "
                       "must be declared `@parameter fn`",
                       hint=f"put `@parameter` on the line above `fn {decl.name}`")
        sig = self.sig_of(decl)
        runtime = [t for p, t in sig.params]
        want = "fn[width: Int](Int)" if comptime_width else "fn(Int)"
        shape_ok = len(runtime) == 1 and runtime[0] in (INT, UNKNOWN) and sig.result == NONE
        if comptime_width:
            shape_ok = shape_ok and len(sig.comptime) == 1 and sig.comptime[0][1] in (INT, UNKNOWN)
        else:
            shape_ok = shape_ok and not sig.comptime
        if not shape_ok:
            self.error("K0281", node, f"`{who}` needs a body of the form `{want}`, "
                       f"`{decl.name}` is `{sig.label()}`")
            return None
        return decl

    # -- stdlib intrinsics -------------------------------------------------------------------------------
    def b_math_iota(self, node, fn, expected) -> Type:
        """`iota[dtype, width](offset=0)`: lanes offset, offset+1, ..."""
        args = fn.comptime_args or ()
        if len(args) != 2 or not isinstance(args[0], (DType, ParamRef)) or \
                not isinstance(args[1], (int, ParamRef)) or isinstance(args[1], bool):
            self.error("K0280", node, "`iota` needs an element type and a width: "
                       "`iota[DType.int32, 8]()`")
            self.check_args_loosely(node)
            return UNKNOWN
        t = make_simd(args[0], args[1])
        self.no_keywords(node, "iota", ("offset",))
        if self.arity(node, "iota", 0, 1):
            for a in node.args:
                self.expr_value(a, make_simd(args[0], 1), "K0202")
        return self.builtin_target(node, "math.iota", list(node.args), t, comptime=args)

    def math_call(self, node, short: str, expected) -> Type:
        self.no_keywords(node, f"math.{short}")
        name = f"math.{short}"
        if short in FLOAT_UNARY or short in ROUNDING or short in PREDICATES:
            if not self.arity(node, name, 1):
                return UNKNOWN
            t = self.expr(node.args[0], expected if expected is not None else FLOAT64)
            if not (is_float_like(t) or isinstance(t, (UnknownType, ParamRef))):
                if short in ROUNDING and is_integer_like(t):
                    return self.builtin_target(node, name, list(node.args), t)
                self.error("K0202", node.args[0], f"`{short}` needs a floating-point value, "
                           f"not `{t}`", hint=f"convert first: `{short}(Float64(x))`")
                return UNKNOWN
            result = t
            if short in PREDICATES:
                parts = simd_parts(t)
                result = make_simd(DTYPES["bool"], parts[1]) if parts else BOOL
            return self.builtin_target(node, name, list(node.args), result)
        if short in FLOAT_BINARY or short in ("min", "max"):
            if not self.arity(node, name, 2):
                return UNKNOWN
            t = self.same_type_args(node, node.args, expected, short)
            return self.builtin_target(node, name, list(node.args), t)
        if short == "fma":
            if not self.arity(node, name, 3):
                return UNKNOWN
            t = self.same_type_args(node, node.args, expected, short)
            return self.builtin_target(node, name, list(node.args), t)
        if short == "abs":
            return self.b_abs(node, None, expected)
        self.error("K0208", node.func, f"`math.{short}` cannot be called like this")
        self.check_args_loosely(node)
        return UNKNOWN

    def b_time_now(self, node, fn, expected) -> Type:
        self.arity(node, "now", 0)
        return self.builtin_target(node, "time.now", [], INT)

    b_time_perf_counter_ns = b_time_now
    b_time_monotonic = b_time_now

    def b_time_perf_counter(self, node, fn, expected) -> Type:
        self.arity(node, "perf_counter", 0)
        return self.builtin_target(node, "time.perf_counter", [], FLOAT64)

    def b_time_sleep(self, node, fn, expected) -> Type:
        if self.arity(node, "sleep", 1):
            self.expr_value(node.args[0], FLOAT64, "K0202")
        return self.builtin_target(node, "time.sleep", list(node.args), NONE)

    def b_random__next_u64(self, node, fn, expected) -> Type:
        """The generator's next 64 bits (random.kiln builds everything on it)."""
        self.arity(node, "_next_u64", 0)
        return self.builtin_target(node, "random._next_u64", [], SCALARS["UInt64"])

    def b_random_seed(self, node, fn, expected) -> Type:
        self.arity(node, "seed", 0, 1)
        for a in node.args:
            self.expr_value(a, INT, "K0202")
        return self.builtin_target(node, "random.seed", list(node.args), NONE)

    def b_sys_exit(self, node, fn, expected) -> Type:
        self.no_keywords(node, "exit")
        if self.arity(node, "exit", 0, 1):
            for a in node.args:
                self.expr_value(a, INT, "K0202")
        return self.builtin_target(node, "sys.exit", list(node.args), NONE)

    def b_sys_argv(self, node, fn, expected) -> Type:
        self.arity(node, "argv", 0)
        return self.builtin_target(node, "sys.argv", [], ListType(STRING))

    def b_sys_num_logical_cores(self, node, fn, expected) -> Type:
        self.arity(node, "num_logical_cores", 0)
        return self.builtin_target(node, "sys.num_logical_cores", [], INT)

    b_sys_num_physical_cores = b_sys_num_logical_cores

    # -- conversions and builtin constructors ---------------------------------------------------------------
    def construct_builtin(self, node: ast.Call, t: Type, expected: Type | None) -> Type:
        if isinstance(t, ScalarType):
            return self.convert_scalar(node, t)
        if isinstance(t, SIMDType):
            return self.construct_simd(node, t)
        if t in (STRING, STRING_LITERAL):
            self.no_keywords(node, str(t))
            if self.arity(node, str(t), 0, 1):
                for a in node.args:
                    self.require_printable(a, self.expr(a))
            return self.builtin_target(node, "convert", list(node.args), STRING)
        if t == ERROR:
            self.no_keywords(node, "Error")
            if self.arity(node, "Error", 0, 1):
                for a in node.args:
                    at = self.expr(a)
                    if not is_string(at) and not isinstance(at, UnknownType):
                        self.error("K0202", a, f"`Error` takes a message string, not `{at}`",
                                   hint="convert with `str(x)`")
            return self.builtin_target(node, "Error", list(node.args), ERROR)
        if isinstance(t, ListType):
            kws = self.no_keywords(node, "List", ("capacity",))
            for k, v in kws.items():
                self.expr_value(v, INT, "K0202")
            for a in node.args:
                self.expr_value(a, t.element, "K0202", "in this list")
            return self.builtin_target(node, "List", list(node.args), t)
        if isinstance(t, OptionalType):
            self.no_keywords(node, "Optional")
            if self.arity(node, "Optional", 0, 1):
                for a in node.args:
                    self.expr_value(a, t.element, "K0202")
            return self.builtin_target(node, "Optional", list(node.args), t)
        if isinstance(t, PointerType):
            self.no_keywords(node, "UnsafePointer", ("address",))
            self.arity(node, "UnsafePointer", 0, 0)
            return self.builtin_target(node, "UnsafePointer", [], t)
        self.error("K0208", node.func, f"`{t}` cannot be constructed like this")
        self.check_args_loosely(node)
        return UNKNOWN

    def convert_scalar(self, node: ast.Call, t: ScalarType) -> Type:
        self.no_keywords(node, t.name)
        if not self.arity(node, t.name, 0, 1):
            self.check_args_loosely(node)
            return t
        if not node.args:
            return self.builtin_target(node, "convert", [], t)
        a = node.args[0]
        at = self.expr(a, t if self.is_literal(a) else None)
        ok = isinstance(at, (UnknownType, ParamRef)) or (simd_parts(at) is not None and simd_parts(at)[1] == 1)
        if not ok and isinstance(at, StructType):
            dunder = "__int__" if t.is_integer else "__float__" if t.is_float else "__bool__"
            found = self.call_method(node, at, a, dunder, [], "conversion")
            if found is not None:
                return t
        if not ok and t.is_bool and self.boolable(at):
            ok = True
        if not ok:
            self.error("K0202", a, f"cannot convert a `{at}` to `{t}`",
                       hint="use `.cast[...]()` on SIMD vectors" if isinstance(at, SIMDType) else None)
        return self.builtin_target(node, "convert", [a], t)

    def construct_simd(self, node: ast.Call, t: SIMDType) -> Type:
        self.no_keywords(node, str(t))
        scalar = make_simd(t.dtype, 1)
        if len(node.args) <= 1:
            for a in node.args:
                at = self.expr(a, scalar if self.is_literal(a) else None)
                parts = simd_parts(at)
                if parts is not None and parts[1] != 1 and at != t:
                    self.error("K0301", a, f"cannot build `{t}` from `{at}`")
                elif parts is not None and parts[1] == 1 and parts[0] != t.dtype \
                        and not isinstance(parts[0], ParamRef) and not isinstance(t.dtype, ParamRef):
                    self.error("K0202", a, f"expected `{scalar}` to broadcast into `{t}`, found "
                               f"`{at}`", hint=f"convert it first: `{scalar}(x)`")
            return self.builtin_target(node, "convert", list(node.args), t)
        if isinstance(t.width, int) and len(node.args) != t.width:
            self.error("K0206", node, f"`{t}` takes 1 value (broadcast) or {t.width} lane values, "
                       f"{len(node.args)} given")
        for a in node.args:
            self.expr_value(a, scalar, "K0202")
        return self.builtin_target(node, "convert", list(node.args), t)

    # -- members of builtin types ------------------------------------------------------------------------------
    def member(self, t: Type, node: ast.Attribute, span) -> Type:
        found = self.struct_member(t, node, span)
        if found is not None:
            return found
        attr = node.attr
        family = _family(t)
        if family == "SIMD" and attr in SIMD_METHODS:
            return BuiltinFn(f"SIMD.{attr}", t, node.value)
        if family == "UnsafePointer" and attr in POINTER_METHODS:
            return BuiltinFn(f"UnsafePointer.{attr}", t, node.value)
        if family == "List":
            if attr in LIST_METHODS:
                return BuiltinFn(f"List.{attr}", t, node.value)
            if attr in LIST_ATTRS:
                return INT
        if family == "String" and attr in STRING_METHODS:
            return BuiltinFn(f"String.{attr}", t, node.value)
        if family == "Optional" and attr in OPTIONAL_METHODS:
            return BuiltinFn(f"Optional.{attr}", t, node.value)
        if isinstance(t, UnknownType):
            return UNKNOWN
        hint = None
        if isinstance(t, StructType):
            hint = "check the spelling against the struct's fields and methods"
        self.error("K0220", span, f"`{t}` has no field or method `{attr}`", hint=hint)
        return UNKNOWN

    def static_builtin_member(self, t: Type, attr: str):
        return None

    def builtin_method(self, node: ast.Call, fn: BuiltinFn, expected) -> Type:
        family, _, attr = fn.name.partition(".")
        handler = getattr(self, f"m_{family}", None)
        if handler is None:
            self.check_args_loosely(node)
            return UNKNOWN
        return handler(node, fn, attr, expected)

    def index(self, t: Type, node: ast.Subscript, args: list[ast.expr]) -> Type:
        family = _family(t)
        if family == "SIMD" and isinstance(t, ScalarType):
            family = None
        if family in ("SIMD", "UnsafePointer", "List") and len(args) == 1 and not isinstance(args[0], ast.Slice):
            self.expr_value(args[0], INT, "K0202", "as an index")
            if family == "SIMD":
                return make_simd(simd_parts(t)[0], 1)
            if family == "UnsafePointer":
                return t.pointee
            return t.element
        if family == "String":
            for a in args:
                if isinstance(a, ast.Slice):
                    self.e_Slice(a, None)
                else:
                    self.expr_value(a, INT, "K0202", "as an index")
            return STRING
        if isinstance(t, TupleType) and len(args) == 1:
            a = args[0]
            if isinstance(a, ast.Constant) and isinstance(a.value, int) and -len(t.elements) <= a.value < len(t.elements):
                self.expr(a)
                return t.elements[a.value]
            self.error("K0241", node, f"a tuple is indexed with a literal in range "
                       f"0..{len(t.elements) - 1}")
            return UNKNOWN
        if isinstance(t, (StructType, ParamRef)):
            call_args = [self.arg(a) for a in args]
            found = self.call_method(node, t, node.value, "__getitem__", call_args, "subscript")
            if found is not None:
                return found
        self.error("K0241", node, f"{a_type(t)} cannot be indexed",
                   hint="define `fn __getitem__(self, i: Int) -> T` on the struct"
                   if isinstance(t, StructType) else None)
        for a in args:
            if not isinstance(a, ast.Slice):
                self.expr(a)
        return UNKNOWN


def _family(t: Type) -> str | None:
    if simd_parts(t) is not None:
        return "SIMD"
    if isinstance(t, PointerType):
        return "UnsafePointer"
    if isinstance(t, ListType):
        return "List"
    if is_string(t):
        return "String"
    if isinstance(t, OptionalType):
        return "Optional"
    return None


def _decl_id(decl) -> str | None:
    return decl.decl_id if decl is not None else None


__all__ = ["BuiltinMixin"]
