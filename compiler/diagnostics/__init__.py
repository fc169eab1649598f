"""Errors are values: `Diagnostic` (code, severity, span, message, notes, hint,
fix-its). The CLI renders them like rustc (`render.py`); the LSP converts them
to protocol diagnostics in its own conversion module."""
from .diagnostic import Diagnostic, Fix, Note, Severity, TextEdit

__all__ = ["Diagnostic", "Fix", "Note", "Severity", "TextEdit"]
