"""What a handler module declares: which LSP method it serves, its
registration options, and the answer to give when Kiln fails."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


def _none() -> None:
    return None


@dataclass(frozen=True)
class Feature:
    method: str
    handler: Callable[..., Any]          # (session, params) -> result
    options: Any = None
    empty: Callable[[], Any] = field(default=_none)
    # Notifications (and the lifecycle requests) run synchronously in arrival
    # order; requests run as tasks that can be cancelled.
    synchronous: bool = False
