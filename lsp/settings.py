"""User settings of the language server.

They arrive as JSON in `initializationOptions`, in
`workspace/didChangeConfiguration` (either bare or under a `kiln` key, the
way VS Code sends a configuration section), or as the answer to a
`workspace/configuration` request for the section `kiln`:

    {"inlayHints": {"variableTypes": true, "parameterNames": true},
     "diagnostics": {"debounceMs": 40}}

Unknown keys are ignored and ill-typed values keep their defaults, so a bad
setting never stops the server.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class InlayHintSettings:
    variable_types: bool = True     # `var x = 1.5` shows `: Float64`
    parameter_names: bool = True    # `scale(v, 2)` shows `k:` before `2`


@dataclass(frozen=True)
class DiagnosticSettings:
    # Wait this long after the last keystroke before re-checking: long enough
    # to coalesce a burst of typing, short enough to feel immediate.
    debounce_ms: int = 40


@dataclass(frozen=True)
class Settings:
    inlay_hints: InlayHintSettings = field(default_factory=InlayHintSettings)
    diagnostics: DiagnosticSettings = field(default_factory=DiagnosticSettings)

    def updated(self, raw: Any) -> "Settings":
        """These settings with the recognised values of `raw` applied."""
        if not isinstance(raw, dict):
            return self
        if isinstance(raw.get("kiln"), dict):
            raw = raw["kiln"]
        hints = _section(raw, "inlayHints")
        diags = _section(raw, "diagnostics")
        return Settings(
            inlay_hints=replace(
                self.inlay_hints,
                variable_types=_bool(hints, "variableTypes", self.inlay_hints.variable_types),
                parameter_names=_bool(hints, "parameterNames", self.inlay_hints.parameter_names),
            ),
            diagnostics=replace(
                self.diagnostics,
                debounce_ms=_int(diags, "debounceMs", self.diagnostics.debounce_ms, 0, 5000),
            ),
        )


def _section(raw: dict, key: str) -> dict:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _bool(raw: dict, key: str, default: bool) -> bool:
    value = raw.get(key)
    return value if isinstance(value, bool) else default


def _int(raw: dict, key: str, default: int, low: int, high: int) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return int(min(max(value, low), high))
