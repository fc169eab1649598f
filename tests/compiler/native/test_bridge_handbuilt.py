"""The generated CPython extension around hand-built native fns: argument
conversion (fast and slow paths), TypeError/OverflowError messages, keyword
binding, buffers, native errors as Python exceptions with `.kiln` frames."""
import inspect
import traceback

import numpy as np
import pytest
from llvmlite import ir

from kiln.compiler.native.bridge.extension import emit_extension
from kiln.compiler.native.bridge.signature import BridgeFn, BridgeParam
from kiln.compiler.native.constants import cstring
from kiln.compiler.native.irbuilder import Builder
from kiln.compiler.native.layout import I32, I64, PTR, Layout
from kiln.compiler.native.loader import load_extension
from kiln.compiler.native.runtime import Runtime
from kiln.compiler.native.runtime.base import counted_loop
from kiln.compiler.native.runtime.errors import ZERO_DIVISION, site
from kiln.compiler.native.target import host
from kiln.compiler.semantic import types as T

from .handbuilt import build_shared, fresh_module

KILN_SOURCE = "# line 1\n\nfn div(a: Int, b: Int) -> Int:\n    return a // b\n"


def _fn(m, name, result, params):
    fn = ir.Function(m, ir.FunctionType(result, params), name)
    fn.linkage = "internal"
    return fn, Builder(fn.append_basic_block())


def _div(m, rt, src):
    res = ir.LiteralStructType([I64, PTR])
    fn, b = _fn(m, "t.div", res, [I64, I64])
    with b.if_then(b.icmp_signed("==", fn.args[1], I64(0))):
        err = b.call(rt.get("kiln_error_new"), [I32(ZERO_DIVISION), cstring(m, "integer division by zero"), I64(24)])
        b.call(rt.get("kiln_error_push"), [err, site(m, src, "div", 4, 12, 18)])
        b.ret(b.insert_value(ir.Constant(res, ir.Undefined), err, 1))
    b.ret(b.insert_value(ir.Constant(res, [I64(0), ir.Constant(PTR, None)]), b.sdiv(*fn.args), 0))
    return fn


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    d = tmp_path_factory.mktemp("bridge")
    src = str(d / "kernels.kiln")
    with open(src, "w") as f:
        f.write(KILN_SOURCE)
    m = fresh_module("t")
    lay = Layout(m.context, host().data_layout, lambda s: [])
    rt = Runtime(m)
    add, b = _fn(m, "t.add", I64, [I64, I64])
    b.ret(b.add(*add.args))
    small, b = _fn(m, "t.small", I64, [I32, I64])
    b.ret(b.add(b.sext(small.args[0], I64), small.args[1]))
    fill, b = _fn(m, "t.fill", ir.VoidType(), [PTR, I64, ir.DoubleType()])
    with counted_loop(b, I64(0), fill.args[1]) as i:
        b.store(fill.args[2], b.gep(fill.args[0], [i], source_etype=ir.DoubleType()))
    b.ret_void()
    half, b = _fn(m, "t.half", ir.FloatType(), [ir.FloatType(), ir.IntType(1)])
    b.ret(b.select(half.args[1], b.fmul(half.args[0], ir.Constant(ir.FloatType(), 0.5)), half.args[0]))
    vec = T.SIMDType(T.DTYPES["int32"], 4)
    twice, b = _fn(m, "t.twice", lay.llvm(vec), [lay.llvm(vec)])
    b.ret(b.add(twice.args[0], twice.args[0]))
    ident, b = _fn(m, "t.ident", lay.string, [lay.string])
    b.ret(ident.args[0])
    p, i, f64 = BridgeParam, T.INT, T.FLOAT64
    fns = [BridgeFn("add", "add", add, (p("a", i), p("b", i)), i, False, False),
           BridgeFn("div", "div", _div(m, rt, src), (p("a", i), p("b", i)), i, True, False),
           BridgeFn("fill", "fill", fill, (p("data", T.PointerType(f64)), p("n", i), p("v", f64)), T.NONE, False, False),
           BridgeFn("small", "small", small, (p("a", T.SCALARS["Int32"]), p("b", i)), i, False, False),
           BridgeFn("half", "half", half, (p("x", T.SCALARS["Float32"]), p("really", T.BOOL)), T.SCALARS["Float32"], False, False),
           BridgeFn("twice", "twice", twice, (p("v", vec),), vec, False, False),
           BridgeFn("ident", "ident", ident, (p("s", T.STRING),), T.STRING, False, False)]
    emit_extension(m, lay, "_kiln_handbuilt", fns)
    return load_extension(build_shared(m, d, "_kiln_handbuilt", opt=3), "_kiln_handbuilt")


