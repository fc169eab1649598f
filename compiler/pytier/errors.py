"""The two exception types the Python tier lets users see.

`CompileError` is raised when a `.kiln` module cannot be imported (by `import`,
`kiln.load` or the opt-in hook) because it has errors. It subclasses
`ImportError`, like pyximport's build failures: the module could not be
imported; `except ImportError` fallbacks for optional accelerated modules keep
working, and CPython trims importlib's own frames from its traceback. The
message is the rustc-style rendering of every error; `.diagnostics` holds them
as values.

`KilnError` is `kiln.Error`: the Python-side type of `Error("...")` values
raised by compiled code, and the `Error` that Python-tier code sees.
"""
from __future__ import annotations

from typing import Sequence

from ..diagnostics.diagnostic import Diagnostic


class CompileError(ImportError):
    """A `.kiln` module has compile errors (syntax, semantic, native)."""

    def __init__(self, path: str, diagnostics: Sequence[Diagnostic], rendered: str,
                 *, name: str | None = None):
        errors = sum(1 for d in diagnostics if d.is_error)
        noun = "error" if errors == 1 else "errors"
        message = f"cannot import {path}: {errors} {noun}\n{rendered}"
        super().__init__(message, name=name, path=path)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)

    def __reduce__(self):
        # ImportError's pickling drops keyword state; keep the message readable.
        return (_rebuild_compile_error, (self.args[0], self.name, self.path))


def _rebuild_compile_error(message: str, name: str | None, path: str | None):
    err = CompileError.__new__(CompileError)
    ImportError.__init__(err, message, name=name, path=path)
    err.diagnostics = ()
    return err


class KilnError(Exception):
    """`kiln.Error`: an error raised by Kiln code with `raise Error("message")`."""


# Shown as `kiln.Error` / `kiln.CompileError` in tracebacks and reprs, which is
# where users import them from.
for _cls, _name in ((CompileError, "CompileError"), (KilnError, "Error")):
    _cls.__module__ = "kiln"
    _cls.__qualname__ = _name
    _cls.__name__ = _name
del _cls, _name
