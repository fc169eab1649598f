"""The search order for `.kiln` modules (module_locator.py) and the compiled
standard library as the last resort."""
from __future__ import annotations

import os
import sys

import pytest

import kiln
from kiln.compiler.pytier import module_locator
from kiln.compiler.pytier.module_locator import (find_in_dir, find_on_sys_path, find_stdlib_fallback,
                                                 find_top_level)


def touch(root, *rels):
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def test_package_beats_module_in_one_directory(tmp_path):
    touch(tmp_path, "m.kiln", "m/__init__.kiln")
    found = find_in_dir(str(tmp_path), "m")
    assert found.is_package and found.path == str(tmp_path / "m" / "__init__.kiln")
    assert found.package_dir == str(tmp_path / "m")


def test_importer_directory_then_kiln_path(tmp_path, monkeypatch):
    touch(tmp_path, "app/a.kiln", "lib/a.kiln", "lib/b.kiln")
    monkeypatch.setenv("KILN_PATH", str(tmp_path / "lib"))
    importer = str(tmp_path / "app" / "main.kiln")
    assert find_top_level("a", importer, scan_sys_path=False).path == str(tmp_path / "app" / "a.kiln")
    assert find_top_level("b", importer, scan_sys_path=False).path == str(tmp_path / "lib" / "b.kiln")
    assert find_top_level("c", importer, scan_sys_path=False) is None


def test_sys_path_order_and_python_precedence(tmp_path):
    touch(tmp_path, "one/mod.py", "two/mod.kiln", "two/other.kiln", "ns/other/readme.kiln")
    path = [str(tmp_path / "ns"), str(tmp_path / "one"), str(tmp_path / "two")]
    assert find_on_sys_path("mod", path) is None                     # mod.py comes first
    assert find_on_sys_path("other", path).path == str(tmp_path / "two" / "other.kiln")  # a bare dir does not count
    assert find_on_sys_path("sys", [str(tmp_path / "two")]) is None  # built in
    touch(tmp_path, "two/os.kiln")
    assert find_on_sys_path("os", [str(tmp_path / "two")]) is None   # frozen


def test_stdlib_fallback_only_for_names_python_lacks(tmp_path, monkeypatch):
    touch(tmp_path, "vecalgo.kiln", "json.kiln")
    monkeypatch.setattr(module_locator, "STDLIB_DIR", str(tmp_path))
    assert find_stdlib_fallback("vecalgo").path == str(tmp_path / "vecalgo.kiln")
    assert find_stdlib_fallback("json") is None


@pytest.mark.usefixtures("isolated_imports")
def test_kiln_code_imports_the_compiled_stdlib_last(tmp_path, monkeypatch):
    stdlib = tmp_path / "stdlib"
    stdlib.mkdir()
    (stdlib / "vecalgo.kiln").write_text("def vectorize(f):\n    return f\n")
    (stdlib / "json.kiln").write_text("raise RuntimeError('must not shadow json')\n")
    monkeypatch.setattr(module_locator, "STDLIB_DIR", str(stdlib))
    (tmp_path / "prog.kiln").write_text("from vecalgo import vectorize\nimport json\nok = vectorize(json.dumps)([1])\n")
    mod = kiln.load(tmp_path / "prog.kiln")
    assert mod.ok == "[1]"
    assert sys.modules["vecalgo"].__file__ == os.path.join(str(stdlib), "vecalgo.kiln")
