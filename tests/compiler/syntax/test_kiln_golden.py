"""Kiln syntax -> expected tree dumps (positions and `name_span`s included).

Inputs are golden/*.kiln; expectations are the .expected files beside them.
`KILN_UPDATE_GOLDEN=1 pytest tests/compiler/syntax/test_kiln_golden.py`
rewrites the expectations from the current parser (review the diff!).
"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from kiln.compiler.syntax import nodes
from kiln.compiler.syntax.parser import parse

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(GOLDEN.glob("*.kiln"))


def dump(src: str) -> str:
    result = parse(src, "golden.kiln")
    lines = [ast.dump(result.module, indent=1, include_attributes=True)]
    for node in ast.walk(result.module):
        span = getattr(node, "name_span", None)
        if span is not None:
            name = getattr(node, "name", None) or getattr(node, "arg", None)
            lines.append(f"name_span {type(node).__name__} {name}: {span}")
    for d in result.diagnostics:
        start = result.source.position(d.span.start)
        end = result.source.position(d.span.end)
        lines.append(f"{d.code} {start.line}:{start.col}-{end.line}:{end.col} {d.message}")
    return "\n".join(lines) + "\n"


def check(src: str, expected: Path) -> None:
    got = dump(src)
    if os.environ.get("KILN_UPDATE_GOLDEN"):
        expected.write_text(got)
    assert expected.exists(), "no expectation yet: run with KILN_UPDATE_GOLDEN=1"
    assert got == expected.read_text()


@pytest.mark.parametrize("path", INPUTS, ids=[p.stem for p in INPUTS])
def test_golden(path):
    check(path.read_text(), path.with_suffix(".expected"))


def test_kiln_nodes_are_ast_nodes():
    tree = parse((GOLDEN / "struct_trait_alias.kiln").read_text()).module
    found = {type(n) for n in ast.walk(tree)}
    assert {nodes.StructDef, nodes.TraitDef, nodes.AliasDef, nodes.FnDef,
            nodes.VarDecl, nodes.Param} <= found
