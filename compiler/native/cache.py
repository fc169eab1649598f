"""The on-disk cache of compiled modules.

An entry is a directory named by the cache key (a SHA-256 over everything
that determines the output: the source texts of the module and of every
`.kiln` module it imports, the compiler's fingerprint, the target triple, CPU
and features, the Python ABI and the build flags). It holds the artefact files
and `meta.json` with their sizes and SHA-256 sums plus the caller's metadata.

- Atomic: an entry is assembled in a temporary directory beside its final
  place and renamed into place in one step; a reader sees all of it or none.
- Concurrent runs: two processes building the same key both succeed; the
  first rename wins and the second discards its copy.
- Corruption: a lookup re-hashes the files against `meta.json`; a mismatch, a
  missing file or unreadable metadata removes the entry and reports a miss, so
  the caller rebuilds. Callers that fail to load a verified entry call
  `discard` and rebuild too.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from typing import Iterable, Mapping

FORMAT_VERSION = 1


@dataclass(frozen=True)
class CacheEntry:
    key: str
    directory: str
    metadata: dict

    def path(self, name: str) -> str:
        return os.path.join(self.directory, name)


def default_root() -> str:
    env = os.environ.get("KILN_CACHE_DIR")
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "kiln")


@functools.cache
def compiler_fingerprint() -> str:
    """Changes whenever any file of the compiler changes (editable installs
    included): the version plus the name, size and mtime of every module."""
    from kiln import __version__
    root = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))     # compiler/
    h = hashlib.sha256(__version__.encode())
    for rel, size, mtime in sorted(_module_stats(root, "")):
        h.update(f"{rel}:{size}:{mtime}\n".encode())
    return h.hexdigest()


def _module_stats(directory: str, prefix: str):
    """(relative path, size, mtime_ns) of every .py/.kiln file below `directory`."""
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _module_stats(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith((".py", ".kiln")):
                st = entry.stat()
                yield f"{prefix}{entry.name}", st.st_size, st.st_mtime_ns


def make_key(sources: Mapping[str, str], *, target_key: str, flags: Iterable[str]) -> str:
    h = hashlib.sha256()
    h.update(f"kiln-native-cache/{FORMAT_VERSION}\n".encode())
    h.update(compiler_fingerprint().encode())
    h.update(target_key.encode())
    h.update(sys.implementation.cache_tag.encode())
    for flag in sorted(flags):
        h.update(f"\nflag:{flag}".encode())
    for path in sorted(sources):
        text = sources[path].encode("utf-8", "surrogatepass")
        h.update(f"\nsource:{path}:{len(text)}\n".encode())
        h.update(text)
    return h.hexdigest()


class NativeCache:
    def __init__(self, root: str | None = None):
        self.root = os.path.join(root or default_root(), "native")

    def _dir(self, key: str) -> str:
        return os.path.join(self.root, key[:2], key)

    def lookup(self, key: str) -> CacheEntry | None:
        directory = self._dir(key)
        try:
            with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
                meta = json.load(f)
            for name, (size, digest) in meta["files"].items():
                path = os.path.join(directory, name)
                if os.path.getsize(path) != size or _sha256(path) != digest:
                    raise ValueError(f"{name} does not match its checksum")
        except FileNotFoundError:
            if os.path.isdir(directory):
                self.discard(key)
            return None
        except (OSError, ValueError, KeyError, TypeError):
            self.discard(key)
            return None
        return CacheEntry(key, directory, meta.get("metadata", {}))

    def store(self, key: str, files: Mapping[str, bytes], metadata: dict) -> CacheEntry:
        final = self._dir(key)
        parent = os.path.dirname(final)
        os.makedirs(parent, exist_ok=True)
        import tempfile                 # a store happens only after a (slow) build
        staging = tempfile.mkdtemp(prefix=".staging-", dir=parent)
        try:
            sums = {}
            for name, data in files.items():
                with open(os.path.join(staging, name), "wb") as f:
                    f.write(data)
                sums[name] = [len(data), hashlib.sha256(data).hexdigest()]
            meta = {"format": FORMAT_VERSION, "files": sums, "metadata": metadata}
            with open(os.path.join(staging, "meta.json"), "w", encoding="utf-8") as f:
                json.dump(meta, f)
            try:
                os.rename(staging, final)
            except OSError:
                # Another process stored the same key first (or a stale entry
                # is in the way): keep a verified one, else replace it.
                if self.lookup(key) is None:
                    os.rename(staging, final)
                else:
                    shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return CacheEntry(key, final, metadata)

    def discard(self, key: str) -> None:
        """Remove an entry (atomically out of the way first, then delete)."""
        directory = self._dir(key)
        trash = f"{directory}.trash-{os.urandom(16).hex()}"
        try:
            os.rename(directory, trash)
        except OSError:
            return
        shutil.rmtree(trash, ignore_errors=True)


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()
