"""Collection deferred to idle moments (the collector the server runs)."""
import asyncio
import gc
import time

from kiln.lsp import idle_gc
from kiln.lsp.idle_gc import IdleCollector


class Cycle:
    def __init__(self):
        self.me = self


def test_collects_in_full_when_idle_and_restores_the_thresholds(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE_SECONDS", 0.05)
    before = gc.get_threshold()
    collector = IdleCollector()

    async def scenario():
        collector.start()
        assert gc.get_threshold() == idle_gc.THRESHOLDS
        for _ in range(1000):
            Cycle()                      # cyclic garbage: only a collection frees it
        collector.activity()
        await asyncio.sleep(0.01)        # still "typing": nothing collected yet
        assert gc.get_count()[0] >= 1000
        collector.activity()
        time.sleep(0.1)                  # busy (the loop is blocked): not idle
        await asyncio.sleep(0)
        collector.activity()             # ... and it answered something
        await asyncio.sleep(0.02)
        assert gc.get_count()[0] >= 1000
        await asyncio.sleep(0.2)         # quiet for longer than IDLE_SECONDS
        assert gc.get_count()[0] < 1000

    try:
        asyncio.run(scenario())
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.get_threshold() == before
