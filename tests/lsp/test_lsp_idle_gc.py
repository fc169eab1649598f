"""Collection deferred to idle moments (the collector the server runs)."""
import asyncio
import gc

from kiln.lsp import idle_gc
from kiln.lsp.idle_gc import IdleCollector


class Cycle:
    def __init__(self):
        self.me = self


def test_collects_when_idle_and_when_garbage_piles_up(monkeypatch):
    monkeypatch.setattr(idle_gc, "IDLE_SECONDS", 0.05)
    monkeypatch.setattr(idle_gc, "MAX_PENDING_ALLOCATIONS", 50_000)
    collector = IdleCollector()

    async def scenario():
        collector.start()
        assert not gc.isenabled()
        for _ in range(1000):
            Cycle()                      # cyclic garbage: only a collection frees it
        collector.activity()
        assert gc.get_count()[0] >= 1000  # typing: nothing collected yet
        await asyncio.sleep(0.2)          # quiet for longer than IDLE_SECONDS
        assert gc.get_count()[0] < 1000
        junk = [Cycle() for _ in range(60_000)]
        del junk
        collector.activity()              # past the bound: collected at once
        assert gc.get_count()[0] < 1000

    try:
        asyncio.run(scenario())
    finally:
        collector.stop()
        gc.unfreeze()
    assert gc.isenabled()
