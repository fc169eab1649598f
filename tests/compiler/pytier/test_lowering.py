"""The Python-tier lowering on hand-built Kiln trees (parser-independent) and
on CPython's own trees (which must come back as the very same objects)."""
from __future__ import annotations

import ast
import pathlib
import sysconfig
import traceback

import pytest

from kiln.compiler.pytier.ct_args import CompileTimeArgs
from kiln.compiler.pytier.lowering import NATIVE_GLOBAL, lower_module
from kiln.compiler.syntax import nodes as k
from kiln.compiler.syntax.source import SourceFile

from .kiln_nodes import at, const, fn, module, name, struct

PURE_PYTHON = [
    "x = 1\nprint(x)\n",
    "def f(var, fn=1, *let, **alias):\n    return var ^ fn\n",
    "class struct:\n    trait = 3\n    def m(self): return self.trait\n",
    "match p:\n    case [1, *rest] if rest: pass\n    case {'k': v, **kw}: pass\n    case Point(x=0): pass\n",
    "async def g():\n    async with a as b, c:\n        await b\n    return [x async for x in c]\n",
    "f'{x!r:>{width}} {y=}' 'tail'\nb'\\x00' rb'raw'\n",
    "lambda: (yield)\nx = [y := 3, *z]\ndel x[1:2, ::3]\n",
    "try:\n    pass\nexcept* ValueError as e:\n    raise TypeError from e\nfinally:\n    pass\n",
]


def lowered(tree, text=""):
    return lower_module(tree, SourceFile("/t/m.kiln", text))


@pytest.mark.parametrize("text", PURE_PYTHON)
def test_pure_python_lowers_to_the_same_tree_object(text):
    tree = ast.parse(text)
    result = lowered(tree, text)
    assert result.tree is tree
    assert result.native_decls == () and not result.diagnostics and not result.uses_ct_args


def test_stdlib_files_lower_to_themselves():
    stdlib = pathlib.Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.glob("*.py"))[::25]:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        assert lowered(tree, text).tree is tree, path


def test_var_and_let_become_assignments():
    # var x = 1 / let y: Int = 2 / var z: Float64 / var w
    tree = module(
        at(k.VarDecl(kind="var", target=name("x", 1, 4, True), annotation=None,
                     value=const(1, 1, 8, 9)), 1, 0, 9),
        at(k.VarDecl(kind="let", target=name("y", 2, 4, True), annotation=name("Int", 2, 7),
                     value=const(2, 2, 13, 14)), 2, 0, 14),
        at(k.VarDecl(kind="var", target=name("z", 3, 4, True), annotation=name("Float64", 3, 7),
                     value=None), 3, 0, 14),
        at(k.VarDecl(kind="var", target=name("w", 4, 4, True), annotation=None, value=None), 4, 0, 5),
    )
    result = lowered(tree)
    assert ast.unparse(result.tree) == "x = 1\ny: Int = 2\nz: Float64\npass"
    assert [(s.lineno, s.col_offset, s.end_col_offset) for s in result.tree.body] == \
        [(1, 0, 9), (2, 0, 14), (3, 0, 14), (4, 0, 5)]
    assert result.tree.body[1].simple == 1
    assert result.prelude_names == {"Int", "Float64"}


def test_declaration_target_gets_store_context():
    decl = at(k.VarDecl(kind="var", target=name("x", 1, 4), annotation=None,
                        value=const(1, 1, 8, 9)), 1, 0, 9)
    result = lowered(module(decl))
    assert isinstance(result.tree.body[0].targets[0].ctx, ast.Store)
    compile(result.tree, "/t/m.kiln", "exec")


def test_transfer_is_the_value_itself():
    # take(s^)
    moved = at(k.Transfer(value=name("s", 1, 5)), 1, 5, 7)
    call = at(ast.Call(name("take", 1, 0), [moved], []), 1, 0, 8)
    result = lowered(module(at(ast.Expr(call), 1, 0, 8)))
    assert ast.unparse(result.tree) == "take(s)"
    assert tree_is_compilable(result.tree)


def test_param_subscript_passes_compile_time_args():
    # p.load[width=8](i)
    load = at(ast.Attribute(name("p", 1, 0), "load", ast.Load()), 1, 0, 6)
    width = ast.keyword("width", const(8, 1, 13, 14))
    at(width, 1, 7, 14)
    sub = at(k.ParamSubscript(value=load, args=[], keywords=[width]), 1, 0, 15)
    call = at(ast.Call(sub, [name("i", 1, 16)], []), 1, 0, 18)
    result = lowered(module(at(ast.Expr(call), 1, 0, 18)))
    assert result.uses_ct_args

    seen = []

    class Loader:
        def __getitem__(self, params):
            seen.append(params)
            return lambda i: i * 2

    class P:
        load = Loader()

    namespace = {"__kiln_ct__": CompileTimeArgs.make, "p": P(), "i": 21}
    exec(compile(result.tree, "/t/m.kiln", "exec"), namespace)
    assert seen == [CompileTimeArgs((), {"width": 8})]


