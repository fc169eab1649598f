"""Loading a compiled module's shared object into this process, as the
CPython extension module it is (importlib's ExtensionFileLoader runs its
`PyInit_<name>`)."""
from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from types import ModuleType


class LoadError(Exception):
    """The shared object could not be loaded (corrupt, wrong ABI, ...)."""


def load_extension(path: str, name: str) -> ModuleType:
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) == path:
        return existing
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    if spec is None:
        raise LoadError(f"cannot load {path}")
    try:
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
    except ImportError as exc:
        raise LoadError(str(exc)) from None
    sys.modules[name] = module
    return module
