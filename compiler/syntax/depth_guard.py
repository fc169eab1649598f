"""Statements whose expression trees nest deeper than CPython's parser allows.

CPython's parser gives up ("too complex") at about 3,000 levels (`a+a+...`,
`-------x`, `f()()()...`); a tree that deep also breaks every recursive
visitor downstream. Such a statement needs more tokens than levels, so only
statements on logical lines the indenter flagged as that long are measured,
without recursion, and replaced by an `ErrorStmt`.
"""
from __future__ import annotations

import ast

from . import nodes
from .build_base import Problem

MAX_DEPTH = 3000
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def guard(module: ast.Module, long_lines: list[int], problems: list[Problem]) -> None:
    lines = set(long_lines)
    pending = [module.body]
    while pending:
        body = pending.pop()
        for k, stmt in enumerate(body):
            if not isinstance(stmt, (ast.stmt, ast.excepthandler, ast.match_case)):
                continue
            for field in _BODIES:
                inner = getattr(stmt, field, None)
                if isinstance(inner, list):
                    pending.append(inner)
            if not isinstance(stmt, ast.stmt) or not _touches(stmt, lines):
                continue
            if _depth_exceeds(stmt, MAX_DEPTH) and not _has_nested_statements(stmt):
                problems.append(Problem(stmt.lineno, stmt.col_offset, stmt.lineno,
                                        stmt.col_offset, "expression too deeply nested "
                                        f"(more than {MAX_DEPTH} levels)", "K0011",
                                        "split it into several statements"))
                err = nodes.ErrorStmt(_bound_names(stmt))
                err.lineno, err.col_offset = stmt.lineno, stmt.col_offset
                err.end_lineno, err.end_col_offset = stmt.end_lineno, stmt.end_col_offset
                body[k] = err


def _bound_names(stmt: ast.stmt) -> list[ast.Name]:
    """The plain names the replaced statement assigns (kept bound)."""
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign, nodes.VarDecl)):
        targets = [stmt.target]
    else:
        return []
    return [n for t in targets if isinstance(t, (ast.Name, ast.Tuple, ast.List))
            for n in ast.walk(t) if isinstance(n, ast.Name)]


def _touches(stmt: ast.stmt, lines: set[int]) -> bool:
    return any(stmt.lineno <= line <= (stmt.end_lineno or stmt.lineno) for line in lines)


def _has_nested_statements(stmt: ast.stmt) -> bool:
    return any(isinstance(getattr(stmt, f, None), list) and getattr(stmt, f)
               for f in _BODIES)


def _depth_exceeds(root: ast.AST, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return False
