"""Which names of a `from M import ...` come from Kiln's compiled standard
library rather than from Python's module `M`.

Some compiled-stdlib modules share their name with a Python module (`time`,
`math`, `random`, `sys`). Python-tier code expects Python's module
(`import time` is Python's `time`, `from time import perf_counter` works), yet
Kiln programs also write `from time import now` or `from sys.info import
simdwidthof`, names only Kiln's module has. The rule: `import M` binds
Python's module; in `from M import a, b`, each name comes from Python's `M`
when it has it, else from Kiln's. The lowering moves the Kiln-only names to
`from __kiln_stdlib__.M import ...`, the package under which the import hook
serves `compiler/stdlib`. A valid Python program only imports names Python's
modules have, so its tree is left alone.

Compiled-stdlib modules Python has no module for (`algorithm`, `memory`) need
no rewriting: the import hook's last-resort finder serves them by their name.
A compiled-stdlib module is its `compiler/stdlib` file, or, without one, the
checker's built-in names (intrinsic_modules.py).
"""
from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
import sysconfig
from types import ModuleType
from typing import Sequence

from . import module_locator
from .intrinsic_modules import STDLIB_PACKAGE, intrinsic_names, is_intrinsic_module
from .module_locator import KILN_SUFFIX, is_builtin_or_frozen

__all__ = ["STDLIB_PACKAGE", "StdlibImports"]

_PYTHON_STDLIB = os.path.realpath(sysconfig.get_paths()["stdlib"])


class StdlibImports:
    def __init__(self, stdlib_dir: str | None = None):
        self.stdlib_dir = stdlib_dir or module_locator.STDLIB_DIR

    def kiln_names(self, module: str, names: Sequence[str]) -> list[str]:
        """The names (in order) to import from Kiln's `module` instead of Python's."""
        if "*" in names or _python_stdlib_module(module.partition(".")[0]) is None:
            return []  # Python has no such module: the fallback finder serves it by its name
        python = _python_stdlib_module(module)
        # (`sys.info`: Python's `sys` is not even a package, so every name is Kiln's)
        missing = [n for n in names if not hasattr(python, n)] if python is not None else list(names)
        if not missing:
            return []
        has_file = self.has_kiln_file(module)
        if not has_file and not is_intrinsic_module(module):
            return []
        # Without a file, only the checker's built-in names exist on the Kiln side.
        return missing if has_file else [n for n in missing if n in intrinsic_names(module)]

    def has_kiln_file(self, module: str) -> bool:
        base = os.path.join(self.stdlib_dir, *module.split("."))
        return os.path.isfile(base + KILN_SUFFIX) or os.path.isfile(os.path.join(base, "__init__" + KILN_SUFFIX))


def _python_stdlib_module(name: str) -> ModuleType | None:
    """Python's own standard-library module `name`, imported (these are cheap
    and side-effect free); None for anything that is not Python's stdlib."""
    if name in sys.modules:
        return sys.modules[name]
    if "." not in name and not is_builtin_or_frozen(name):
        spec = importlib.machinery.PathFinder.find_spec(name)
        origin = spec.origin if spec is not None else None
        if not origin or not os.path.realpath(origin).startswith(_PYTHON_STDLIB + os.sep):
            return None
        if "site-packages" in os.path.realpath(origin):
            return None
    try:
        return importlib.import_module(name)
    except ImportError:
        return None
