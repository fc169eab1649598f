"""Building Kiln nodes by hand, with positions, for tests that must not depend
on the parser: `at(node, line, col, end_col)` fills the four attributes."""
from __future__ import annotations

import ast

from kiln.compiler.syntax import nodes as k


def at(node, line: int, col: int, end_col: int, end_line: int | None = None):
    node.lineno, node.col_offset = line, col
    node.end_lineno, node.end_col_offset = end_line or line, end_col
    return node


def name(ident: str, line: int, col: int, store: bool = False) -> ast.Name:
    return at(ast.Name(ident, ast.Store() if store else ast.Load()), line, col, col + len(ident))


def const(value, line: int, col: int, end_col: int) -> ast.Constant:
    return at(ast.Constant(value), line, col, end_col)


def fn(ident: str, line: int, end_line: int | None = None) -> k.FnDef:
    body = [at(ast.Pass(), line, 4, 8)]
    return at(k.FnDef(name=ident, comptime_params=[], params=[], returns=None, raises=False,
                      body=body, decorator_list=[]), line, 0, 8, end_line)


def struct(ident: str, line: int) -> k.StructDef:
    return at(k.StructDef(name=ident, comptime_params=[], bases=[],
                          body=[at(ast.Pass(), line, 4, 8)], decorator_list=[]), line, 0, 8)


def module(*body: ast.stmt) -> ast.Module:
    return ast.Module(list(body), [])
