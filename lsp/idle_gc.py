"""Garbage collection off the request path.

A full re-check of a file allocates its analysis anew and leaves the previous
one behind as reference cycles (about 20k objects per edit of a 5,000-line
file; semantic-api.md, item 12), which only CPython's cyclic collector frees.
(An edit inside `fn` bodies updates the analysis in place and leaves no
cycles, compiler/semantic/incremental.py; the policy below matters for the
others: headers, Python-tier code, a file being half-typed.)
Left to itself the collector rescans every fresh analysis in its young
generations: measured in-process over 30 edits of a 5,000-line file, re-check
CPU p50 / p95 183 / 433 ms, of which young collections were ~73 ms a round
and the p95 is a generation-1 pass (~300 ms) landing in the re-check.

So the server runs the collector itself. Automatic collection is off; at
every message in or out, whatever is tracked so far is *parked* (`gc.freeze`,
O(1)): no young collection ever rescans a finished analysis. Parked garbage
is freed by a full collection (unfreeze, collect, freeze again) when nothing
has gone in or out for IDLE_SECONDS (busy time is not idle time), and, during
an endless burst of typing, when more than BUDGET objects have been parked
since the last one: just before the next re-check (`collect_if_over_budget`,
the user is waiting for a re-check anyway), or at any message once twice the
budget is parked. Same measurement with this policy: re-check p50 / p95
176 / 212 ms, plus a ~0.5 s full collection every ~10 edits of non-stop
typing, and a smaller heap (96 MB instead of ~114 MB).
"""
from __future__ import annotations

import asyncio
import gc
import time

IDLE_SECONDS = 0.75
# Objects parked (net) since the last full collection before one is forced:
# about ten re-checks of a 5,000-line file, ~20 MB.
BUDGET = 200_000


class IdleCollector:
    def __init__(self) -> None:
        self._timer: asyncio.TimerHandle | None = None
        self._was_enabled: bool | None = None
        self._parked = 0
        self._last = 0.0

    @property
    def enabled(self) -> bool:
        return self._was_enabled is not None

    @property
    def parked(self) -> int:
        """Objects (net) parked since the last full collection."""
        return self._parked

    def start(self) -> None:
        # Start-up objects (modules, grammar tables) are never garbage.
        gc.collect()
        gc.freeze()
        self._parked = 0
        self._was_enabled = gc.isenabled()
        gc.disable()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._was_enabled is not None:
            if self._was_enabled:
                gc.enable()
            self._was_enabled = None

    def activity(self) -> None:
        """A message came in or went out: the client is not idle."""
        if not self.enabled:
            return
        self._last = time.monotonic()
        self._park()
        if self._parked > 2 * BUDGET:
            self.collect()
        if self._timer is None:
            self._arm(IDLE_SECONDS)

    def collect_if_over_budget(self) -> None:
        if self.enabled:
            self._park()
            if self._parked > BUDGET:
                self.collect()

    def collect(self) -> None:
        """A full collection of everything parked, start-up objects aside."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._parked = 0

    def _park(self) -> None:
        # The young generation's count is the net number of objects tracked
        # since the last freeze (gc.get_freeze_count() would walk the list).
        self._parked += sum(gc.get_count())
        gc.freeze()

    def _arm(self, delay: float) -> None:
        self._timer = asyncio.get_running_loop().call_later(delay, self._due)

    def _due(self) -> None:
        quiet = time.monotonic() - self._last
        if quiet < IDLE_SECONDS:
            self._arm(IDLE_SECONDS - quiet)
            return
        self._timer = None
        if self.enabled:
            self.collect()