def test_compile_time_statement_is_its_body():
    loop = at(ast.For(name("i", 1, 14, True), name("r", 1, 19), [at(ast.Pass(), 2, 4, 8)], []), 1, 11, 8, 2)
    result = lowered(module(at(k.CompileTime(decorator=name("parameter", 1, 1), body=loop), 1, 0, 8, 2)))
    assert result.tree.body == [loop]


def test_module_level_declarations_bind_native_objects_in_place():
    tree = module(
        at(ast.Expr(const("doc", 1, 0, 5)), 1, 0, 5),
        fn("add", 2), struct("Pair", 4),
        at(k.AliasDef(name="N", comptime_params=[], annotation=None, value=const(3, 6, 10, 11)), 6, 0, 11),
    )
    result = lowered(tree)
    assert [(d.name, d.kind) for d in result.native_decls] == [("add", "fn"), ("Pair", "struct"), ("N", "alias")]
    assert ast.unparse(result.tree).splitlines()[1:] == [
        f"add = {NATIVE_GLOBAL}['add']", f"Pair = {NATIVE_GLOBAL}['Pair']", f"N = {NATIVE_GLOBAL}['N']"]
    assert [s.lineno for s in result.tree.body] == [1, 2, 4, 6]
    namespace = {NATIVE_GLOBAL: {"add": len, "Pair": tuple, "N": 3}}
    exec(compile(result.tree, "/t/m.kiln", "exec"), namespace)
    assert namespace["add"] is len and namespace["N"] == 3


def test_alias_inside_def_is_a_local_constant():
    alias = at(k.AliasDef(name="N", comptime_params=[], annotation=None, value=const(4, 2, 12, 13)), 2, 4, 13)
    ret = at(ast.Return(name("N", 3, 11)), 3, 4, 12)
    func = at(ast.FunctionDef("f", ast.arguments([], [], None, [], [], None, []), [alias, ret], [], None, None),
              1, 0, 12, 3)
    result = lowered(module(func))
    namespace: dict = {}
    exec(compile(result.tree, "/t/m.kiln", "exec"), namespace)
    assert namespace["f"]() == 4 and not result.native_decls


@pytest.mark.parametrize("holder", ["def", "class"])
def test_fn_inside_python_code_is_k0551(holder):
    inner = fn("helper", 2)
    inner.col_offset = 4
    if holder == "def":
        outer = ast.FunctionDef("f", ast.arguments([], [], None, [], [], None, []), [inner], [], None, None)
    else:
        outer = ast.ClassDef("C", [], [], [inner], [])
    text = "x\n    fn helper(): pass\n"
    result = lower_module(module(at(outer, 1, 0, 20, 2)), SourceFile("/t/m.kiln", text))
    [diag] = result.diagnostics
    assert diag.code == "K0551" and not result.ok
    assert "`fn helper`" in diag.message
    assert ("make the class a `struct`" in diag.hint) == (holder == "class")
    assert SourceFile("/t/m.kiln", text).position(diag.span.start).line == 2


def test_lowering_never_mutates_its_input():
    decl = at(k.VarDecl(kind="var", target=name("x", 2, 8, True), annotation=None,
                        value=at(k.Transfer(value=name("y", 2, 12)), 2, 12, 14)), 2, 4, 14)
    func = at(ast.FunctionDef("f", ast.arguments([], [], None, [], [], None, []), [decl], [], None, None),
              1, 0, 14, 2)
    tree = module(func, fn("g", 3))
    before = ast.dump(tree, include_attributes=True)
    result = lowered(tree)
    assert ast.dump(tree, include_attributes=True) == before
    assert result.tree is not tree and result.tree.body[0] is not func


def test_positions_survive_into_tracebacks():
    # line 3: var q = 1 / 0   inside def f
    div = at(ast.BinOp(const(1, 3, 12, 13), ast.Div(), const(0, 3, 16, 17)), 3, 12, 17)
    decl = at(k.VarDecl(kind="var", target=name("q", 3, 8, True), annotation=None, value=div), 3, 4, 17)
    func = at(ast.FunctionDef("f", ast.arguments([], [], None, [], [], None, []), [decl], [], None, None),
              2, 0, 17, 3)
    code = compile(lowered(module(func)).tree, "/t/m.kiln", "exec")
    namespace: dict = {}
    exec(code, namespace)
    with pytest.raises(ZeroDivisionError) as info:
        namespace["f"]()
    last = traceback.extract_tb(info.value.__traceback__)[-1]
    assert (last.filename, last.lineno, last.name) == ("/t/m.kiln", 3, "f")
    assert (last.colno, last.end_colno) == (12, 17)


def tree_is_compilable(tree) -> bool:
    compile(tree, "/t/m.kiln", "exec")
    return True


def test_every_kiln_node_kind_has_a_lowering():
    # A node kind the lowering does not know would reach CPython's compiler.
    from kiln.compiler.pytier.lowering import _Lowering
    handlers = _Lowering(SourceFile("/t/m.kiln", ""), None).handlers
    assert [t.__name__ for t in k.KILN_NODE_TYPES if t not in handlers] == []
