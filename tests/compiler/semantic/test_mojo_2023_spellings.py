"""Mojo 2023 spellings from its launch demos: `p.simd_load[w](i)` and
`p.simd_store[w](i, v)` are the pointer builtins `load`/`store` with that
width, and `random.rand(ptr, n)` (the stdlib's generic fn) fills scalars."""
from __future__ import annotations

import ast

from kiln.compiler.semantic import build_typed_program, check_program
from kiln.compiler.semantic.types import DTYPES

PATH = "/ws/demo.kiln"
TEXT = ("from random import rand\n\n"
        "fn f(p: UnsafePointer[Float32], n: Int) -> Float32:\n"
        "    rand(p, n)\n"
        "    var acc = SIMD[DType.float32, 8](0)\n"
        "    for i in range(0, n, 8):\n"
        "        acc += p.simd_load[8](i)\n"
        "        p.simd_store[8](i, acc)\n"
        "    return acc.reduce_add()\n")


def test_simd_load_store_and_rand_resolve_to_the_builtins():
    program = build_typed_program({PATH: TEXT}, PATH)
    assert program.ok, program.diagnostics
    [inst] = program.modules[PATH].functions.values()
    calls = {ast.unparse(n.func) if isinstance(n, ast.Call) else "?": t
             for n, t in inst.calls.items() if isinstance(n, ast.Call)}
    rand = calls["rand"]        # written in Kiln: compiler/stdlib/random.kiln
    assert rand.kind == "fn" and rand.name.endswith("/compiler/stdlib/random.kiln::rand")
    assert rand.instance is not None and rand.instance.params == (DTYPES["float32"],)
    load = calls["p.simd_load[8]"]
    assert load.name == "UnsafePointer.load" and load.comptime_args == (8,)
    assert str(load.signature.result) == "SIMD[DType.float32, 8]"
    store = calls["p.simd_store[8]"]
    assert store.name == "UnsafePointer.store" and store.comptime_args == (8,)


def test_rand_needs_a_pointer_to_scalars():
    text = "from random import rand\n\nfn bad(q: UnsafePointer[SIMD[DType.float32, 4]]):\n    rand(q, 2)\n"
    assert [d.code for d in check_program({PATH: text}, PATH)] == ["K0202"]
