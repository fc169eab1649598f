"""What recovery keeps of a broken statement: the statement itself with an
`ErrorExpr` where its expression broke, or an `ErrorStmt` that lists the names
the statement would have bound. Either way one diagnostic, and the names stay
bound so later uses are not reported again."""
from __future__ import annotations

import ast

import pytest

from kiln.compiler.syntax import nodes
from kiln.compiler.syntax.parser import parse


def check(text: str, expected: list[str]) -> None:
    result = parse(text)
    assert len(result.diagnostics) == 1, [d.message for d in result.diagnostics]
    assert [ast.dump(s) for s in result.module.body] == expected
    size = len(result.source.data)
    for node in ast.walk(result.module):
        if isinstance(node, (nodes.ErrorExpr, nodes.ErrorStmt)):
            span = result.source.span_of(node)
            assert 0 <= span.start <= span.end <= size


def name(n: str, ctx: str = "Load") -> str:
    return f"Name(id='{n}', ctx={ctx}())"


ERR = "ErrorExpr()"


@pytest.mark.parametrize("text, expected", [
    ("var y = x +\nreturn y\n", [
        f"VarDecl(kind='var', target={name('y', 'Store')}, annotation=None, "
        f"value=BinOp(left={name('x')}, op=Add(), right={ERR}))",
        f"Return(value={name('y')})"]),
    ("return z +* 2\n", [f"Return(value=BinOp(left={name('z')}, op=Add(), right={ERR}))"]),
    ("let q = [x, x\nreturn q\n", [
        f"VarDecl(kind='let', target={name('q', 'Store')}, annotation=None, value={ERR})",
        f"Return(value={name('q')})"]),
    ('s = "unterminated\nreturn s\n', [
        f"Assign(targets=[{name('s', 'Store')}], value={ERR})", f"Return(value={name('s')})"]),
    ("x: Int = 1 2\n", [f"AnnAssign(target={name('x', 'Store')}, "
                        f"annotation={name('Int')}, value={ERR}, simple=1)"]),
    ("print(a, b c)\n", [
        f"Expr(value=Call(func={name('print')}, args=[{name('a')}, {ERR}], keywords=[]))"]),
    ("f(a=1, b c)\n", [  # no second complaint about argument order
        f"Expr(value=Call(func={name('f')}, args=[{ERR}], "
        "keywords=[keyword(arg='a', value=Constant(value=1))]))"]),
    ("if x +:\n    y = 1\n", [  # the block stays a block
        f"If(test=BinOp(left={name('x')}, op=Add(), right={ERR}), "
        f"body=[Assign(targets=[{name('y', 'Store')}], value=Constant(value=1))], orelse=[])"]),
    ("for i, j in :\n    pass\n", [
        f"For(target=Tuple(elts=[{name('i', 'Store')}, {name('j', 'Store')}], ctx=Store()), "
        f"iter={ERR}, body=[Pass()], orelse=[])"]),
    ("x = 1 +\n    y = 2\n", [  # the unexpected indent after it is not a second error
        f"Assign(targets=[{name('x', 'Store')}], value=BinOp(left=Constant(value=1), "
        f"op=Add(), right={ERR}))",
        f"Assign(targets=[{name('y', 'Store')}], value=Constant(value=2))"]),
    ("x = f'{1 +}'\n", [f"Assign(targets=[{name('x', 'Store')}], value=JoinedStr(values=["
                        f"FormattedValue(value={ERR}, conversion=-1)]))"]),
])
def test_broken_expression_keeps_its_statement(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, kind, body", [
    ("def f(x:\n    return x\n", "FunctionDef", "x"),
    ("@dec\ndef f(a, b:\n    return a\n", "FunctionDef", "a"),
    ("class A(:\n  x = 1\n", "ClassDef", "x"),
    ("fn g(a: Int -> Int:\n    return a\n", "FnDef", "a"),
    ("fn norm(p: Point -> Int:\n    return p\n", "FnDef", "p"),
    ("struct S(:\n    var a: Int\n", "StructDef", "a"),
    ("async def h(:\n    await q\n", "AsyncFunctionDef", "q"),
])
def test_broken_header_keeps_its_definition_and_body(text, kind, body):
    """The body stays inside the definition (its names resolve there)."""
    result = parse(text)
    assert len(result.diagnostics) == 1, [d.message for d in result.diagnostics]
    [node] = result.module.body
    assert type(node).__name__ == kind
    assert body in {n.id for n in ast.walk(node.body[0]) if isinstance(n, ast.Name)}


def test_broken_return_annotation_becomes_error_expr():
    [fn] = parse("fn norm(p: Point -> Int:\n    return p\n").module.body
    assert [p.arg for p in fn.params] == ["p"] and isinstance(fn.returns, nodes.ErrorExpr)


@pytest.mark.parametrize("text, names", [
    ("fn f[T: AnyType(x: T) -> T:\n    return x\n", ["f"]),
    ("import os.\n", ["os"]),
    ("import a.b as c, d e\n", ["c", "d"]),
    ("from m import (x as y, z w\n", ["y", "z"]),
    ("with a as b c d\n", ["b"]),
    ("a b = 1\n", ["a", "b"]),
])
def test_broken_statement_keeps_its_names(text, names):
    result = parse(text)
    assert len(result.diagnostics) == 1, [d.message for d in result.diagnostics]
    err = result.module.body[0]
    assert isinstance(err, nodes.ErrorStmt)
    assert [(t.id, type(t.ctx).__name__) for t in err.targets] == [(n, "Store") for n in names]
    for t in err.targets:  # each name is positioned on its own text
        assert result.source.slice(result.source.span_of(t)) == t.id


def test_too_deep_statement_keeps_its_names():
    result = parse("x, y = " + "+".join(["a"] * 4000) + "\n")
    err = result.module.body[0]
    assert isinstance(err, nodes.ErrorStmt)
    assert [t.id for t in err.targets] == ["x", "y"]
