"""Whether `kiln run` calls `main()` after a module's top level.

Yes when the module defines `def main()` / `async def main()` / `fn main()`
at its top level, unless it has its own `if __name__ == "__main__":` block:
then it runs exactly as under `python3` (which would otherwise call main()
twice).
"""
from __future__ import annotations

import ast

from ..syntax import nodes as k


def defines_main(tree: ast.Module) -> bool:
    """A top-level `def main`/`fn main`, and no `if __name__ == "__main__":` block."""
    return main_definition(tree) is not None


def main_definition(tree: ast.Module) -> ast.stmt | None:
    """The top-level statement that defines the `main` Kiln calls (the last
    one, as at run time the last binding wins), or None when Kiln calls none."""
    if any(_is_main_guard(s) for s in tree.body):
        return None
    found = [s for s in tree.body
             if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, k.FnDef)) and s.name == "main"]
    return found[-1] if found else None


def _is_main_guard(stmt: ast.stmt) -> bool:
    if not isinstance(stmt, ast.If) or not isinstance(stmt.test, ast.Compare):
        return False
    test = stmt.test
    if len(test.ops) != 1 or not isinstance(test.ops[0], (ast.Eq, ast.Is)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(consts) == 1
