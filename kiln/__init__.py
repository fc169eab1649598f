"""Kiln: Python with a compiled fast tier.

Public API: `kiln.load(path)` returns a module object for a `.kiln` file (its
`fn`s and structs bridged), `kiln.Error` is the Python-side type of errors
raised by compiled code, `kiln.install_import_hook()` lets plain Python
`import` `.kiln` modules.
"""
from __future__ import annotations

__version__ = "0.1.0"


def load(path, name: str | None = None):
    """Load a `.kiln` file as a module (runs its top level once)."""
    from .api import load as _load
    return _load(path, name)


def install_import_hook() -> None:
    """Make `import foo` find `foo.kiln` on sys.path (opt-in)."""
    from .api import install_import_hook as _install
    _install()


def __getattr__(name: str):
    if name == "Error":
        from .api import Error
        return Error
    raise AttributeError(f"module 'kiln' has no attribute {name!r}")
