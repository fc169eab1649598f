"""`kiln ast`: the Kiln tree dump, and `--python` = CPython's own dump for
pure-Python files (checked on files chosen to be hard to get exactly right)."""
from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

import pytest

from kiln.cli import main as kiln_main
from kiln.compiler.pytier.recursion import deep_walks

TRICKY = {
    "fstrings": '''
        width, prec, value, name = 10, 3, 3.14159, "kiln"
        s = f"{value:{width}.{prec}f}|{name!r:>{width}}|{value=}|{f'{name}'}|{{lit}}"
        t = f"""multi
        {name
         .upper()}""" f'{1+1}' U"u" ; b = rb'\\x00' b"\\n"
        u = f"{'é'}{x}ü{y!a}" if (x := "ü") and (y := 1) else None
    ''',
    "unicode_columns": '''
        café = "naïve ✓ 漢字"; ñ = {café: [1, 2]} ; print(ñ[café] , "😀", café)
        def δ(α, β=ñ, *γ, **ε): return α + β if α else "ß"
    ''',
    "soft_keywords": '''
        fn = open
        var, let, alias = 1, 2, 3
        struct = trait = inout = owned = borrowed = raises = None
        def f(var, fn=fn, *let, inout=1, **owned): return var ^ let[0]
        match = type = _ = case = 0
        match match:
            case [var, *let] if var: pass
            case {"k": fn, **alias}: pass
            case Point(x=0, y=_) | None: pass
            case str() as s: pass
            case -1 | 1.5 | 2j | "s" | b"b" | True: pass
        print(var.x if hasattr(var, "x") else let, alias[0] if alias else fn)
    ''',
    "statements": '''
        import os.path as p, sys
        from . import x
        from ..a.b import (c as d,
                           e)
        @decorator(arg)
        @other.attr
        class C(Base, metaclass=M):
            """doc"""
            x: int = 1
            async def m(self, /, a, *, b: "T" = 2) -> None:
                async with a as b, c as (d, e):
                    async for i in b: await i
                global g
                return [y async for y in z if y]
        with (open("a") as f,
              open("b") as g):
            pass
        try:
            pass
        except* (ValueError, TypeError) as eg:
            raise RuntimeError from eg
        else:
            pass
        finally:
            del a[1:2, ::3], b.c
        x = 1 if y else 2; assert x, "msg"
        lambda a=1, *b, c, **d: (yield)
        total = \\
            1_000 + 0x_ff + 0o17 + 0b1 + 1e-3 + 1_0.5j
        print(*args, **kwargs, sep="")
        a[...] = b @ c; a @= b; a **= -b; not a < b <= c is not d in e
    ''',
    "comprehensions_and_calls": '''
        squares = {k: v for k, v in zip(a, b) if k if v}
        nested = [[j for j in range(i)] for i in range(3)]
        g = (x for x in range(10))
        s = {*a, *b}
        f(x for x in y)
        f(a)(b)(c)[d].e
        (a
         .b(c,
            d)
         .e)
    ''',
    "empty": "",
    "comments_only": "# just a comment\n\n# and another",
    "tabs_and_no_trailing_newline": "if x:\n\tif y:\n\t\tpass\n\telse:\n\t\tz = 1",
}


def dump_of(tmp_path, capsys, text: str, *flags: str) -> tuple[int, str, str]:
    path = tmp_path / "case.py"
    path.write_bytes(text.encode("utf-8"))
    code = kiln_main(["ast", str(path), *flags])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_python_lowering_equals_cpython(name, tmp_path, capsys):
    text = textwrap.dedent(TRICKY[name]).lstrip("\n")
    code, out, err = dump_of(tmp_path, capsys, text, "--python")
    assert (code, err) == (0, "")
    assert out == ast.dump(ast.parse(text), include_attributes=True) + "\n"


def test_no_positions(tmp_path, capsys):
    text = "x = [1, 2]\n"
    code, out, _ = dump_of(tmp_path, capsys, text, "--python", "--no-positions")
    assert code == 0 and out == ast.dump(ast.parse(text)) + "\n"


def test_crlf_file(tmp_path, capsys):
    text = "def f(a,\r\n      b):\r\n    return a\r\n"
    code, out, _ = dump_of(tmp_path, capsys, text, "--python")
    assert code == 0 and out == ast.dump(ast.parse(text), include_attributes=True) + "\n"


def test_kiln_tree_dump_shows_kiln_nodes(tmp_path, capsys):
    text = "fn add(x: Int, inout y: Int) -> Int:\n    var z: Int = x^\n    return z\n"
    code, out, err = dump_of(tmp_path, capsys, text)
    assert (code, err) == (0, "")
    assert out.startswith("Module(\n  body=[\n    FnDef(\n")
    for node in ("Param(", "VarDecl(", "Transfer(", "convention='inout'", "lineno=1"):
        assert node in out


def test_python_flag_on_kiln_code_prints_the_lowering(tmp_path, capsys):
    text = "def f():\n    var x: Int = 1\n    let y = x^\n    return y\n"
    code, out, _ = dump_of(tmp_path, capsys, text, "--python", "--no-positions")
    expected = ast.dump(ast.parse("def f():\n    x: Int = 1\n    y = x\n    return y\n"))
    assert code == 0 and out == expected + "\n"


def test_syntax_error_reports_and_exits_1(tmp_path, capsys):
    code, out, err = dump_of(tmp_path, capsys, "x = 1\ndef f(:\n    pass\n")
    assert code == 1 and "Module(" in out  # the recovered tree is still shown
    assert ":2:" in err and "error[K0001]" in err
    code, out, err = dump_of(tmp_path, capsys, "def f(:\n", "--python")
    assert code == 1 and out == "" and "error[K0001]" in err


@pytest.mark.parametrize("target", ["no_such_file.kiln", "."])
def test_unreadable_file_is_one_line_exit_2(tmp_path, target):
    r = subprocess.run([sys.executable, "-m", "kiln", "ast", target], cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("kiln ast: cannot read")


def test_long_operator_chains_dump_like_cpython(tmp_path, capsys):
    # 2,000 chained `+` are a 2,000-deep tree; CPython parses and dumps it.
    text = "total = " + " + ".join(f"v{i}" for i in range(2000)) + "\n"
    code, out, err = dump_of(tmp_path, capsys, text, "--python")
    assert (code, err) == (0, "")
    with deep_walks():  # ast.dump recurses twice per level
        assert out == ast.dump(ast.parse(text), include_attributes=True) + "\n"
    code, out, err = dump_of(tmp_path, capsys, text)
    assert (code, err) == (0, "") and out.count("BinOp(") == 1999
