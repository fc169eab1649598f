"""Which function, and which tier, a line of a `.kiln` file belongs to.

A frame in a `.kiln` file comes either from a Python code object (a `def`,
a class body, top-level code) or from DWARF (an `fn`, a struct method); the
engine does not say which. The source does: the innermost `fn`/`def`
enclosing the line decides, because an `fn` body never runs in CPython and
a `def` body is never compiled. The index also knows every compiled
function's dotted name (`spread.work`, `Matrix.load`: the names the DWARF
uses) for frames whose line is unknown, and the text of each line for the
reports.
"""
from __future__ import annotations

import ast
import bisect
from dataclasses import dataclass
from typing import Iterator

from .model import Tier


@dataclass(frozen=True)
class FunctionSpan:
    qualname: str        # dotted, as DWARF names compiled functions: `Matrix.load`
    start: int           # the line of `fn`/`def` (decorators excluded)
    end: int
    tier: Tier


class SourceIndex:
    def __init__(self, path: str, text: str, spans: list[FunctionSpan]):
        self.path = path
        self.lines = text.splitlines()
        self.spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self.spans]
        self._compiled = {s.qualname: s for s in self.spans if s.tier is Tier.COMPILED}

    def function_at(self, line: int) -> FunctionSpan | None:
        """The innermost function whose lines include `line`."""
        best = None
        for span in self.spans[:bisect.bisect_right(self._starts, line)]:
            if span.start <= line <= span.end:
                best = span      # later starts are nested deeper
        return best

    def tier_at(self, line: int) -> Tier:
        span = self.function_at(line)
        return span.tier if span is not None else Tier.PYTHON

    def compiled(self, qualname: str) -> FunctionSpan | None:
        """A compiled function by its DWARF name (also a bare method or
        closure name when it is unique)."""
        found = self._compiled.get(qualname)
        if found is not None:
            return found
        tails = [s for s in self._compiled.values() if s.qualname.rsplit(".", 1)[-1] == qualname]
        return tails[0] if len(tails) == 1 else None

    def text(self, line: int) -> str:
        return self.lines[line - 1].strip() if 0 < line <= len(self.lines) else ""


def index_source(path: str, text: str) -> SourceIndex:
    """Index a `.kiln` file (Kiln's parser) or a `.py` file (CPython's)."""
    from kiln.compiler.syntax.nodes import FnDef

    tree = _parse_python(text, path) if path.endswith(".py") else _parse_kiln(text, path)
    spans = [FunctionSpan(name, node.lineno, node.end_lineno or node.lineno,
                          Tier.COMPILED if isinstance(node, FnDef) else Tier.PYTHON)
             for node, name in _functions(tree, "")]
    return SourceIndex(path, text, spans)


def _parse_kiln(text: str, path: str) -> ast.Module:
    from kiln.compiler.syntax.parser import parse
    return parse(text, path).module


def _parse_python(text: str, path: str) -> ast.Module:
    try:
        return ast.parse(text, path)
    except (SyntaxError, ValueError):
        return ast.Module([], [])


def _functions(node: ast.AST, prefix: str) -> Iterator[tuple[ast.AST, str]]:
    from kiln.compiler.syntax.nodes import FnDef, StructDef, TraitDef
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, FnDef)):
            qualname = prefix + child.name
            yield child, qualname
            # CPython's qualnames say `<locals>` where DWARF says nothing.
            yield from _functions(child, qualname + ("." if isinstance(child, FnDef) else ".<locals>."))
        elif isinstance(child, (ast.ClassDef, StructDef, TraitDef)):
            yield from _functions(child, prefix + child.name + ".")
        else:
            yield from _functions(child, prefix)


class SourceCache:
    """Indexes of the `.kiln` and `.py` files a profile touches, each read and
    parsed once."""

    def __init__(self):
        self._indexes: dict[str, SourceIndex | None] = {}

    def get(self, path: str) -> SourceIndex | None:
        if path not in self._indexes:
            self._indexes[path] = _read_index(path) if path.endswith((".kiln", ".py")) else None
        return self._indexes[path]

    def add(self, index: SourceIndex) -> None:
        self._indexes[index.path] = index

    def text(self, path: str, line: int) -> str:
        index = self.get(path)
        return index.text(line) if index is not None else ""

    def declaration(self, function: str, path: str, tier: Tier) -> int:
        """The line of `fn`/`def` of a profiled function; 0 if unknown."""
        index = self.get(path)
        if index is None:
            return 0
        for span in index.spans:
            if span.tier is tier and span.qualname == function:
                return span.start
        return 0


def _read_index(path: str) -> SourceIndex | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return index_source(path, fh.read())
    except OSError:
        return None
