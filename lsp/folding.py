"""Folding ranges from the syntax tree the compiler built.

Blocks fold from their header line to their last line (each `elif`, `else`,
`except` and `finally` separately, as editors show them), and so do
multi-line brackets and strings, runs of imports and runs of comment lines.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Iterator

from kiln.compiler.syntax import nodes
from kiln.compiler.syntax.source import SourceFile

_BLOCKS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.With, ast.AsyncWith,
           ast.match_case, nodes.FnDef, nodes.StructDef, nodes.TraitDef, nodes.CompileTime)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_BRACKETED = (ast.Call, ast.List, ast.Tuple, ast.Dict, ast.Set, ast.ListComp, ast.SetComp,
              ast.DictComp, ast.GeneratorExp, ast.Constant, ast.JoinedStr)


@dataclass(frozen=True, slots=True)
class Fold:
    """Lines are 1-based, as in the tree; `kind` is None, "imports" or "comment"."""

    start: int
    end: int
    kind: str | None = None


def folds(module: ast.Module, source: SourceFile) -> list[Fold]:
    found = {(f.start, f.end): f for f in _walk(module, source) if f.end > f.start}
    found.update({(f.start, f.end): f for f in _import_runs(module.body)})
    found.update({(f.start, f.end): f for f in _comment_runs(source, _string_lines(module))})
    return sorted(found.values(), key=lambda f: (f.start, f.end))


def _walk(tree: ast.AST, source: SourceFile) -> Iterator[Fold]:
    for node in ast.walk(tree):
        if isinstance(node, _BLOCKS) or isinstance(node, ast.Try | ast.TryStar):
            yield from _block(node, source)
        elif isinstance(node, _LOOPS) or isinstance(node, ast.If):
            yield from _block(node, source)
        elif isinstance(node, _BRACKETED) and hasattr(node, "end_lineno"):
            yield Fold(node.lineno, node.end_lineno)
        elif isinstance(node, ast.Match):
            yield Fold(node.lineno, node.end_lineno)


def _block(node: ast.AST, source: SourceFile) -> Iterator[Fold]:
    body = getattr(node, "body", None) or []
    if body and hasattr(node, "lineno"):
        yield Fold(_header_line(node), _last_line(body))
    elif hasattr(node, "end_lineno") and node.end_lineno:
        yield Fold(_header_line(node), node.end_lineno)
    for handler in getattr(node, "handlers", []):
        if handler.body:
            yield Fold(handler.lineno, _last_line(handler.body))
    orelse = getattr(node, "orelse", None) or []
    if orelse and not (len(orelse) == 1 and isinstance(orelse[0], ast.If)
                       and _is_elif(orelse[0], source)):
        yield Fold(_keyword_line_before(orelse[0], source, "else"), _last_line(orelse))
    final = getattr(node, "finalbody", None) or []
    if final:
        yield Fold(_keyword_line_before(final[0], source, "finally"), _last_line(final))


def _header_line(node: ast.AST) -> int:
    if isinstance(node, ast.match_case):
        return node.pattern.lineno
    return node.lineno


def _last_line(body: list[ast.AST]) -> int:
    last = body[-1]
    return getattr(last, "end_lineno", None) or getattr(last, "lineno", 1)


def _is_elif(node: ast.If, source: SourceFile) -> bool:
    return source.line_text(node.lineno).lstrip().startswith("elif")


def _keyword_line_before(first: ast.AST, source: SourceFile, keyword: str) -> int:
    """The line of the `else:`/`finally:` that introduces `first` (the tree
    has no node for the keyword itself)."""
    line = first.lineno
    while line > 1:
        text = source.line_text(line).lstrip()
        if text.startswith(keyword):
            return line
        if line < first.lineno and text and not text.startswith("#"):
            break
        line -= 1
    return first.lineno


def _import_runs(body: list[ast.stmt]) -> Iterator[Fold]:
    run: list[ast.stmt] = []
    for stmt in [*body, None]:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            run.append(stmt)
            continue
        if len(run) > 1:
            yield Fold(run[0].lineno, run[-1].end_lineno, "imports")
        run = []


def _string_lines(module: ast.Module) -> set[int]:
    """Lines inside multi-line strings: a `#` there is not a comment."""
    lines: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and getattr(node, "end_lineno", None):
            if node.end_lineno > node.lineno:
                lines.update(range(node.lineno + 1, node.end_lineno + 1))
    return lines


def _comment_runs(source: SourceFile, in_strings: set[int]) -> Iterator[Fold]:
    start = None
    for line in range(1, source.line_count + 2):
        is_comment = (line <= source.line_count and line not in in_strings
                      and source.line_text(line).lstrip().startswith("#"))
        if is_comment and start is None:
            start = line
        elif not is_comment and start is not None:
            if line - 1 > start:
                yield Fold(start, line - 1, "comment")
            start = None