def raises(exc_type, fn, *args, **kwargs) -> str:
    with pytest.raises(exc_type) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_scalars_round_trip(mod):
    assert mod.add(2, 3) == 5 and mod.add(-2**63, 0) == -2**63
    assert mod.add(a=2, b=5) == 7 and mod.add(2, b=5) == 7
    assert mod.small(-2**31, 0) == -2**31
    assert mod.half(3.0, True) == 1.5 and mod.half(3, False) == 3.0
    assert mod.twice((1, 2, 3, 4)) == (2, 4, 6, 8)
    assert mod.ident("héllo") == "héllo"
    assert str(inspect.signature(mod.add)) == "(a, b)"


def test_accepted_conversions(mod):
    assert mod.add(np.int64(4), True) == 5          # __index__ and bool are ints
    assert mod.half(np.float32(2.0), np.bool_(True)) == 1.0
    assert mod.twice([1, 1, 1, 1]) == (2, 2, 2, 2)


def test_type_errors_name_fn_parameter_and_types(mod):
    assert raises(TypeError, mod.add, 1, "x") == "add() argument 'b' must be int (Kiln type Int), not str"
    assert raises(TypeError, mod.add, 1.5, 1) == "add() argument 'a' must be int (Kiln type Int), not float"
    assert raises(TypeError, mod.half, 1.0, 1) == "half() argument 'really' must be bool (Kiln type Bool), not int"
    assert raises(TypeError, mod.add, 1) == "add() takes 2 arguments (1 given)"
    assert raises(TypeError, mod.add, 1, 2, c=3) == "add() got an unexpected keyword argument 'c'"
    assert "must have 4 elements" in raises(TypeError, mod.twice, (1, 2))


def test_overflow_errors(mod):
    assert "does not fit in Int" in raises(OverflowError, mod.add, 1, 2**70)
    assert raises(OverflowError, mod.small, 2**40, 1) == "small() argument 'a' = 1099511627776 does not fit in Int32"


def test_buffers(mod):
    a = np.zeros(5)
    mod.fill(a, 5, 2.5)
    assert a.tolist() == [2.5] * 5
    import array
    arr = array.array("d", [0.0, 0.0])
    mod.fill(arr, 2, 1.0)
    assert arr.tolist() == [1.0, 1.0]
    msg = raises(TypeError, mod.fill, np.zeros(3, dtype=np.float32), 3, 1.0)
    assert "must be a writable C-contiguous buffer of float64" in msg and "'f'" in msg
    assert "read-only" in raises(TypeError, mod.fill, b"12345678", 1, 1.0)
    assert "not a buffer" in raises(TypeError, mod.fill, [1.0], 1, 1.0)
    assert "non-contiguous" in raises(TypeError, mod.fill, np.zeros((4, 4))[:, 0], 1, 1.0)


def test_native_fault_is_python_exception_with_kiln_frame(mod):
    def caller():
        return mod.div(1, 0)
    with pytest.raises(ZeroDivisionError, match="integer division by zero") as info:
        caller()
    text = "".join(traceback.format_exception(info.value))
    assert 'kernels.kiln", line 4, in div' in text
    assert "return a // b" in text
    assert mod.div(7, 2) == 3               # the interpreter (and the module) keep working
