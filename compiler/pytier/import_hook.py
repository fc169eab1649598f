"""Importing `.kiln` modules: a `sys.meta_path` finder and a loader.

`KilnFinder` sits just before CPython's `PathFinder` (so built-in and frozen
modules still come first, as in CPython) and answers:

- a top-level `import x` written in a `.kiln` file: `x.kiln` (or the package
  `x/__init__.kiln`) beside that file, then on KILN_PATH;
- with the hook on (`kiln run`, or `kiln.install_import_hook()` in plain
  Python): also `x.kiln` on sys.path, ranked like a Python source suffix;
- a submodule (`pkg.sub`, `from . import sub`): `sub.kiln` in the package's
  `__path__`, whether the package is a Kiln or a Python one.

`KilnStdlibFinder` sits at the very end and finds the compiled standard
library's modules for names nothing else provides.

The loader inherits `InspectLoader.exec_module`, which runs the module body
through importlib's `_call_with_frames_removed`: CPython then trims importlib
(and so no Kiln frame sits between the importing line and the imported
module's frames in a traceback).
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

from . import module_locator
from .checking import ensure_checked, take_tree
from .compile_unit import compile_module
from .errors import CompileError
from .intrinsic_modules import IntrinsicLoader, is_intrinsic_module, stdlib_module_name
from .intrinsic_modules import namespace as intrinsic_namespace
from .module_locator import (KILN_SUFFIX, ModuleLocation, find_in_dirs, find_in_stdlib,
                             find_top_level, importer_search_path)
from .rendering import render_diagnostics
from .session import SESSION
from .source_reading import SourceReadError, read_source
from .intrinsic_modules import STDLIB_PACKAGE


class KilnLoader(importlib.abc.FileLoader):
    """Loads one `.kiln` file. `get_code` checks and compiles; the inherited
    `exec_module` runs the code in the module's namespace."""

    def is_package(self, fullname: str) -> bool:
        return os.path.basename(self.path) == "__init__" + KILN_SUFFIX

    def get_source(self, fullname: str) -> str:
        return self._read().source.text

    def _read(self):
        try:
            return read_source(self.path)
        except SourceReadError as exc:
            raise ImportError(str(exc), name=self.name, path=self.path) from None

    def get_code(self, fullname: str):
        compiled, error = self._compile(fullname)
        if error is not None:
            try:
                raise error
            except CompileError:
                # A bare re-raise adds no frame for this one: the user's
                # traceback goes from their `import` line straight to the error.
                error.__traceback__ = None
                raise
        module = sys.modules.get(fullname)
        if module is not None and getattr(module, "__spec__", None) is not None \
                and module.__spec__.loader is self:
            if self._trusted():  # built-in names the stdlib file does not define itself
                module.__dict__.update(intrinsic_namespace(stdlib_module_name(fullname)))
            module.__dict__.update(compiled.globals)
        return compiled.code

    def _compile(self, fullname: str):
        text = self._read()
        source = text.source
        if text.diagnostics:
            return None, self._error(text.diagnostics, {self.path: source})
        if not self._trusted():
            failed = ensure_checked(source)
            if failed is not None:
                return None, self._error(failed.errors, failed.sources)
        compiled = compile_module(source, module_name=fullname, tree=take_tree(source),
                                  search_path=importer_search_path(self.path),
                                  options=SESSION.native_options, cache=SESSION.cache)
        if not compiled.ok:
            return None, self._error(compiled.diagnostics, {self.path: source})
        return compiled, None

    def _trusted(self) -> bool:
        """The compiled stdlib ships checked (and its fns are compiled, hence
        checked, by the native tier whenever they are used)."""
        return self.path.startswith(os.path.join(module_locator.STDLIB_DIR, ""))

    def _error(self, diagnostics, sources) -> CompileError:
        return CompileError(self.path, diagnostics, render_diagnostics(diagnostics, sources),
                            name=self.name)


def spec_for(fullname: str, location: ModuleLocation) -> importlib.machinery.ModuleSpec:
    loader = KilnLoader(fullname, location.path)
    locations = [location.package_dir] if location.is_package else None
    return importlib.util.spec_from_file_location(
        fullname, location.path, loader=loader, submodule_search_locations=locations)


def _importing_kiln_file() -> str | None:
    """The `.kiln` file whose code is running the current import, if any:
    the first frame above importlib's own machinery."""
    frame = sys._getframe(2)
    importlib_dir = os.path.dirname(importlib.__file__) + os.sep
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith("<frozen importlib") or filename.startswith(importlib_dir)):
            return filename if filename.endswith(KILN_SUFFIX) else None
        frame = frame.f_back
    return None


class KilnFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if target is not None:
            spec = getattr(target, "__spec__", None)
            if spec is not None and isinstance(spec.loader, KilnLoader) and os.path.isfile(spec.origin):
                return spec_for(fullname, ModuleLocation(spec.origin, spec.loader.is_package(fullname)))
        tail = fullname.rpartition(".")[2]
        if path is not None:  # a submodule: look in the package's directories
            found = find_in_dirs([os.path.abspath(p) for p in path], tail)
        else:
            found = find_top_level(fullname, _importing_kiln_file(),
                                   scan_sys_path=SESSION.scan_sys_path)
        return spec_for(fullname, found) if found is not None else None

    def invalidate_caches(self) -> None:
        pass  # nothing cached: every lookup asks the file system


class KilnStdlibFinder(importlib.abc.MetaPathFinder):
    """Last resort: the compiled standard library, by its own name for modules
    Python lacks (`from algorithm import vectorize`), and as the package
    `__kiln_stdlib__` for all of it (stdlib_imports.py). A module is its
    `compiler/stdlib` file or, without one, built from the checker's list of
    built-in names (intrinsic_modules.py)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == STDLIB_PACKAGE:
            spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
            spec.submodule_search_locations = [module_locator.STDLIB_DIR]
            return spec
        if fullname.startswith(STDLIB_PACKAGE + "."):
            name = fullname[len(STDLIB_PACKAGE) + 1:]
        elif path is None and (SESSION.scan_sys_path or _importing_kiln_file()):
            name = fullname
        else:
            return None
        found = find_in_stdlib(name)
        if found is not None:
            return spec_for(fullname, found)
        if not is_intrinsic_module(name):
            return None
        loader = IntrinsicLoader(name)
        return importlib.machinery.ModuleSpec(fullname, loader, origin="kiln compiled stdlib",
                                              is_package=loader.is_package(fullname))


_FINDER = KilnFinder()
_STDLIB_FINDER = KilnStdlibFinder()


def install(*, scan_sys_path: bool = False) -> None:
    """Put the finders on sys.meta_path (idempotent). `scan_sys_path` turns on
    the sys.path search for imports written in plain Python too."""
    SESSION.scan_sys_path = SESSION.scan_sys_path or scan_sys_path
    if _FINDER not in sys.meta_path:
        index = next((i for i, f in enumerate(sys.meta_path)
                      if f is importlib.machinery.PathFinder), len(sys.meta_path))
        sys.meta_path.insert(index, _FINDER)
    if _STDLIB_FINDER not in sys.meta_path:
        sys.meta_path.append(_STDLIB_FINDER)


def uninstall() -> None:
    for finder in (_FINDER, _STDLIB_FINDER):
        while finder in sys.meta_path:
            sys.meta_path.remove(finder)
    SESSION.scan_sys_path = False
