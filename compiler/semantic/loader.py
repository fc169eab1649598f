"""Finding imported modules: the one place of the analysis that may touch
the disk, injected into the `Workspace` by its user.

Resolution order for `import name` from a `.kiln` file: `name.kiln` beside
the importer, then on `KILN_PATH`, then the compiled standard library
(`compiler/stdlib/name.kiln`, or one of its built-in modules), then Python's
import system (a `.py`/package/extension found by `importlib`, without
importing anything).
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from dataclasses import dataclass
from typing import Protocol

from .stdlib_intrinsics import STDLIB_MODULES

STDLIB_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "stdlib")


@dataclass(frozen=True)
class ModuleLocation:
    name: str
    path: str | None
    kind: str                 # "kiln" | "stdlib" | "python"


class ModuleLoader(Protocol):
    def find_module(self, name: str, importer: str, level: int = 0) -> ModuleLocation | None: ...

    def read_text(self, path: str) -> str | None: ...


def _relative_base(importer: str, level: int) -> str:
    base = os.path.dirname(importer)
    for _ in range(max(0, level - 1)):
        base = os.path.dirname(base)
    return base


def _stdlib_location(name: str) -> ModuleLocation | None:
    candidate = os.path.join(STDLIB_DIR, *name.split(".")) + ".kiln"
    if os.path.isfile(candidate):
        return ModuleLocation(name, candidate, "stdlib")
    if name in STDLIB_MODULES:
        return ModuleLocation(name, None, "stdlib")
    return None


_PY_CACHE: dict[str, ModuleLocation | None] = {}


def python_location(name: str) -> ModuleLocation | None:
    """A Python module by its top-level package, found without importing it."""
    top = name.split(".")[0]
    if top in _PY_CACHE:
        return _PY_CACHE[top]
    loc = None
    if top in sys.builtin_module_names or top == "__main__":
        loc = ModuleLocation(name, None, "python")
    else:
        try:
            spec = importlib.machinery.PathFinder.find_spec(top) or importlib.util.find_spec(top)
        except (ImportError, ValueError, AttributeError):
            spec = None
        if spec is not None:
            origin = spec.origin if spec.origin not in (None, "built-in", "frozen") else None
            loc = ModuleLocation(name, origin, "python")
    _PY_CACHE[top] = loc
    return loc


class FileSystemLoader:
    """Finds modules on disk (the CLI and the language server use this)."""

    def __init__(self, kiln_path: list[str] | None = None) -> None:
        if kiln_path is None:
            kiln_path = [p for p in os.environ.get("KILN_PATH", "").split(os.pathsep) if p]
        self.kiln_path = kiln_path

    def find_module(self, name: str, importer: str, level: int = 0) -> ModuleLocation | None:
        parts = name.split(".") if name else []
        bases = [_relative_base(importer, level)] if level else \
            [os.path.dirname(importer), *self.kiln_path]
        for base in bases:
            candidate = os.path.join(base, *parts) + ".kiln" if parts else None
            if candidate and os.path.isfile(candidate):
                return ModuleLocation(name, os.path.abspath(candidate), "kiln")
        if level:
            candidate = os.path.join(bases[0], *parts)
            for suffix in (".py", os.sep + "__init__.py"):
                if os.path.isfile(candidate + suffix):
                    return ModuleLocation(name, candidate + suffix, "python")
            return None
        found = _stdlib_location(name)
        if found is not None:
            return found
        for base in bases[:1]:
            for suffix in (".py", os.sep + "__init__.py"):
                if parts and os.path.isfile(os.path.join(base, *parts) + suffix):
                    return ModuleLocation(name, os.path.join(base, *parts) + suffix, "python")
        return python_location(name)

    def read_text(self, path: str) -> str | None:
        try:
            with open(path, encoding="utf-8", errors="surrogateescape") as fh:
                return fh.read()
        except OSError:
            return None


class MemoryLoader:
    """Resolves imports among in-memory texts (`check_program`, tests), then
    the stdlib and Python's modules like the file-system loader."""

    def __init__(self, files: dict[str, str] | None = None) -> None:
        self.files = dict(files or {})

    def find_module(self, name: str, importer: str, level: int = 0) -> ModuleLocation | None:
        parts = name.split(".") if name else []
        base = _relative_base(importer, level) if level else os.path.dirname(importer)
        if parts:
            candidate = os.path.join(base, *parts) + ".kiln"
            if candidate in self.files:
                return ModuleLocation(name, candidate, "kiln")
            norm = os.path.normpath(candidate)
            for path in self.files:
                if os.path.normpath(path) == norm:
                    return ModuleLocation(name, path, "kiln")
        if level:
            return None
        return _stdlib_location(name) or python_location(name)

    def read_text(self, path: str) -> str | None:
        if path in self.files:
            return self.files[path]
        if path.startswith(STDLIB_DIR):
            try:
                with open(path, encoding="utf-8") as fh:
                    return fh.read()
            except OSError:
                return None
        return None


def host_vector_bits() -> int:
    """The widest SIMD registers of this machine (for `simdwidthof`), read from
    the CPU flags Linux reports; 128 bits when unknown."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    if "avx512f" in flags:
                        return 512
                    if "avx2" in flags or "avx" in flags:
                        return 256
                    return 128
    except OSError:
        pass
    return 128
