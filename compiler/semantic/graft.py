"""Keeping a declaration's node objects across an edit inside its bodies.

The analysis keys what it knows about a declaration by its syntax nodes
(`ModuleDecls.by_node`, `Symbol.node`, `FnDecl.node`, parameters' nodes). When
an edit changes only the statements inside `fn` bodies of a top-level `fn` or
`struct`, the re-parsed statement has the same *skeleton* as before: the same
names, parameters, annotations, decorators, fields, method headers and
docstrings, at maybe other positions. `same_skeleton` checks that;
`graft` then moves the new positions and the new bodies into the old nodes,
so that everything keyed by them stays valid and only the bodies need a new
check.
"""
from __future__ import annotations

import ast

from ..syntax import nodes as K
from .decls import docstring

_POSITIONS = ("lineno", "col_offset", "end_lineno", "end_col_offset")
# Declarations a body may introduce: they would need their own bookkeeping
# (overload groups, nested scopes), so bodies holding one are not grafted.
_NESTED_DECLS = (K.FnDef, K.StructDef, K.TraitDef, K.AliasDef)


def same_skeleton(old: ast.AST, new: ast.AST, editable: ast.AST | None = None) -> bool:
    """Do `old` and `new` differ only inside `fn` bodies (docstrings aside),
    and do those bodies declare nothing? With `editable` (a Python `def`
    within `old`): only inside that def's body, which must be self-contained
    (py_bodies.self_contained)."""
    from .py_bodies import self_contained
    stack = [(old, new)]
    while stack:
        a, b = stack.pop()
        if type(a) is not type(b):
            return False
        for name in a._fields:
            x, y = getattr(a, name, None), getattr(b, name, None)
            if name == "body" and editable is None and isinstance(a, K.FnDef):
                if docstring(x) != docstring(y) or _declares(x) or _declares(y):
                    return False
                continue
            if name == "body" and a is editable:
                if docstring(x) != docstring(y) or not self_contained(x) or not self_contained(y):
                    return False
                continue
            if isinstance(x, ast.AST):
                stack.append((x, y))
            elif isinstance(x, list):
                if not isinstance(y, list) or len(x) != len(y):
                    return False
                for i, item in enumerate(x):
                    if isinstance(item, ast.AST):
                        stack.append((item, y[i]))
                    elif item != y[i] or type(item) is not type(y[i]):
                        return False
            elif x != y or type(x) is not type(y):     # 1 == True == 1.0
                return False
    return True


def fn_defs(stmt: ast.AST) -> list[K.FnDef]:
    """The `fn`s whose bodies belong to top-level statement `stmt`."""
    if isinstance(stmt, K.FnDef):
        return [stmt]
    if isinstance(stmt, K.StructDef):
        return [m for m in stmt.body if isinstance(m, K.FnDef)]
    return []


def graft(old: ast.AST, new: ast.AST, editable: ast.AST | None = None) -> None:
    """Give `old` (same skeleton as `new`) the positions and the `fn` bodies
    of `new` (with `editable`: that def's body, every other node keeps its
    identity)."""
    stack = [(old, new)]
    while stack:
        a, b = stack.pop()
        for attr in _POSITIONS:
            if hasattr(b, attr):
                setattr(a, attr, getattr(b, attr))
        if hasattr(b, "name_span"):
            a.name_span = b.name_span
        for name in a._fields:
            x = getattr(a, name, None)
            if name == "body" and (a is editable if editable is not None else isinstance(a, K.FnDef)):
                a.body = b.body
            elif isinstance(x, ast.AST):
                stack.append((x, getattr(b, name)))
            elif isinstance(x, list):
                stack.extend((item, other) for item, other in zip(x, getattr(b, name))
                             if isinstance(item, ast.AST))


def _declares(body: list[ast.stmt]) -> bool:
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, _NESTED_DECLS):
                return True
    return False


__all__ = ["same_skeleton", "graft", "fn_defs"]
