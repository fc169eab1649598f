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


PROGRAM = """
fn triple(x: Int) -> Int:
    return 3 * x

def main():
    print(triple(14))
"""


def test_concurrent_kiln_runs_share_one_cold_cache(tmp_path):
    import subprocess
    import sys

    from .kilnkit import write
    path = write(tmp_path, "prog.kiln", PROGRAM)
    env = dict(os.environ, KILN_CACHE_DIR=str(tmp_path / "cache"))
    procs = [subprocess.Popen([sys.executable, "-m", "kiln", "run", path], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
        assert out == "42\n"
    entries = [d for d in os.listdir(tmp_path / "cache" / "native") if not d.startswith(".")]
    assert entries


def test_entry_that_verifies_but_does_not_load_is_rebuilt(tmp_path):
    import hashlib
    import json

    from kiln.compiler.native.cache import NativeCache
    from .kilnkit import load, write
    module = load(tmp_path, PROGRAM.replace("def main():\n    print(triple(14))\n", ""))
    assert module.triple(5) == 15
    cache = NativeCache(str(tmp_path / "cache"))
    root = cache.root
    entry_dir = next(os.path.join(dirpath) for dirpath, _, files in os.walk(root) if "module.so" in files)
    bogus = b"\x7fELF not really a shared object"
    # a new file (not an in-place write: this process has the old one mapped)
    with open(os.path.join(entry_dir, "bogus"), "wb") as f:
        f.write(bogus)
    os.replace(os.path.join(entry_dir, "bogus"), os.path.join(entry_dir, "module.so"))
    meta_path = os.path.join(entry_dir, "meta.json")
    meta = json.load(open(meta_path))
    meta["files"]["module.so"] = [len(bogus), hashlib.sha256(bogus).hexdigest()]
    json.dump(meta, open(meta_path, "w"))
    import subprocess
    import sys
    script = ("import sys; from kiln.compiler.native.driver import compile_for_python;"
              "from kiln.compiler.native.codegen.options import CodegenOptions;"
              "from kiln.compiler.native.cache import NativeCache;"
              "o = compile_for_python(sys.argv[1], None, CodegenOptions(opt_level=2), cache=NativeCache(sys.argv[2]));"
              "print(o.module.triple(7))")
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path / "mod.kiln"), str(tmp_path / "cache")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "21\n"          # a fresh process: the bogus entry failed to load and was rebuilt
    with open(os.path.join(entry_dir, "module.so"), "rb") as f:
        assert f.read() != bogus


WARM_PROBE = """
import sys
from kiln.compiler.native.cache import NativeCache
from kiln.compiler.native.codegen.options import CodegenOptions
from kiln.compiler.native.driver import compile_for_python
outcome = compile_for_python(sys.argv[1], None, CodegenOptions(opt_level=2), cache=NativeCache(sys.argv[2]))
assert outcome.module.add(2, 3) == 5
heavy = ("llvmlite", "ctypes", "kiln.compiler.native.codegen.program", "uuid", "platform")
print(" ".join(name for name in heavy if name in sys.modules))
"""


def test_cache_hit_imports_no_compiler_and_no_ctypes(tmp_path):
    # The warm path of `kiln run`: a hit loads the .so without llvmlite, the code
    # generator or ctypes (which only an error reaching Python needs).
    import subprocess
    import sys
    src = tmp_path / "warm.kiln"
    src.write_text("fn add(a: Int, b: Int) -> Int:\n    return a + b\n")
    cmd = [sys.executable, "-c", WARM_PROBE, str(src), str(tmp_path / "cache")]
    cold = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert cold.returncode == 0, cold.stderr
    assert "llvmlite" in cold.stdout.split()
    warm = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert warm.returncode == 0, warm.stderr
    assert warm.stdout.split() == []
