"""Kiln declarations parse into nodes.py classes; soft keywords stay names."""
from __future__ import annotations

import ast

from kiln.compiler.syntax import nodes
from kiln.compiler.syntax.parser import parse


def test_fn_struct_trait_alias_var():
    src = (
        "alias N = 1024\n"
        "struct Pair[T: AnyType](Shape):\n"
        "    var first: Int\n"
        "    fn __init__(inout self, first: Int):\n"
        "        self.first = first^\n"
        "trait Shape:\n"
        "    fn area(self) -> Float64: ...\n"
        "fn f[w: Int = 4](owned x: Int, *args: Int) raises -> Int:\n"
        "    let y = x ^ 2\n"
        "    return p.load[width=w](y)\n"
    )
    r = parse(src)
    assert r.diagnostics == []
    kinds = [type(s).__name__ for s in r.module.body]
    assert kinds == ["AliasDef", "StructDef", "TraitDef", "FnDef"]
    fn = r.module.body[3]
    assert fn.raises and fn.params[0].convention == "owned" and fn.params[1].kind == "vararg"
    assert isinstance(fn.body[0].value, ast.BinOp)       # `x ^ 2` stays xor
    assert isinstance(fn.body[1].value.func, nodes.ParamSubscript)


def test_soft_keywords_as_names():
    src = ("fn = open(p)\ndef f(var, inout):\n    var.x = 1\n    let[0] = 3\n"
           "match = re.match(x)\ncase = 1\nalias = 2\nstruct = trait = 3\n")
    r = parse(src)
    assert r.diagnostics == []
    assert ast.dump(r.module, include_attributes=True) == ast.dump(
        ast.parse(src), include_attributes=True)
