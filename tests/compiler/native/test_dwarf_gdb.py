"""DWARF from the debug-info layer, read back by real gdb: a hand-built
module standing for `scale(p: Pair, k: Int)` with an Int, a struct, a SIMD
local, breakpoints by `.kiln` line, `bt`, `info locals`, `info args`."""
import pytest
from llvmlite import ir

from kiln.compiler.native.dwarf import DebugTypes, DebugUnit
from kiln.compiler.native.irbuilder import Builder
from kiln.compiler.native.layout import F64, I32, I64, Field, Layout
from kiln.compiler.native.target import host
from kiln.compiler.semantic import types as T

from .gdbkit import gdb_batch
from .handbuilt import build_exe, fresh_module

SOURCE = """struct Pair:
    var first: Int
    var second: Float64

fn scale(p: Pair, k: Int) -> Int:
    var total = p.first * k
    var v = SIMD[DType.float32, 4](1.5)
    return total

fn main():
    print(scale(Pair(3, 2.5), 7))
"""
PAIR = T.StructType("Pair", "demo::Pair")
V4 = T.SIMDType(T.DTYPES["float32"], 4)


def _scale(m, du, dt, lay, src):
    st = lay.llvm(PAIR)
    fn = ir.Function(m, ir.FunctionType(I64, [st, I64]), "demo.scale")
    sp = du.subprogram(fn, name="scale", path=src, line=5, result=dt.of(T.INT),
                       params=[dt.of(PAIR), dt.of(T.INT)], local=False, optimized=False)
    b = Builder(fn.append_basic_block("entry"))
    slots = {n: b.alloca(t, name=n) for n, t in
             (("p", st), ("k", I64), ("total", I64), ("v", lay.llvm(V4)))}
    b.store(fn.args[0], slots["p"])
    b.store(fn.args[1], slots["k"])
    du.declare(b, slots["p"], du.variable("p", sp, src, 5, dt.of(PAIR), arg=1), du.location(5, 10, sp))
    du.declare(b, slots["k"], du.variable("k", sp, src, 5, dt.of(T.INT), arg=2), du.location(5, 19, sp))
    b.debug_metadata = du.location(6, 5, sp)
    first = b.extract_value(b.load(slots["p"], typ=st), 0)
    b.store(b.mul(first, b.load(slots["k"], typ=I64)), slots["total"])
    du.declare(b, slots["total"], du.variable("total", sp, src, 6, dt.of(T.INT)), du.location(6, 9, sp))
    b.debug_metadata = du.location(7, 5, sp)
    lanes = [ir.Constant(ir.FloatType(), 1.5)] * 4
    b.store(ir.Constant(lay.llvm(V4), lanes), slots["v"])
    du.declare(b, slots["v"], du.variable("v", sp, src, 7, dt.of(V4)), du.location(7, 9, sp))
    b.debug_metadata = du.location(8, 5, sp)
    b.ret(b.load(slots["total"], typ=I64))
    return fn


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    d = tmp_path_factory.mktemp("dwarf")
    src = str(d / "demo.kiln")
    with open(src, "w") as f:
        f.write(SOURCE)
    m = fresh_module("demo")
    lay = Layout(m.context, host().data_layout, lambda s: [Field("first", T.INT), Field("second", T.FLOAT64)])
    du = DebugUnit(m, src, optimized=False)
    dt = DebugTypes(du, lay)
    scale = _scale(m, du, dt, lay, src)
    main = ir.Function(m, ir.FunctionType(I32, []), "main")
    sp = du.subprogram(main, name="main", path=src, line=10, result=None, params=[], local=False, optimized=False)
    b = Builder(main.append_basic_block("entry"))
    b.debug_metadata = du.location(11, 11, sp)
    b.call(scale, [ir.Constant(lay.llvm(PAIR), [I64(3), F64(2.5)]), I64(7)])
    b.ret(I32(0))
    return build_exe(m, d, "demo", opt=0, strip=False)


def test_break_on_kiln_line_shows_frames_and_values(program):
    out = gdb_batch([program], ["break demo.kiln:8", "run", "bt", "info locals", "info args",
                                "print p.second", "print v[2]"])
    assert "Breakpoint 1, scale (p=..., k=7) at demo.kiln:8" in out
    assert "#0  scale (p=..., k=7) at demo.kiln:8" in out
    assert "in main () at demo.kiln:11" in out
    assert "total = 21" in out
    assert "v = {1.5, 1.5, 1.5, 1.5}" in out
    assert "p = {first = 3, second = 2.5}" in out
    assert "$1 = 2.5" in out and "$2 = 1.5" in out


def test_types_are_named_after_kiln_types(program):
    out = gdb_batch([program], ["break demo.kiln:8", "run", "ptype p", "whatis total", "whatis v"])
    assert "type = struct Pair {" in out
    assert "Int first;" in out and "Float64 second;" in out
    assert "type = Int" in out
    assert "SIMD[DType.float32, 4]" in out
