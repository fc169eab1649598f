"""The typed model the native back end reads: the type of every
expression and variable, call targets, specialisations, struct layouts.
`types_of(src, fn)` renders `source text -> type` for a function's
expressions so that expectations read like the code."""
from __future__ import annotations

import ast
import textwrap

from semantic_testing import workspace

from kiln.compiler.semantic.typed_model import FnKey
from kiln.compiler.semantic.types import DTYPES

PATH = "/t/prog.kiln"


def program(src: str):
    ws = workspace({PATH: src})
    prog = ws.typed_program(PATH)
    assert prog.ok, [d.message for d in prog.diagnostics]
    return prog


def instance(prog, name: str, params: tuple = ()):
    return prog.instance(FnKey(f"{PATH}::{name}", params))


def types_of(inst) -> dict[str, str]:
    return {ast.unparse(node): str(t) for node, t in inst.expr_types.items()}


def locals_of(inst) -> dict[str, str]:
    return {var.name: str(t) for var, t in inst.locals.items()}


def test_literals_adapt_and_vars_are_inferred():
    prog = program("""
        fn f(i: Int) -> Float32:
            var x: Float32 = 1
            var y = x * 2
            let z = 1.5
            var s = "text"
            var n = i // 2 + 3
            var q = i / 2
            return y
    """)
    f = instance(prog, "f")
    assert locals_of(f) == {"i": "Int", "x": "Float32", "y": "Float32", "z": "Float64",
                            "s": "String", "n": "Int", "q": "Float64"}
    t = types_of(f)
    assert t["x * 2"] == "Float32"
    mul = next(n for n in f.expr_types if isinstance(n, ast.BinOp) and ast.unparse(n) == "x * 2")
    assert str(f.expr_types[mul.right]) == "Float32"          # the literal adapted
    assert t["'text'"] == "StringLiteral"
    assert str(f.result) == "Float32"
    text_node = next(n for n in f.expr_types if isinstance(n, ast.Constant) and n.value == "text")
    assert str(f.conversions[text_node]) == "String"


def test_simd_operations_and_builtin_calls():
    prog = program("""
        fn g(p: UnsafePointer[Float32], k: Float32) -> Float32:
            var v = p.load[width=8](0)
            var w = v * k + 1.0
            var mask = w > v
            var picked = mask.select(w, v)
            var d = picked.cast[DType.float64]()
            p.store[width=8](8, w)
            return w.reduce_add()
    """)
    g = instance(prog, "g")
    assert locals_of(g) == {"p": "UnsafePointer[Float32]", "k": "Float32",
                            "v": "SIMD[DType.float32, 8]", "w": "SIMD[DType.float32, 8]",
                            "mask": "SIMD[DType.bool, 8]", "picked": "SIMD[DType.float32, 8]",
                            "d": "SIMD[DType.float64, 8]"}
    calls = {c.name: (c.kind, c.comptime_args) for c in g.calls.values()}
    assert calls["UnsafePointer.load"] == ("builtin", (8,))
    assert calls["UnsafePointer.store"] == ("builtin", (8,))
    assert calls["SIMD.cast"] == ("builtin", (DTYPES["float64"],))
    assert calls["SIMD.select"][0] == "builtin"
    assert "SIMD.reduce_add" in calls
    k_node = next(n for n in g.expr_types if isinstance(n, ast.Name) and n.id == "k"
                  and isinstance(n.ctx, ast.Load))
    assert str(g.conversions[k_node]) == "SIMD[DType.float32, 8]"     # broadcast


def test_generic_fn_is_specialised_per_call():
    prog = program("""
        fn scale[dtype: DType, width: Int](v: SIMD[dtype, width], k: Scalar[dtype]) -> SIMD[dtype, width]:
            return v * k

        fn largest[T: Comparable](a: T, b: T) -> T:
            return b if a < b else a

        fn main():
            var a = scale(SIMD[DType.float32, 4](1.0), 2.0)
            var b = scale[DType.int32, 8](SIMD[DType.int32, 8](1), 3)
            print(a, b, largest(3, 4), largest(1.5, 0.5))
    """)
    main = instance(prog, "main")
    f32, i32 = DTYPES["float32"], DTYPES["int32"]
    keys = {c.instance for c in main.calls.values() if c.instance is not None}
    assert FnKey(f"{PATH}::scale", (f32, 4)) in keys
    assert FnKey(f"{PATH}::scale", (i32, 8)) in keys
    spec = instance(prog, "scale", (f32, 4))
    assert [str(p.type) for p in spec.params] == ["SIMD[DType.float32, 4]", "Float32"]
    assert types_of(spec)["v * k"] == "SIMD[DType.float32, 4]"
    int_largest = next(i for k, i in prog.modules[PATH].functions.items()
                       if k.decl_id.endswith("::largest") and str(k.params[0]) == "Int")
    assert str(int_largest.result) == "Int"
    assert {str(k.params[0]) for k in prog.modules[PATH].functions
            if k.decl_id.endswith("::largest")} == {"Int", "Float64"}


