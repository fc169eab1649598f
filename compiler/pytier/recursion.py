"""Recursion limits around the Python tier's tree walks.

Expressions nest as deep as the user writes them: a 2,000-term sum is a
2,000-deep tree, which CPython itself parses and compiles. The lowering and
`ast.dump` recurse once or twice per level in pure Python calls, which
CPython 3.11 runs without growing the C stack, so they get a high limit
(`deep_walks`).

`compile()` of a tree is C code whose recursion guards follow the
interpreter's limit: converting the tree counts one level per node depth
against the limit itself, validating it and building its symbol table count
three per level against 3x the limit. From source text, python3 skips the
conversion, so its only guard is the symbol table's: about 3,000 levels at
the default limit of 1,000. `cpython_compile_limit` sets the limit to 3,000
around `compile()`, so a tree compiles as deep as python3 compiles the same
text, and no deeper (the C stack is what those guards protect; the parser
stops at 3,000 levels as well, K0011).
"""
from __future__ import annotations

import contextlib
import sys
from typing import Iterator

DEEP_WALK_LIMIT = 30_000
COMPILE_LIMIT = 3_000


@contextlib.contextmanager
def deep_walks() -> Iterator[None]:
    limit = sys.getrecursionlimit()
    if limit < DEEP_WALK_LIMIT:
        sys.setrecursionlimit(DEEP_WALK_LIMIT)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


@contextlib.contextmanager
def cpython_compile_limit() -> Iterator[None]:
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(COMPILE_LIMIT)
    except RecursionError:  # already deeper than that: keep the current limit
        pass
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)
