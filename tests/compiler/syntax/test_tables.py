"""The LALR tables are built once and cached on disk, safely."""
from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from kiln.compiler.syntax import tables


@pytest.fixture(autouse=True)
def no_install_dir(tmp_path_factory, monkeypatch):
    """These tests exercise the user-cache fallback: hide the installed tables
    behind a place that cannot be written."""
    blocker = tmp_path_factory.mktemp("ro") / "file"
    blocker.write_text("")
    monkeypatch.setattr(tables, "install_dir", lambda: blocker / "sub")


def test_installed_tables_are_preferred(tmp_path, monkeypatch):
    installed = tmp_path / "installed"
    monkeypatch.setattr(tables, "install_dir", lambda: installed)
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path / "cache"))
    tables.load_tables()
    assert len(list(installed.glob("kiln-grammar-*.pickle"))) == 1
    assert not (tmp_path / "cache").exists()  # an empty code cache costs no rebuild


def test_cache_written_then_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path))
    first = tables.load_tables()
    files = list(tmp_path.glob("kiln-grammar-*.pickle"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    second = tables.load_tables()
    assert files[0].stat().st_mtime_ns == stamp  # read, not rebuilt
    assert second.actions == first.actions and second.rules == first.rules


def test_corrupt_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path))
    good = tables.load_tables()
    path = next(tmp_path.glob("kiln-grammar-*.pickle"))
    path.write_bytes(b"\x80\x04 not a pickle")
    again = tables.load_tables()  # lark numbers states differently per build
    assert len(again.actions) == len(good.actions)
    assert sorted(r.text for r in again.rules) == sorted(r.text for r in good.rules)
    with open(path, "rb") as f:
        assert pickle.load(f).actions == again.actions  # and the file was repaired


def test_unwritable_cache_still_parses(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("KILN_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    assert tables.load_tables().actions


def test_concurrent_first_builds(tmp_path):
    code = ("from kiln.compiler.syntax.parser import parse\n"
            "r = parse('fn f(x: Int) -> Int:\\n    return x\\n')\n"
            "assert not r.diagnostics\n")
    env = {"KILN_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = ("from kiln.compiler.syntax import tables\n"
            "tables.install_dir = lambda: tables.Path('/dev/null/none')\n" + code)
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert len(list(tmp_path.glob("kiln-grammar-*.pickle"))) == 1
    assert not list(tmp_path.glob("*.tmp"))
