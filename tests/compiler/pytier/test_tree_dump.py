"""tree_dump.dump prints exactly what ast.dump prints, for any tree."""
from __future__ import annotations

import ast
import os
import pathlib
import sysconfig
import time

import pytest

from kiln.compiler.pytier.tree_dump import dump
from kiln.compiler.syntax.parser import parse

STYLES = [{}, {"indent": 2}, {"include_attributes": True}, {"include_attributes": True, "indent": 2},
          {"indent": "\t"}, {"indent": 0}]
EXAMPLES = pathlib.Path(__file__).resolve().parents[3] / "examples"


def check(tree: ast.AST) -> None:
    for style in STYLES:
        assert dump(tree, **style) == ast.dump(tree, **style), style


@pytest.mark.parametrize("name", ["ast.py", "dataclasses.py", "argparse.py", "typing.py"])
def test_stdlib_modules(name):
    path = os.path.join(sysconfig.get_paths()["stdlib"], name)
    check(ast.parse(pathlib.Path(path).read_text("utf-8")))


def test_kiln_trees_with_kiln_nodes():
    for path in sorted(EXAMPLES.rglob("*.kiln")):
        check(parse(path.read_text("utf-8"), str(path)).module)


def test_odd_values():
    tree = ast.parse("x = (1, b'\\x00', ..., None, 1j, 'é')\ndel a[1:2]\n")
    tree.body.append(ast.Pass())  # a node without positions
    check(tree)


def test_deep_tree_in_linear_time():
    text = "x = " + " + ".join(f"a{i}" for i in range(2500))
    tree = ast.parse(text)
    started = time.process_time()
    text_dump = dump(tree, indent=2, include_attributes=True)
    assert time.process_time() - started < 20  # ast.dump itself takes minutes here
    assert text_dump.count("BinOp(") == 2499 and text_dump.endswith("type_ignores=[])")
    assert f"end_col_offset={len(text)})" in text_dump
