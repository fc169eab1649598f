"""The on-disk cache: atomic entries, corruption detection, concurrent stores."""
import multiprocessing
import os

from kiln.compiler.native.cache import NativeCache, make_key


def key_for(text: str, flags=("O3",)) -> str:
    return make_key({"/p/m.kiln": text}, target_key="x86_64|cpu|+f", flags=flags)


def test_key_depends_on_sources_flags_and_target():
    base = key_for("fn f(): pass")
    assert base == key_for("fn f(): pass")
    assert base != key_for("fn f():  pass")
    assert base != key_for("fn f(): pass", flags=("O0",))
    assert base != make_key({"/p/m.kiln": "fn f(): pass"}, target_key="other", flags=("O3",))
    assert base != make_key({"/p/m.kiln": "fn f(): pass", "/p/other.kiln": ""},
                            target_key="x86_64|cpu|+f", flags=("O3",))


def test_store_then_lookup_roundtrip(tmp_path):
    cache = NativeCache(str(tmp_path))
    key = key_for("a")
    assert cache.lookup(key) is None
    entry = cache.store(key, {"module.so": b"\x7fELF..."}, {"exports": ["f"]})
    found = cache.lookup(key)
    assert found is not None and found.metadata == {"exports": ["f"]}
    with open(found.path("module.so"), "rb") as f:
        assert f.read() == b"\x7fELF..."
    assert entry.directory == found.directory
    # nothing is left behind from staging
    assert [n for n in os.listdir(os.path.dirname(entry.directory)) if n.startswith(".")] == []


def test_corrupted_entry_is_a_miss_and_removed(tmp_path):
    cache = NativeCache(str(tmp_path))
    key = key_for("b")
    entry = cache.store(key, {"module.so": b"original bytes"}, {})
    with open(entry.path("module.so"), "r+b") as f:
        f.write(b"XX")                          # same size, different content
    assert cache.lookup(key) is None
    assert not os.path.exists(entry.directory)
    cache.store(key, {"module.so": b"original bytes"}, {})
    assert cache.lookup(key) is not None


def test_truncated_or_garbled_metadata_is_a_miss(tmp_path):
    cache = NativeCache(str(tmp_path))
    key = key_for("c")
    entry = cache.store(key, {"module.so": b"data"}, {})
    with open(entry.path("meta.json"), "w") as f:
        f.write("{not json")
    assert cache.lookup(key) is None
    entry = cache.store(key, {"module.so": b"data"}, {})
    os.remove(entry.path("module.so"))
    assert cache.lookup(key) is None


def _store_many(root: str, key: str, payload: bytes, rounds: int) -> None:
    cache = NativeCache(root)
    for _ in range(rounds):
        cache.store(key, {"module.so": payload}, {"n": 1})
        assert cache.lookup(key) is not None


def test_concurrent_stores_of_one_key(tmp_path):
    key = key_for("d")
    payload = os.urandom(200_000)
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_store_many, args=(str(tmp_path), key, payload, 20)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    entry = NativeCache(str(tmp_path)).lookup(key)
    assert entry is not None
    with open(entry.path("module.so"), "rb") as f:
        assert f.read() == payload
