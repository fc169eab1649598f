"""`kiln.load(path)`: a `.kiln` file as a module object, from plain Python.

The same file (by resolved path) always gives the same module, whose top level
ran once. The module is registered in `sys.modules` (pickling, dataclasses and
`typing` need that) under the file's stem, or, if a different module already
owns that name (`math.kiln` vs Python's `math`), under a unique
`<stem>__kiln_<hash>` name rather than clobbering it. Loading puts Kiln's
finder on sys.meta_path so the module's own `import sibling` works; the
sys.path-wide hook stays opt-in (`install_import_hook`).
"""
from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import sys
import threading
import types

from . import import_hook
from .module_locator import KILN_SUFFIX, ModuleLocation

_loaded: dict[str, types.ModuleType] = {}   # resolved path -> module
_lock = threading.RLock()                    # re-entrant: a module may load another


def load_path(path: str | os.PathLike, name: str | None = None) -> types.ModuleType:
    given = os.path.abspath(os.fspath(path))
    real = os.path.realpath(given)
    with _lock:
        module = _loaded.get(real)
        if module is not None:
            return module
        if not os.path.isfile(real):
            raise FileNotFoundError(errno.ENOENT, "no such Kiln file", os.fspath(path))
        import_hook.install()
        name = name or _free_name(real)
        existing = sys.modules.get(name)
        if existing is not None:
            if _origin(existing) == real:
                _loaded[real] = existing
                return existing
            raise ValueError(f"module name {name!r} is already used by {existing!r}; "
                             f"pass another name to kiln.load()")
        return _execute(name, given, real)


def _execute(name: str, given: str, real: str) -> types.ModuleType:
    is_package = os.path.basename(given) == "__init__" + KILN_SUFFIX
    spec = import_hook.spec_for(name, ModuleLocation(given, is_package))
    module = importlib.util.module_from_spec(spec)
    # Registered before running, like an import: a circular load gets the
    # partly initialised module instead of running the file again.
    sys.modules[name] = module
    _loaded[real] = module
    # importlib's flag for "still running its top level": with it, a circular
    # `from x import y` fails with CPython's "partially initialized module" message.
    spec._initializing = True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        _loaded.pop(real, None)
        if sys.modules.get(name) is module:
            del sys.modules[name]
        raise
    finally:
        spec._initializing = False
    return sys.modules.get(name, module)


def _origin(module: types.ModuleType) -> str | None:
    file = getattr(module, "__file__", None)
    return os.path.realpath(file) if file else None


def _free_name(real: str) -> str:
    stem = os.path.splitext(os.path.basename(real))[0]
    if stem == "__init__":
        stem = os.path.basename(os.path.dirname(real))
    existing = sys.modules.get(stem)
    if existing is None or _origin(existing) == real:
        return stem
    digest = hashlib.sha1(real.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}__kiln_{digest}"