def test_struct_layout_methods_and_call_targets():
    prog = program("""
        struct Matrix[dtype: DType]:
            var data: UnsafePointer[Scalar[dtype]]
            var rows: Int
            var cols: Int

            fn __init__(inout self, rows: Int, cols: Int):
                self.data = UnsafePointer[Scalar[dtype]].alloc(rows * cols)
                self.rows = rows
                self.cols = cols

            fn __getitem__(self, r: Int, c: Int) -> Scalar[dtype]:
                return self.data[r * self.cols + c]

            fn __del__(owned self):
                self.data.free()

        @value
        struct Point:
            var x: Float64
            var y: Float64

            fn __add__(self, o: Point) -> Point:
                return Point(self.x + o.x, self.y + o.y)

        fn main():
            var m = Matrix[DType.float64](2, 2)
            var p = Point(1.0, 2.0) + Point(0.5, 0.5)
            print(m[0, 1], p.x)
    """)
    mod = prog.modules[PATH]
    layouts = {str(t): l for t, l in mod.structs.items()}
    mat = layouts["Matrix[DType.float64]"]
    assert [(f.name, str(f.type)) for f in mat.fields] == [
        ("data", "UnsafePointer[Float64]"), ("rows", "Int"), ("cols", "Int")]
    assert mat.has_del
    for keys in mat.methods.values():
        for key in keys:
            assert key in mod.functions          # lifecycle methods are specialised too
    point = layouts["Point"]
    assert point.synthesized == frozenset({"__init__", "__copyinit__", "__moveinit__"})
    main = instance(prog, "main")
    calls = {ast.unparse(n): (c.kind, c.name.split("::")[-1], c.synthesized)
             for n, c in main.calls.items()}
    assert calls["Matrix[DType.float64](2, 2)"] == ("init", "Matrix.__init__", False)
    assert calls["Point(1.0, 2.0)"] == ("init", "Point.__init__", True)
    assert calls["Point(1.0, 2.0) + Point(0.5, 0.5)"] == ("method", "Point.__add__", False)
    assert calls["m[0, 1]"][:2] == ("method", "Matrix.__getitem__")


def test_closures_vectorize_and_captures():
    prog = program("""
        from algorithm import vectorize

        fn saxpy(a: Float32, x: UnsafePointer[Float32], y: UnsafePointer[Float32], n: Int):
            @parameter
            fn body[width: Int](i: Int):
                y.store[width=width](i, a * x.load[width=width](i) + y.load[width=width](i))
            vectorize[body, 8](n)
    """)
    saxpy = instance(prog, "saxpy")
    call = next(c for c in saxpy.calls.values() if c.name == "vectorize")
    wide, tail, width = call.comptime_args
    assert (wide, tail, width) == (FnKey(f"{PATH}::saxpy.body", (8,)),
                                   FnKey(f"{PATH}::saxpy.body", (1,)), 8)
    body8 = prog.instance(wide)
    assert body8.enclosing == saxpy.key
    assert sorted(v.name for v in body8.captures) == ["a", "x", "y"]
    assert any(str(t) == "SIMD[DType.float32, 8]" for t in body8.expr_types.values())
    body1 = prog.instance(tail)
    assert not any(str(t).startswith("SIMD[DType.float32, 8]") for t in body1.expr_types.values())


def test_parameter_if_picks_one_arm_per_specialisation():
    prog = program("""
        fn zero[dtype: DType]() -> Scalar[dtype]:
            @parameter
            if dtype.is_floating_point():
                return 0.5
            else:
                return 0

        fn main():
            print(zero[DType.float32](), zero[DType.int8]())
    """)
    fl = instance(prog, "zero", (DTYPES["float32"],))
    it = instance(prog, "zero", (DTYPES["int8"],))
    assert list(fl.param_ifs.values()) == [0]
    assert list(it.param_ifs.values()) == [1]
    assert str(fl.result) == "Float32" and str(it.result) == "Int8"


def test_names_bind_to_locals_params_and_globals():
    prog = program("""
        alias N = 4

        fn helper(x: Int) -> Int:
            return x

        fn f(n: Int) -> Int:
            var acc = 0
            for i in range(N):
                acc += helper(i) * n
            return acc
    """)
    f = instance(prog, "f")
    kinds = {}
    for node, b in f.names.items():
        kinds.setdefault(node.id, set()).add(b.kind)
    assert kinds["acc"] == {"local"}
    assert kinds["n"] == {"param"}
    assert kinds["N"] == {"alias"}
    assert kinds["helper"] == {"fn"}
    assert kinds["range"] == {"builtin"}
    alias_binding = next(b for node, b in f.names.items() if node.id == "N")
    assert alias_binding.value == 4
    assert prog.modules[PATH].aliases == {"N": 4}
    assert prog.entry_main is None


def test_imported_declarations_and_their_specialisations_live_in_their_module():
    lib = """
        @value
        struct Pair:
            var a: Int
            var b: Int
            fn sum(self) -> Int:
                return self.a + self.b

        fn twice[T: AnyType](x: T) -> T:
            return x

        alias SIZE = 8
    """
    main = """
        import lib
        from lib import twice

        fn use(p: lib.Pair) -> Int:
            var q = lib.Pair(1, lib.SIZE)
            var v = SIMD[DType.float32, lib.SIZE](0)
            return p.sum() + q.sum() + twice(3) + twice[Int](4)

        fn main():
            print(use(lib.Pair(1, 2)))
    """
    ws = workspace({"/m/lib.kiln": lib, "/m/main.kiln": main})
    prog = ws.typed_program("/m/main.kiln")
    assert prog.ok, prog.diagnostics
    assert sorted(str(k) for k in prog.modules["/m/lib.kiln"].functions) == [
        "/m/lib.kiln::Pair.sum", "/m/lib.kiln::twice[Int]"]
    assert [str(t) for t in prog.modules["/m/lib.kiln"].structs] == ["Pair"]
    use = prog.instance(FnKey("/m/main.kiln::use"))
    assert {v.name: str(t) for v, t in use.locals.items()} == {
        "p": "Pair", "q": "Pair", "v": "SIMD[DType.float32, 8]"}
