"""The server's collector: garbage is parked while the client is busy and
collected when it is idle, or when too much is parked (idle_gc.py)."""
import asyncio
import gc
import time
import weakref

from kiln.lsp import idle_gc
from kiln.lsp.idle_gc import IdleCollector


class Cycle:
    def __init__(self):
        self.me = self


def garbage(n: int) -> list[weakref.ref]:
    """`n` unreachable cycles: only a cyclic collection frees them."""
    return [weakref.ref(Cycle()) for _ in range(n)]


def alive(refs: list[weakref.ref]) -> int:
    return sum(r() is not None for r in refs)


def test_collects_in_full_when_idle_and_restores_the_collector(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE_SECONDS", 0.05)
    was_enabled = gc.isenabled()
    collector = IdleCollector()

    async def scenario():
        collector.start()
        assert not gc.isenabled()         # no automatic collection while serving
        refs = garbage(1000)
        collector.activity()
        await asyncio.sleep(0.01)         # still "typing": nothing collected yet
        assert alive(refs) == 1000
        assert collector.parked >= 1000
        collector.activity()
        time.sleep(0.1)                   # busy (the loop is blocked): not idle
        await asyncio.sleep(0)
        collector.activity()              # ... and it answered something
        await asyncio.sleep(0.02)
        assert alive(refs) == 1000
        await asyncio.sleep(0.2)          # quiet for longer than IDLE_SECONDS
        assert alive(refs) == 0
        assert collector.parked == 0

    try:
        asyncio.run(scenario())
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.isenabled() == was_enabled


def test_parked_garbage_over_the_budget_is_collected_before_the_next_check(monkeypatch):
    monkeypatch.setattr(idle_gc, "BUDGET", 5000)
    collector = IdleCollector()

    async def scenario():
        collector.start()
        small = garbage(1000)
        collector.activity()
        collector.collect_if_over_budget()
        assert alive(small) == 1000       # under the budget: left parked
        big = garbage(6000)
        collector.collect_if_over_budget()
        assert alive(small) == alive(big) == 0
        huge = garbage(11000)             # twice the budget: any message collects
        collector.activity()
        assert alive(huge) == 0

    try:
        asyncio.run(scenario())
    finally:
        collector.stop()
        gc.unfreeze()
