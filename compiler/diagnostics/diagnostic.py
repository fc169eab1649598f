"""The diagnostic value type shared by every phase."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..syntax.source import Span


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Note:
    """Extra information, optionally at another place (LSP relatedInformation)."""

    message: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class TextEdit:
    span: Span
    new_text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A machine-applicable suggestion (LSP quick fix)."""

    title: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str                       # "K0123", see codes.py
    severity: Severity
    message: str
    span: Span
    notes: tuple[Note, ...] = ()
    hint: str | None = None
    fixes: tuple[Fix, ...] = ()
    tags: frozenset[str] = field(default_factory=frozenset)  # "unnecessary", "deprecated"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
