"""The Python tier's on-disk cache: what makes a second `kiln run` of an
unchanged program skip the parser and the checker entirely.

Two kinds of entries, both keyed by a SHA-256 that includes the compiler's
fingerprint (Kiln's version, every compiler file's name/size/mtime, the
Python version and bytecode magic, `-O`):

- a unit: one file's code object (marshal) and the globals it needs, keyed
  by its path and text digest (`kiln run`'s `__main__` code, wrapped to end
  the program itself, is a separate "main" entry). Files that declare
  compiled-tier names are not cached here (the native tier caches those, and needs the tree anyway).
- a passed check: the files of a program's import closure with their digests,
  their import statements and what those resolved to. It is only trusted if
  every file still has its digest and every import still resolves to the same
  files (a new `helper.kiln` beside the program changes that).

Writes go to a temporary file and `os.replace` (atomic; concurrent runs are
fine). Unreadable, corrupt or foreign entries are misses; an unwritable cache
directory just means no caching. `KILN_CACHE_DIR` moves the cache,
`KILN_NO_CACHE=1` turns it off.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import marshal
import os
import sys
import tempfile
import types
from typing import Iterable

from . import module_locator
from .compile_unit import CachedUnit
from .compile_warnings import CompileWarning
from .import_graph import ImportRequest, resolve
from .program_check import CheckedFile, ProgramCheck
from .source_reading import SourceReadError, read_source, text_digest

FORMAT = 3
_COMPILER_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@functools.cache
def fingerprint() -> str:
    from kiln import __version__  # the umbrella package: version only
    h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}|{sys.flags.optimize}".encode())
    h.update(importlib.util.MAGIC_NUMBER)
    h.update(compiler_files_state().encode())
    return h.hexdigest()


def compiler_files_state() -> str:
    """Name, size and mtime of every compiler source file (editable installs
    change under a running toolchain's feet)."""
    lines = []
    for root, dirs, files in os.walk(_COMPILER_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".kiln", ".lark")):
                st = os.stat(os.path.join(root, name))
                lines.append(f"{root}/{name}|{st.st_size}|{st.st_mtime_ns}")
    return "\n".join(lines)


class CodeCache:
    def __init__(self, root: str):
        self.root = root

    @classmethod
    def default(cls) -> "CodeCache | None":
        if os.environ.get("KILN_NO_CACHE"):
            return None
        base = os.environ.get("KILN_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "kiln")
        return cls(os.path.join(base, "pytier"))

    # -- units -------------------------------------------------------------------
    def load_unit(self, path: str, digest: str, kind: str = "unit") -> CachedUnit | None:
        """`kind`: "unit" (a module's code) or "main" (`kiln run`'s wrapped __main__)."""
        data = self._read(self._key(kind, path, digest, module_locator.STDLIB_DIR))
        try:
            fmt, code, prelude, uses_ct, main_line, warned = marshal.loads(data) if data else (None,) * 6
            recorded = tuple(CompileWarning(str(c), str(m), int(n)) for c, m, n in warned or ())
        except (ValueError, EOFError, TypeError):
            return None
        if fmt != FORMAT or not isinstance(code, types.CodeType) or code.co_filename != path:
            return None
        return CachedUnit(code, tuple(prelude), bool(uses_ct), int(main_line), recorded)

    def store_unit(self, path: str, digest: str, unit: CachedUnit, kind: str = "unit") -> None:
        warned = tuple((w.category, w.message, w.lineno) for w in unit.compile_warnings)
        payload = marshal.dumps((FORMAT, unit.code, tuple(unit.prelude_names), unit.uses_ct_args,
                                 unit.main_line, warned))
        self._write(self._key(kind, path, digest, module_locator.STDLIB_DIR), payload)

    # -- passed program checks ------------------------------------------------------
    def load_check(self, entry: str, digest: str, scan_sys_path: bool) -> list[CheckedFile] | None:
        data = self._read(self._key("check", entry, digest, str(scan_sys_path)))
        try:
            files = [_file_from_json(item) for item in json.loads(data)["files"]] if data else None
        except (ValueError, KeyError, TypeError):
            return None
        if not files or not all(_still_valid(f, scan_sys_path) for f in files):
            return None
        return files

    def store_check(self, check: ProgramCheck, digest: str) -> None:
        payload = json.dumps({"files": [_file_to_json(f) for f in check.files]}).encode()
        self._write(self._key("check", check.entry, digest, str(check.scan_sys_path)), payload)

    # -- files -------------------------------------------------------------------------
    def _key(self, kind: str, *parts: str) -> str:
        h = hashlib.sha256("\0".join((fingerprint(), kind, *parts)).encode("utf-8", "surrogatepass"))
        name = h.hexdigest()
        return os.path.join(self.root, name[:2], f"{name}.{kind}")

    def _read(self, path: str) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def _write(self, path: str, payload: bytes) -> None:
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, path)
        except OSError:
            pass  # a read-only or full cache directory only costs speed


def _still_valid(file: CheckedFile, scan_sys_path: bool) -> bool:
    try:
        text = read_source(file.path)
    except SourceReadError:
        return False
    if text.diagnostics or text_digest(text.source.text) != file.digest:
        return False
    resolved = dict.fromkeys(loc.path for req in file.requests
                             for loc in resolve(req, file.path, scan_sys_path=scan_sys_path))
    return tuple(resolved) == file.resolved


def _file_to_json(file: CheckedFile) -> dict:
    return {"path": file.path, "digest": file.digest, "resolved": list(file.resolved),
            "requests": [[r.module, r.level, list(r.names), r.is_from] for r in file.requests]}


def _file_from_json(item: dict) -> CheckedFile:
    requests = tuple(ImportRequest(str(m), int(lv), tuple(map(str, names)), bool(f))
                     for m, lv, names, f in item["requests"])
    return CheckedFile(str(item["path"]), str(item["digest"]), requests, tuple(map(str, item["resolved"])))


def digests_of(files: Iterable[CheckedFile]) -> dict[tuple[str, str], None]:
    return {(f.path, f.digest): None for f in files}
