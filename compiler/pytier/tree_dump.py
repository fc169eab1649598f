"""`ast.dump`'s exact text, written in time proportional to its length.

`ast.dump` builds each node's text from its children's finished strings, so
a tree `depth` levels deep is copied `depth` times over: `kiln ast` of a
350-term sum took 8 s (indented, the text itself grows as depth squared) and
a 2,500-term one did not finish. This writer emits fragments in order and
joins them once. It prints what `ast.dump(node, include_attributes=...,
indent=...)` prints, character for character (the tests compare them).

`ast.dump`'s layout rule, which this follows: a node is written on one line
when it has at most three fields to show and each is "simple" (a scalar, an
empty list, or a node with nothing to show); otherwise one field per line.
Whether a value is simple is known without formatting it, which is what lets
the writer decide a node's layout before writing its children.
"""
from __future__ import annotations

import ast
from typing import Callable

from .recursion import deep_walks

_MISSING = object()


def dump(node: ast.AST, *, include_attributes: bool = False, indent: int | str | None = None) -> str:
    parts: list[str] = []
    with deep_walks():
        _Writer(parts.append, include_attributes, indent).value(node, 0)
    return "".join(parts)


class _Writer:
    def __init__(self, write: Callable[[str], object], include_attributes: bool, indent: int | str | None):
        self.write = write
        self.include_attributes = include_attributes
        self.indent = " " * indent if isinstance(indent, int) else indent

    def value(self, value: object, level: int) -> None:
        """Write `value` as `ast.dump`'s `_format(value, level)` would."""
        if isinstance(value, ast.AST):
            self.node(value, level + 1)
        elif isinstance(value, list):
            self.items(value, level + 1)
        else:
            self.write(repr(value))

    def node(self, node: ast.AST, level: int) -> None:
        shown = self.shown(node)
        self.write(type(node).__name__ + "(")
        if len(shown) <= 3 and all(_is_simple(self.shown, v) for _, v in shown):
            for i, (name, v) in enumerate(shown):
                self.write(f"{', ' if i else ''}{name}=")
                self.value(v, level)
        else:
            prefix, sep = self.separators(level)
            self.write(prefix)
            for i, (name, v) in enumerate(shown):
                self.write(f"{sep if i else ''}{name}=")
                self.value(v, level)
        self.write(")")

    def items(self, items: list, level: int) -> None:
        if not items:
            self.write("[]")
            return
        prefix, sep = self.separators(level)
        self.write("[" + prefix)
        for i, item in enumerate(items):
            if i:
                self.write(sep)
            self.value(item, level)
        self.write("]")

    def separators(self, level: int) -> tuple[str, str]:
        if self.indent is None:
            return "", ", "
        return "\n" + self.indent * level, ",\n" + self.indent * level

    def shown(self, node: ast.AST) -> list[tuple[str, object]]:
        """The (name, value) pairs `ast.dump` shows for `node`: fields, then
        attributes, leaving out missing ones and Nones that are the default."""
        cls = type(node)
        names = list(node._fields)
        if self.include_attributes:
            names.extend(node._attributes)
        pairs = []
        for name in names:
            v = getattr(node, name, _MISSING)
            if v is _MISSING or (v is None and getattr(cls, name, ...) is None):
                continue
            pairs.append((name, v))
        return pairs


def _is_simple(shown: Callable[[ast.AST], list], value: object) -> bool:
    if isinstance(value, ast.AST):
        return not shown(value)
    if isinstance(value, list):
        return not value
    return True
