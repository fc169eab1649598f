"""Constructors that keep diagnostic creation to one line at the call site."""
from __future__ import annotations

from ..syntax.source import Span
from .codes import CODES
from .diagnostic import Diagnostic, Fix, Note, Severity


def _make(severity: Severity, code: str, span: Span, message: str, *,
          notes=(), hint: str | None = None, fixes=(), tags=()) -> Diagnostic:
    if code not in CODES:
        raise KeyError(f"unregistered diagnostic code {code}")
    return Diagnostic(code, severity, message, span, tuple(notes), hint,
                      tuple(fixes), frozenset(tags))


def error(code: str, span: Span, message: str, **kw) -> Diagnostic:
    return _make(Severity.ERROR, code, span, message, **kw)


def warning(code: str, span: Span, message: str, **kw) -> Diagnostic:
    return _make(Severity.WARNING, code, span, message, **kw)


__all__ = ["error", "warning", "Note", "Fix"]
