"""Python-tier name resolution: CPython's scoping rules, and no false
positives on valid Python. `check(src, expected)` lists the undefined names
(line, name) the checker must report; `resolves(src)` checks where each
marked name's definition is."""
from __future__ import annotations

import textwrap

import pytest

from semantic_testing import marked, workspace

PATH = "/ws/m.kiln"


def check(src: str, expected: list[tuple[int, str]]) -> None:
    ws = workspace({PATH: src})
    found = []
    for d in ws.diagnostics(PATH):
        assert d.code in ("K0101", "K0106", "K0381", "K0382"), (d.code, d.message)
        if d.code == "K0101":
            line = ws.source(PATH).position(d.span.start).line
            found.append((line, ws.source(PATH).slice(d.span)))
    assert found == expected


def definition_line(src: str) -> int | None:
    """The line of the definition of the name at `$0`."""
    text, offset = marked(src)
    ws = workspace({PATH: text})
    locs = ws.definition(PATH, offset)
    if not locs:
        return None
    return ws.source(PATH).position(locs[0].span.start).line


CLEAN = {
    "comprehension_scope": """
        def f(xs):
            return [x * y for x in xs for y in range(x) if x > y], {k: v for k, v in xs}
    """,
    "class_body_then_method_uses_global": """
        size = 3
        class A:
            size = 10
            doubled = size * 2
            def m(self):
                return size
    """,
    "global_assigned_in_function": """
        def setup():
            global CONFIG
            CONFIG = {}
        def use():
            return CONFIG
    """,
    "nonlocal_counter": """
        def counter():
            n = 0
            def inc():
                nonlocal n
                n += 1
                return n
            return inc
    """,
    "conditional_definition": """
        import sys
        if sys.version_info >= (3, 11):
            def helper():
                return 1
        else:
            helper = None
        print(helper)
    """,
    "del_then_rebind": """
        x = 1
        del x
        x = 2
        print(x)
    """,
    "try_except_names": """
        try:
            import json
        except ImportError as exc:
            json = None
            print(exc)
    """,
    "walrus_in_comprehension": """
        def f(data):
            if any((hit := d) > 3 for d in data):
                return hit
    """,
    "match_captures": """
        def f(cmd):
            match cmd:
                case ["go", direction, *rest]:
                    return direction, rest
                case {"x": x, **others}:
                    return x, others
                case Point(x=0) as p:
                    return p
        class Point:
            x = 0
    """,
    "soft_keywords_as_names": """
        fn = open
        var = 3
        def let(struct, alias=None):
            return struct, alias, var, fn
        inout = [var for var in range(3)]
    """,
    "builtins_and_dunders": """
        print(__name__, __file__, __doc__, len([]), __builtins__, __debug__)
        class C:
            print(__qualname__, __module__)
            def m(self):
                return __class__
    """,
    "lambda_defaults": """
        k = 2
        f = lambda x, y=k: x + y + k
    """,
    "decorator_and_annotations": """
        import functools
        @functools.lru_cache(maxsize=None)
        def fib(n: int) -> int:
            return n if n < 2 else fib(n - 1) + fib(n - 2)
    """,
    "kiln_types_in_def": """
        def f(x: Int) -> Float64:
            return Float64(x)
    """,
    "star_import_unknown": """
        from os.path import *
        print(join("a", "b"), anything_at_all)
    """,
    "class_scope_comprehension_first_iter": """
        class A:
            items = [1, 2]
            doubled = [i * 2 for i in items]
    """,
    "dynamic_globals": """
        for name in ("a", "b"):
            globals()[name.upper()] = name
        print(A, B)
    """,
}


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_valid_python_has_no_undefined_names(name):
    check(CLEAN[name], [])


def test_undefined_names_are_reported_where_python_would_fail():
    check("""
        def f():
            return missing_one
        class A:
            value = 1
            def m(self):
                return value
        print([y for x in range(3)])
    """, [(2, "missing_one"), (6, "value"), (7, "y")])


def test_class_names_are_invisible_in_nested_comprehension():
    check("""
        class A:
            items = [1, 2]
            pairs = [(i, items) for i in range(2)]
    """, [(3, "items")])


def test_local_assigned_later_resolves_to_the_local():
    src = """
        x = 1
        def f():
            print($0x)
            x = 2
    """
    assert definition_line(src) == 4


def test_global_declaration_resolves_to_module_binding():
    src = """
        count = 0
        def bump():
            global count
            $0count += 1
    """
    assert definition_line(src) == 1


def test_nonlocal_resolves_to_enclosing_function():
    src = """
        def outer():
            n = 0
            def inner():
                nonlocal n
                return $0n
    """
    assert definition_line(src) == 2


def test_method_sees_module_not_class_attribute():
    src = """
        size = 1
        class A:
            size = 2
            def m(self):
                return $0size
    """
    assert definition_line(src) == 1


def test_invalid_global_and_nonlocal_and_return():
    ws = workspace({PATH: """
        def f(x):
            global x
        nonlocal y
        return 1
        for i in range(2):
            pass
        break
    """})
    got = [(d.code, ws.source(PATH).position(d.span.start).line) for d in ws.diagnostics(PATH)]
    assert got == [("K0106", 2), ("K0106", 3), ("K0382", 4), ("K0381", 7)]


def test_def_calling_fn_resolves_across_tiers():
    src = """
        fn add(a: Int, b: Int) -> Int:
            return a + b
        def use():
            return $0add(1, 2)
    """
    assert definition_line(src) == 1
