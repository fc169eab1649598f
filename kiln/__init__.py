"""Kiln: Python with a compiled fast tier.

Public API: `kiln.load(path)` returns a module object for a `.kiln` file (its
`fn`s and structs bridged), `kiln.Error` is the Python-side type of errors
raised by compiled code, `kiln.NativeFault` that of a SIGSEGV/SIGBUS in
compiled code (an invalid pointer), `kiln.install_import_hook()` lets plain Python
`import` `.kiln` modules.
"""
__version__ = "0.1.0"


_API = ("load", "install_import_hook", "Error", "CompileError", "NativeFault")


def __getattr__(name: str):
    # Forwarded lazily (so `import kiln` stays cheap for the CLI), and as the
    # functions themselves: no wrapper frame shows in users' tracebacks.
    if name in _API:
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'kiln' has no attribute {name!r}")


def __dir__():
    # Submodules imported along the way (kiln.cli, kiln.api) are not the API.
    public = [n for n, v in globals().items()
              if (not n.startswith("_") or n == "__version__") and type(v).__name__ != "module"]
    return sorted([*public, *_API])
