"""The `.kiln` modules a file's import statements name, found the way the
import hook will find them at run time (module_locator.py).

Import statements are first reduced to `ImportRequest` values (no tree needed
afterwards), so a cached program check can re-resolve them against the file
system of today without parsing anything (code_cache.py).
"""
from __future__ import annotations

import ast
import os
from dataclasses import dataclass
from typing import Iterator, Sequence

from .module_locator import ModuleLocation, find_in_dir, find_top_level


@dataclass(frozen=True)
class ImportRequest:
    """`import a.b` -> ("a.b", 0, (), False); `from ..p import x` -> ("p", 2, ("x",), True)."""

    module: str
    level: int
    names: tuple[str, ...]
    is_from: bool


def import_requests(tree: ast.Module) -> list[ImportRequest]:
    requests = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            requests.extend(ImportRequest(a.name, 0, (), False) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            requests.append(ImportRequest(node.module or "", node.level,
                                          tuple(a.name for a in node.names), True))
    return requests


def resolve(request: ImportRequest, importer: str, *, scan_sys_path: bool) -> list[ModuleLocation]:
    """Every `.kiln` file the statement would load: packages on the way, the
    module, and for `from pkg import sub` the submodules among the names."""
    parts = request.module.split(".") if request.module else []
    if request.level == 0:
        chain = list(_absolute(parts, importer, scan_sys_path))
        last = chain[-1] if len(chain) == len(parts) else None
        package_dir = last.package_dir if last is not None else None
    else:
        chain, package_dir = _relative(parts, request.level, importer)
    if request.is_from and package_dir is not None:
        chain.extend(sub for sub in (find_in_dir(package_dir, n) for n in request.names) if sub)
    return chain


def _absolute(parts: Sequence[str], importer: str, scan_sys_path: bool) -> Iterator[ModuleLocation]:
    # The compiled stdlib is not followed: the semantic model knows it itself.
    location = find_top_level(parts[0], importer, scan_sys_path=scan_sys_path)
    for part in parts[1:]:
        if location is None:
            return
        yield location
        location = find_in_dir(location.package_dir, part) if location.is_package else None
    if location is not None:
        yield location


def _relative(parts: Sequence[str], level: int, importer: str):
    package_dir: str | None = os.path.dirname(os.path.abspath(importer))
    for _ in range(level - 1):
        package_dir = os.path.dirname(package_dir)
    chain: list[ModuleLocation] = []
    for part in parts:
        location = find_in_dir(package_dir, part) if package_dir else None
        if location is None:
            return chain, None
        chain.append(location)
        package_dir = location.package_dir
    return chain, package_dir
