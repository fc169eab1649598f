"""Warnings CPython's compiler emits (`SyntaxWarning: "is" with a literal`),
kept as values so a module served from the cache warns exactly like one
compiled now: `python3 prog.py` compiles (and warns) on every run.
"""
from __future__ import annotations

import ast
import builtins
import types
import warnings
from dataclasses import dataclass

from .recursion import cpython_compile_limit


@dataclass(frozen=True)
class CompileWarning:
    category: str       # a builtin warning class name, e.g. "SyntaxWarning"
    message: str
    lineno: int


def compile_recording(tree: ast.Module, filename: str) -> tuple[types.CodeType, tuple[CompileWarning, ...]]:
    """`compile()` with its warnings captured instead of shown (replay shows them)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # dont_inherit: Kiln's own `from __future__` imports must not leak into user code.
        with cpython_compile_limit():
            code = compile(tree, filename, "exec", dont_inherit=True)
    recorded = tuple(CompileWarning(w.category.__name__, str(w.message), w.lineno or 0)
                     for w in caught if getattr(builtins, w.category.__name__, None) is w.category)
    return code, recorded


def replay(recorded: tuple[CompileWarning, ...], filename: str) -> None:
    """Issue the warnings the way CPython's compiler does (module derived from
    the file name, no registry), so the user's warning filters apply."""
    for item in recorded:
        category = getattr(builtins, item.category, None)
        if isinstance(category, type) and issubclass(category, Warning):
            warnings.warn_explicit(item.message, category, filename, item.lineno)
