"""Where `import name` finds a `.kiln` module.

For an import written in a `.kiln` file the search order is (language.md
section 10): the importing file's own directory, then each directory of
`KILN_PATH`; when the import hook is on (always under `kiln run`, opt-in for
plain Python), then `sys.path` in order, where a `.kiln` module competes with
Python modules like one more source suffix (in one directory `x.kiln` wins over
`x.py`; an earlier directory wins over a later one). Last of all, when nothing
else provides the name, the compiled standard library (`compiler/stdlib`),
so `from algorithm import vectorize` works while `import math` stays
Python's `math` for Python-tier code.

Within one directory a package (`name/__init__.kiln`) wins over a module
(`name.kiln`), as in CPython's FileFinder.
"""
from __future__ import annotations

import importlib.machinery
import os
import sys
from dataclasses import dataclass
from typing import Iterable, Sequence

KILN_SUFFIX = ".kiln"
STDLIB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stdlib")

_PY_SUFFIXES = tuple(importlib.machinery.all_suffixes())


@dataclass(frozen=True)
class ModuleLocation:
    path: str               # absolute path of name.kiln or name/__init__.kiln
    is_package: bool

    @property
    def package_dir(self) -> str | None:
        return os.path.dirname(self.path) if self.is_package else None


def kiln_path() -> tuple[str, ...]:
    """The KILN_PATH directories, absolute, empty entries dropped."""
    raw = os.environ.get("KILN_PATH", "")
    return tuple(os.path.abspath(p) for p in raw.split(os.pathsep) if p)


def find_in_dir(directory: str, tail: str) -> ModuleLocation | None:
    """`tail` (the last part of a dotted name) as a Kiln package or module in `directory`."""
    package_init = os.path.join(directory, tail, "__init__" + KILN_SUFFIX)
    if os.path.isfile(package_init):
        return ModuleLocation(os.path.abspath(package_init), True)
    module = os.path.join(directory, tail + KILN_SUFFIX)
    if os.path.isfile(module):
        return ModuleLocation(os.path.abspath(module), False)
    return None


def find_in_dirs(directories: Iterable[str], tail: str) -> ModuleLocation | None:
    for directory in directories:
        found = find_in_dir(directory, tail)
        if found is not None:
            return found
    return None


def has_python_module(directory: str, tail: str) -> bool:
    """Would CPython's path finder import `tail` from `directory` as a regular
    module or package? (A bare directory is only a namespace-package portion,
    which any later regular module beats, so it does not count.)"""
    base = os.path.join(directory, tail)
    if os.path.isdir(base):
        return any(os.path.isfile(os.path.join(base, "__init__" + s)) for s in _PY_SUFFIXES)
    return any(os.path.isfile(base + s) for s in _PY_SUFFIXES)


def find_on_sys_path(tail: str, path: Sequence[str] | None = None) -> ModuleLocation | None:
    """`tail` as a `.kiln` module on sys.path, unless a Python module of that
    name comes first (or is built in)."""
    if is_builtin_or_frozen(tail):
        return None
    for entry in (sys.path if path is None else path):
        directory = os.path.abspath(entry or os.getcwd())
        if not os.path.isdir(directory):
            continue
        found = find_in_dir(directory, tail)
        if found is not None:
            return found
        if has_python_module(directory, tail):
            return None
    return None


def is_builtin_or_frozen(name: str) -> bool:
    """CPython finds these before looking at sys.path at all."""
    return (name in sys.builtin_module_names
            or importlib.machinery.FrozenImporter.find_spec(name) is not None)


def find_in_stdlib(tail: str) -> ModuleLocation | None:
    return find_in_dir(STDLIB_DIR, tail)


def importer_search_path(importer_path: str) -> tuple[str, ...]:
    """The directories a `.kiln` file's top-level imports search first."""
    return (os.path.dirname(os.path.abspath(importer_path)), *kiln_path())


def find_top_level(name: str, importer_path: str | None, *, scan_sys_path: bool) -> ModuleLocation | None:
    """The `.kiln` module that a top-level `import name` should load, before
    Python's own path finder gets a say (the stdlib fallback is separate:
    `find_stdlib_fallback`)."""
    dirs = importer_search_path(importer_path) if importer_path else kiln_path()
    found = find_in_dirs(dirs, name)
    if found is None and scan_sys_path:
        found = find_on_sys_path(name)
    return found


def find_stdlib_fallback(name: str) -> ModuleLocation | None:
    """The compiled standard library's module, if no Python module has the name."""
    if is_builtin_or_frozen(name) or importlib.machinery.PathFinder.find_spec(name) is not None:
        return None
    return find_in_stdlib(name)
