"""The lowering of parsed Kiln source, golden style: `check(kiln, python)`
says the Kiln text lowers to exactly the tree CPython builds for the Python
text (positions aside: the lowered nodes keep the Kiln text's own)."""
from __future__ import annotations

import ast
import textwrap

import pytest

from kiln.compiler.pytier.lowering import lower_module
from kiln.compiler.syntax.parser import parse


def lower(kiln: str):
    parsed = parse(textwrap.dedent(kiln), "/t/golden.kiln")
    assert parsed.ok, parsed.diagnostics
    return lower_module(parsed.module, parsed.source)


def check(kiln: str, python: str) -> None:
    result = lower(kiln)
    assert result.ok, result.diagnostics
    assert ast.dump(result.tree) == ast.dump(ast.parse(textwrap.dedent(python)))


def test_var_and_let_in_def_code():
    check("""
        def f(a):
            var total = 0
            var count: Int = 1
            let name: String = "n"
            var pending: Float64
            var x, y = a
            total += count
            return total
    """, """
        def f(a):
            total = 0
            count: Int = 1
            name: String = "n"
            pending: Float64
            x, y = a
            total += count
            return total
    """)


def test_module_level_typed_var():
    check("var limit: Int = 10\nlet name = 'k'\n", "limit: Int = 10\nname = 'k'\n")


def test_transfer_and_keyword_subscripts():
    check("""
        def g(s, p, i):
            take(s^)
            return p.load[width=8](i) + p.load[4, width=2](i)
    """, """
        def g(s, p, i):
            take(s)
            return p.load[__kiln_ct__(width=8)](i) + p.load[__kiln_ct__(4, width=2)](i)
    """)


def test_compile_time_statements_and_aliases_in_def_code():
    check("""
        def h(n):
            alias K = 4
            @parameter
            if K > 2:
                n += K
            return n
    """, """
        def h(n):
            K = 4
            if K > 2:
                n += K
            return n
    """)


def test_top_level_declarations_bind_native_objects():
    result = lower("""
        alias N = 1024
        fn add(x: Int, y: Int) -> Int:
            return x + y

        @value
        struct Pair:
            var first: Int
            var second: Int

        trait Shape:
            fn area(self) -> Float64: ...

        def use():
            return add(1, N)
    """)
    assert [(d.name, d.kind) for d in result.native_decls] == [
        ("N", "alias"), ("add", "fn"), ("Pair", "struct"), ("Shape", "trait")]
    assert ast.unparse(result.tree).splitlines()[:4] == [
        "N = __kiln_native__['N']", "add = __kiln_native__['add']",
        "Pair = __kiln_native__['Pair']", "Shape = __kiln_native__['Shape']"]
    # like CPython's ClassDef, a decorated struct starts at `struct`, not at `@value`
    assert [s.lineno for s in result.tree.body] == [2, 3, 7, 11, 14]


def test_soft_keywords_as_names_are_plain_python():
    text = "fn = open\nvar = 1\ndef f(let, alias=2):\n    struct = let ^ alias\n    return struct\n"
    parsed = parse(text, "/t/p.kiln")
    assert lower_module(parsed.module, parsed.source).tree is parsed.module


@pytest.mark.parametrize("kiln, where", [
    ("def outer():\n    fn inner() -> Int:\n        return 1\n", "a `def` function"),
    ("class C:\n    fn m(self) -> Int:\n        return 1\n", "a class body"),
    ("def outer():\n    struct S:\n        var x: Int\n", "a `def` function"),
])
def test_compiled_declarations_inside_python_code(kiln, where):
    result = lower(kiln)
    [diag] = result.diagnostics
    assert diag.code == "K0551" and where in diag.message
    assert result.tree.body[0].body[0].__class__ is ast.Pass


def test_lowered_kiln_runs_with_kiln_lines():
    result = lower("""
        def f(values):
            var acc: Int = 0
            for v in values:
                let doubled = v * 2
                acc += doubled
            return acc // len(values)
    """)
    namespace: dict = {"Int": int}
    exec(compile(result.tree, "/t/golden.kiln", "exec"), namespace)
    assert namespace["f"]([1, 2, 3]) == 4
    with pytest.raises(ZeroDivisionError) as info:
        namespace["f"]([])
    assert info.traceback[-1].lineno + 1 == 7 and str(info.traceback[-1].path) == "/t/golden.kiln"
