"""The compiled standard library's intrinsics (a mixin): `math.*` (LLVM
intrinsics where LLVM has one, else the C library's function, lane by lane
for SIMD arguments), `time`, `random` (splitmix64), `sys`. (`testing` is
written in Kiln: compiler/stdlib/testing.kiln.)"""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..irbuilder import opaque_global
from ..layout import F64, I1, I32, I64, PTR, VOID
from ..runtime.errors import SYSTEM_EXIT
from ..runtime.libc import libc, stdio_stream
from ..runtime.base import alloca_entry, counted_loop
from .arith import const_like, is_float
from .values import Val

UNIT = ir.Constant(ir.LiteralStructType([]), [])
LLVM_UNARY = {"sqrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp",
              "exp2", "log", "log2", "log10", "floor", "ceil", "trunc", "fabs"}
LLVM_ALIASES = {"round": "roundeven", "abs": "fabs"}
LIBM_UNARY = {"expm1", "log1p", "erf", "cbrt"}
LLVM_BINARY = {"pow": "pow", "copysign": "copysign", "atan2": "atan2"}
LIBM_BINARY = {"hypot", "fmod"}
CLOCK_MONOTONIC = 1


class MathMixin:
    def math_builtins(self) -> dict:
        return {
            "math.fma": self.math_fma,
            "math.isnan": lambda n, t: self._classify(n, t, "nan"),
            "math.isinf": lambda n, t: self._classify(n, t, "inf"),
            "math.isfinite": lambda n, t: self._classify(n, t, "finite"),
            "math.min": self.builtin_min,
            "math.max": self.builtin_max,
            "math.rsqrt": self.math_rsqrt,
            "time.now": lambda n, t: self._clock(n, t, seconds=False),
            "time.perf_counter_ns": lambda n, t: self._clock(n, t, seconds=False),
            "time.perf_counter": lambda n, t: self._clock(n, t, seconds=True),
            "time.monotonic": lambda n, t: self._clock(n, t, seconds=True),
            "time.sleep": self.time_sleep,
            "math.iota": self.math_iota,
            "random.seed": self.random_seed,
            "random._next_u64": lambda n, t: Val(self._next_random(), T.SCALARS["UInt64"]),
            "sys.exit": self.sys_exit,
            "sys.argv": self.sys_argv,
            "sys.num_logical_cores": self.sys_cores,
            "sys.num_physical_cores": self.sys_cores,
        }

    def _float_args(self, node, target) -> tuple[T.Type, list[ir.Value]]:
        t = self.result_type(node, target)
        args = self.args_of(node, target)
        arg_t = self.inst.expr_types.get(args[0], t) if args else t
        work_t = arg_t if is_float(arg_t) else (t if is_float(t) else T.FLOAT64)
        return t, [self.cast_value(self.expr(a), work_t, a).value for a in args]

    def math_function(self, node, target) -> Val:
        name = target.name.split(".", 1)[1]
        name = LLVM_ALIASES.get(name, name)
        t, args = self._float_args(node, target)
        ty = args[0].type
        if name in LLVM_UNARY or name == "roundeven":
            value = self.b.call(self.intrinsic(f"llvm.{name}", ty, [ty], [ty]), args)
        elif name in LLVM_BINARY:
            value = self.b.call(self.intrinsic(f"llvm.{LLVM_BINARY[name]}", ty, [ty], [ty, ty]), args)
        elif name in LIBM_UNARY or name in LIBM_BINARY:
            value = self._libm_lanes(name, args)
        else:
            raise self.unsupported(f"math.{name} is not supported in compiled code yet", node)
        result = T.FLOAT64 if not isinstance(t, (T.ScalarType, T.SIMDType)) else t
        source_t = self._type_of_ir(ty)
        return self.cast_value(Val(value, source_t), result, node)

    def _type_of_ir(self, ty: ir.Type) -> T.Type:
        elem = ty.element if isinstance(ty, ir.VectorType) else ty
        scalar = T.SCALARS["Float32"] if isinstance(elem, ir.FloatType) else T.FLOAT64
        return T.SIMDType(scalar.dtype, ty.count) if isinstance(ty, ir.VectorType) else scalar

    def _libm_lanes(self, name: str, args: list[ir.Value]) -> ir.Value:
        ty = args[0].type
        elem = ty.element if isinstance(ty, ir.VectorType) else ty
        cname = name if isinstance(elem, ir.DoubleType) else name + "f"
        from ..module import declare
        fn = declare(self.ctx.module, cname, elem, [elem] * len(args))
        if not isinstance(ty, ir.VectorType):
            return self.b.call(fn, args)
        out = ir.Constant(ty, ir.Undefined)
        for lane in range(ty.count):
            lanes = [self.b.extract_element(a, I32(lane)) for a in args]
            out = self.b.insert_element(out, self.b.call(fn, lanes), I32(lane))
        return out

    def math_fma(self, node, target) -> Val:
        t, args = self._float_args(node, target)
        ty = args[0].type
        return Val(self.b.call(self.intrinsic("llvm.fma", ty, [ty], [ty] * 3), args), t)

    def math_rsqrt(self, node, target) -> Val:
        t, (x,) = self._float_args(node, target)
        root = self.b.call(self.intrinsic("llvm.sqrt", x.type, [x.type], [x.type]), [x])
        return Val(self.b.fdiv(const_like(x.type, 1.0), root), t)

    def _classify(self, node, target, what: str) -> Val:
        _, (x,) = self._float_args(node, target)
        b = self.b
        inf = const_like(x.type, float("inf"))
        fabs = b.call(self.intrinsic("llvm.fabs", x.type, [x.type], [x.type]), [x])
        if what == "nan":
            value = b.fcmp_unordered("uno", x, x)
        elif what == "inf":
            value = b.fcmp_ordered("==", fabs, inf)
        else:
            value = b.fcmp_ordered("<", fabs, inf)
        return Val(value, self.result_type(node, target))

    # -- time, sys -----------------------------------------------------------------
    def _clock(self, node, target, *, seconds: bool) -> Val:
        b = self.b
        from ..runtime.base import alloca_entry
        ts = alloca_entry(b, ir.ArrayType(I64, 2), "timespec")
        b.call(libc(self.ctx.module, "clock_gettime"), [I32(CLOCK_MONOTONIC), ts])
        sec = b.load(b.gep(ts, [I64(0), I64(0)], source_etype=ir.ArrayType(I64, 2)), typ=I64)
        nsec = b.load(b.gep(ts, [I64(0), I64(1)], source_etype=ir.ArrayType(I64, 2)), typ=I64)
        if seconds:
            value = b.fadd(b.sitofp(sec, F64), b.fdiv(b.sitofp(nsec, F64), F64(1e9)))
            return Val(value, T.FLOAT64)
        return Val(b.add(b.mul(sec, I64(1_000_000_000)), nsec), T.INT)

    def time_sleep(self, node, target) -> Val:
        (arg,) = self.args_of(node, target)
        seconds = self.cast_value(self.expr(arg), T.FLOAT64, node).value
        micros = self.b.fptosi(self.b.fmul(seconds, F64(1e6)), I64)
        from ..module import declare
        usleep = declare(self.ctx.module, "usleep", I32, [I32])
        self.b.call(usleep, [self.b.trunc(micros, I32)])
        return Val(UNIT, T.NONE)

    def math_iota(self, node, target) -> Val:
        """iota[dtype, width](offset): [offset, offset + 1, ...]."""
        t = self.result_type(node, target)
        args = self.args_of(node, target)
        lane_t = T.scalar_of(t.dtype) if isinstance(t, T.SIMDType) else t
        start = self.cast_value(self.expr(args[0]), lane_t, node) if args else Val(self.materialize(0, lane_t, node), lane_t)
        if not isinstance(t, T.SIMDType):
            return start
        steps = ir.Constant(self.layout.llvm(t), [self.materialize(i, lane_t, node) for i in range(t.width)])
        base = self.cast_value(start, t, node).value
        add = self.b.fadd if t.dtype.is_float else self.b.add
        return Val(add(base, steps), t)

    def sys_exit(self, node, target) -> Val:
        args = self.args_of(node, target)
        code = self.scalar_int(self.expr(args[0])) if args else I64(0)
        if self.ctx.options.standalone:
            stream = self.b.load(stdio_stream(self.ctx.module, "stdout"), typ=PTR)
            self.b.call(libc(self.ctx.module, "fflush"), [stream])
            self.b.call(libc(self.ctx.module, "exit"), [self.b.trunc(code, I32)])
            self.b.unreachable()
            self.b.position_at_end(self.b.append_basic_block("after.exit"))
            return Val(UNIT, T.NONE)
        text = self.to_string(Val(code, T.INT))
        self.fault_with_text(SYSTEM_EXIT, text, node)
        self.b.position_at_end(self.b.append_basic_block("after.exit"))
        return Val(UNIT, T.NONE)

    def sys_argv(self, node, target) -> Val:
        """The program's arguments as List[String]: the executable's argv, or
        Python's `sys.argv` under `kiln run` (the script path, then the args)."""
        b = self.b
        t = T.ListType(T.STRING)
        slot = alloca_entry(b, self.layout.list, "argv")
        b.store(ir.Constant(self.layout.list, [ir.Constant(PTR, None), I64(0), I64(0)]), slot)
        push = self.ctx.runtime.get("kiln_list_push_string")
        strlen = libc(self.ctx.module, "strlen")
        if self.ctx.options.standalone:
            argc = b.sext(b.load(self._argv_global("kiln.argc", I32), typ=I32), I64)
            argv = b.load(self._argv_global("kiln.argv", PTR), typ=PTR)
            with counted_loop(b, I64(0), argc, "arg") as i:
                text = b.load(b.gep(argv, [i], source_etype=PTR), typ=PTR)
                b.call(push, [slot, text, b.call(strlen, [text])])
        else:
            from ..bridge.capi import api
            from ..constants import cstring
            items = b.call(api(self.ctx.module, "PySys_GetObject"), [cstring(self.ctx.module, "argv")])
            count = b.call(api(self.ctx.module, "PyList_Size"), [items])
            count = b.select(b.icmp_signed("<", count, I64(0)), I64(0), count)
            size = alloca_entry(b, I64, "len")
            with counted_loop(b, I64(0), count, "arg") as i:
                item = b.call(api(self.ctx.module, "PyList_GetItem"), [items, i])
                text = b.call(api(self.ctx.module, "PyUnicode_AsUTF8AndSize"), [item, size])
                b.call(push, [slot, text, b.load(size, typ=I64)])
            b.call(api(self.ctx.module, "PyErr_Clear"), [])
        return self.owned_temp(b.load(slot, typ=self.layout.list), t)

    def _argv_global(self, name: str, ty: ir.Type) -> ir.Value:
        gv = self.ctx.module.globals.get(name)
        if gv is None:
            gv = opaque_global(self.ctx.module, ty, name)
            gv.linkage = "internal"
            gv.initializer = ir.Constant(ty, None) if ty == PTR else ir.Constant(ty, 0)
        return gv

    def sys_cores(self, node, target) -> Val:
        return Val(self.b.call(libc(self.ctx.module, "sysconf"), [I32(84)]), T.INT)

    # -- random (splitmix64; one generator per process, like Mojo's) -------------------
    def _random_state(self) -> ir.Value:
        gv = self.ctx.module.globals.get("kiln.random.state")
        if gv is None:
            gv = opaque_global(self.ctx.module, I64, "kiln.random.state")
            gv.linkage = "internal"
            gv.initializer = I64(0x853C49E6748FEA9B)
        return gv

    def _next_random(self) -> ir.Value:
        b = self.b
        state = self._random_state()
        z = b.add(b.load(state, typ=I64), I64(0x9E3779B97F4A7C15 - (1 << 64)))
        b.store(z, state)
        z = b.mul(b.xor(z, b.lshr(z, I64(30))), I64(0xBF58476D1CE4E5B9 - (1 << 64)))
        z = b.mul(b.xor(z, b.lshr(z, I64(27))), I64(0x94D049BB133111EB - (1 << 64)))
        return b.xor(z, b.lshr(z, I64(31)))

    def random_seed(self, node, target) -> Val:
        args = self.args_of(node, target)
        value = self.scalar_int(self.expr(args[0])) if args else self._clock(node, target, seconds=False).value
        self.b.store(value, self._random_state())
        return Val(UNIT, T.NONE)
