"""The `.kiln` sources a module's compiled code depends on, found without
type-checking: the module itself and, transitively, every `.kiln` module it
imports from its directory or the search path (`KILN_PATH`). The compiled
standard library is covered by the compiler fingerprint (cache.py).

This is what lets a warm `kiln run` find its cached shared object without
building the typed model."""
from __future__ import annotations

import ast
import os

from ..syntax.parser import parse


def _imported_names(tree: ast.Module) -> list[tuple[str, int]]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.append((node.module, node.level or 0))
        elif isinstance(node, ast.ImportFrom):
            names.extend((alias.name, node.level or 0) for alias in node.names)
    return names


def _find(name: str, level: int, importer: str, search_path: tuple[str, ...]) -> str | None:
    parts = name.split(".")
    if level:
        base = os.path.dirname(importer)
        for _ in range(level - 1):
            base = os.path.dirname(base)
        dirs: tuple[str, ...] = (base,)
    else:
        dirs = (os.path.dirname(importer), *search_path)
    for d in dirs:
        candidate = os.path.join(d, *parts) + ".kiln"
        if os.path.isfile(candidate):
            return os.path.abspath(candidate)
        package = os.path.join(d, *parts, "__init__.kiln")
        if os.path.isfile(package):
            return os.path.abspath(package)
    return None


def kiln_sources(path: str, text: str, search_path: tuple[str, ...] = (),
                 tree: ast.Module | None = None) -> dict[str, str]:
    """{absolute path: text} of the module and the `.kiln` modules it reaches."""
    path = os.path.abspath(path)
    sources = {path: text}
    pending = [(path, tree if tree is not None else parse(text, path).module)]
    while pending:
        importer, module_tree = pending.pop()
        for name, level in _imported_names(module_tree):
            found = _find(name, level, importer, search_path)
            if found is None or found in sources:
                continue
            try:
                with open(found, encoding="utf-8") as f:
                    sources[found] = f.read()
            except (OSError, UnicodeDecodeError):
                continue
            pending.append((found, parse(sources[found], found).module))
    return sources
