"""The breakpoints the client asked for, per source file, with the tier
each went to and what that tier made of it."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from .tiers import LineTier


@dataclass
class SourceBreakpoint:
    id: int
    path: str
    line: int
    tier: LineTier
    condition: str = ""
    hit_condition: str = ""
    log_message: str = ""
    verified: bool = False
    actual_line: int | None = None
    message: str = ""
    pydevd_id: int | None = None
    gdb_number: str | None = None

    def to_dap(self) -> dict:
        out = {"id": self.id, "verified": self.verified, "line": self.actual_line or self.line,
               "source": {"path": self.path}}
        if self.message:
            out["message"] = self.message
        return out


class BreakpointRegistry:
    def __init__(self):
        self._ids = itertools.count(1)
        self.by_source: dict[str, list[SourceBreakpoint]] = {}

    def new(self, path: str, spec: dict, tier: LineTier) -> SourceBreakpoint:
        return SourceBreakpoint(next(self._ids), path, int(spec.get("line", 0)), tier,
                                condition=str(spec.get("condition") or ""),
                                hit_condition=str(spec.get("hitCondition") or ""),
                                log_message=str(spec.get("logMessage") or ""))

    def all(self) -> list[SourceBreakpoint]:
        return [b for items in self.by_source.values() for b in items]

    def by_pydevd_id(self, pydevd_id) -> SourceBreakpoint | None:
        return next((b for b in self.all() if b.pydevd_id is not None and b.pydevd_id == pydevd_id), None)

    def by_gdb_number(self, number: str) -> SourceBreakpoint | None:
        return next((b for b in self.all() if b.gdb_number == number), None)
