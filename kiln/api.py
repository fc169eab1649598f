"""Kiln's public Python API (re-exported by `kiln/__init__.py`).

    kiln.load(path, name=None) -> module
        Load a `.kiln` file as a module: its top level runs once, the same
        path always gives the same module; its `fn`s and structs are bridged.
        Compile errors raise `kiln.CompileError` (an `ImportError`) whose
        message is the rendered diagnostics; a missing file raises
        `FileNotFoundError`.
    kiln.install_import_hook()
        Opt-in for plain Python: `import foo` then also finds `foo.kiln` on
        sys.path (and KILN_PATH). `.kiln` modules always find their siblings.
    kiln.Error
        The Python type of `Error("...")` raised by Kiln code.
    kiln.CompileError
        Raised when a `.kiln` module cannot be imported because of errors;
        `.diagnostics` holds them as `Diagnostic` values.
"""
from __future__ import annotations

import os
import types

from .compiler.pytier import import_hook
from .compiler.pytier.errors import CompileError, KilnError as Error
from .compiler.native.bridge.fault_types import NativeFault
from .compiler.pytier.loading import load_path
from .compiler.pytier.tracebacks import FrameFilter

__all__ = ["load", "install_import_hook", "Error", "CompileError", "NativeFault"]

_KILN_DIRS = (os.path.dirname(os.path.abspath(__file__)),
              os.path.dirname(os.path.dirname(os.path.abspath(import_hook.__file__))))
_frames = FrameFilter(_KILN_DIRS)


def load(path: str | os.PathLike, name: str | None = None) -> types.ModuleType:
    try:
        return load_path(path, name)
    except BaseException as exc:
        # The caller sees their `kiln.load(...)` line, then the module's own
        # frames; a bare re-raise adds no frame for this function.
        if "KILN_BACKTRACE" not in os.environ:
            _frames.clean(exc)
        raise


def install_import_hook() -> None:
    import_hook.install(scan_sys_path=True)
