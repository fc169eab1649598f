"""Which tier runs a line of a `.kiln` file: lines inside an `fn` (also a
struct's methods and nested `@parameter fn`s) are compiled code, where gdb
stops; every other line is Python, where debugpy stops. Lines inside a
struct or trait body but outside its methods hold no code at all."""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from enum import Enum


class Tier(Enum):
    PYTHON = "python"
    NATIVE = "native"
    NONE = "none"


@dataclass(frozen=True)
class LineTier:
    tier: Tier
    function: str = ""          # the fn holding the line (native lines)
    reason: str = ""            # why a line has no code


@dataclass(frozen=True)
class _Range:
    first: int
    last: int
    tier: Tier
    name: str                   # the fn's name, or (Tier.NONE) why the lines hold no code


class FileTiers:
    def __init__(self, line_count: int, ranges: list[_Range], top_level_fns: tuple[str, ...] = (),
                 empty_lines: frozenset[int] = frozenset()):
        self.line_count = line_count
        self._ranges = ranges         # innermost ranges come after the ones enclosing them
        self.top_level_fns = top_level_fns      # what Python code can call across the bridge
        self._empty_lines = empty_lines         # blank or comment-only

    def is_fn_header(self, line: int) -> bool:
        """The `fn` line itself, whose code stores the arguments."""
        return any(r.tier is Tier.NATIVE and r.first == line for r in self._ranges)

    def of(self, line: int) -> LineTier:
        if line < 1 or line > self.line_count:
            return LineTier(Tier.NONE, reason=f"line {line} is outside the file ({self.line_count} lines)")
        if line in self._empty_lines:
            return LineTier(Tier.NONE, reason="no code on this line (it is blank or a comment)")
        found = None
        for r in self._ranges:
            if r.first <= line <= r.last:
                found = r
        if found is None:
            return LineTier(Tier.PYTHON)
        if found.tier is Tier.NONE:
            return LineTier(Tier.NONE, reason=f"no code on this line: {found.name}")
        return LineTier(found.tier, function=found.name)


def tiers_of_text(text: str, path: str) -> FileTiers:
    line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    if not path.endswith(".kiln"):
        return FileTiers(line_count, [])
    from kiln.compiler.syntax import nodes
    from kiln.compiler.syntax.parser import parse

    ranges: list[_Range] = []

    def visit(node, inside_fn: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, nodes.FnDef) and isinstance(node, nodes.TraitDef):
                continue          # a requirement, not code: the trait's range covers it
            if isinstance(child, nodes.FnDef):
                ranges.append(_Range(child.lineno, child.end_lineno or child.lineno, Tier.NATIVE, child.name))
                visit(child, True)
            elif isinstance(child, (nodes.StructDef, nodes.TraitDef)) and not inside_fn:
                why = (f"it is inside struct {child.name}, outside its methods"
                       if isinstance(child, nodes.StructDef) else f"trait {child.name} only declares methods")
                # its first line binds the name in the Python tier
                ranges.append(_Range(child.lineno + 1, child.end_lineno or child.lineno, Tier.NONE, why))
                visit(child, False)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                ranges.append(_Range(child.lineno, child.end_lineno or child.lineno, Tier.PYTHON, ""))
                visit(child, False)
            else:
                visit(child, inside_fn)

    module = parse(text, path).module
    visit(module, False)
    top_level = tuple(node.name for node in module.body if isinstance(node, nodes.FnDef))
    empty = frozenset(number for number, line in enumerate(text.splitlines(), start=1)
                      if not line.strip() or line.lstrip().startswith("#"))
    return FileTiers(line_count, ranges, top_level, empty)


class TierCache:
    """Tiers per file, parsed again when the file changes on disk."""

    def __init__(self):
        self._cache: dict[str, tuple[float, FileTiers]] = {}

    def of_file(self, path: str) -> FileTiers | None:
        try:
            stamp = os.stat(path).st_mtime
        except OSError:
            return None
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
        except OSError:
            return None
        tiers = tiers_of_text(text, path)
        self._cache[path] = (stamp, tiers)
        return tiers
