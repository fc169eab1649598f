"""The on-disk cache: an unchanged program is neither parsed nor checked
again; any change that could matter (a file's text, what an import resolves
to) is noticed; broken entries are misses."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from kiln.compiler.pytier import checking, code_cache, compile_unit, program_check
from kiln.compiler.pytier.code_cache import CodeCache
from kiln.compiler.pytier.compile_unit import compile_module
from kiln.compiler.pytier.session import SESSION
from kiln.compiler.pytier.source_reading import read_source

pytestmark = pytest.mark.usefixtures("isolated_imports")


@pytest.fixture
def parses(monkeypatch):
    """Count the parser's calls (the real parser still does the work)."""
    calls: list[str] = []
    real = compile_unit.parse_source

    def counting(source):
        calls.append(os.path.basename(source.path))
        return real(source)

    monkeypatch.setattr(compile_unit, "parse_source", counting)
    monkeypatch.setattr(program_check, "parse_source", counting)
    return calls


def source_of(path: pathlib.Path):
    return read_source(str(path)).source


def new_process():
    """What a second `kiln run` starts with: nothing checked in memory."""
    SESSION.reset()


def test_unit_is_compiled_once(tmp_path, parses):
    path = tmp_path / "m.kiln"
    path.write_text("def main():\n    return Int('7')\n")
    cache = CodeCache.default()
    first = compile_module(source_of(path), module_name="m", cache=cache)
    second = compile_module(source_of(path), module_name="m", cache=cache)
    assert parses == ["m.kiln"]
    assert second.code.co_filename == str(path) and second.defines_main
    assert second.globals == first.globals == {"Int": int}
    namespace = dict(second.globals)
    exec(second.code, namespace)
    assert namespace["main"]() == 7


def test_corrupt_unit_is_a_miss(tmp_path, parses):
    path = tmp_path / "m.kiln"
    path.write_text("x = 1\n")
    cache = CodeCache.default()
    compile_module(source_of(path), module_name="m", cache=cache)
    for entry in pathlib.Path(cache.root).rglob("*.unit"):
        entry.write_bytes(b"\x00garbage")
    again = compile_module(source_of(path), module_name="m", cache=cache)
    assert again.ok and parses == ["m.kiln", "m.kiln"]


def program(tmp_path):
    (tmp_path / "main.kiln").write_text("import helper\nprint(helper.VALUE)\n")
    (tmp_path / "helper.kiln").write_text("VALUE = 1\n")
    return source_of(tmp_path / "main.kiln")


def test_passed_check_is_remembered(tmp_path, parses):
    assert checking.ensure_checked(program(tmp_path)) is None
    assert sorted(parses) == ["helper.kiln", "main.kiln"]
    new_process()
    assert checking.ensure_checked(source_of(tmp_path / "main.kiln")) is None
    assert sorted(parses) == ["helper.kiln", "main.kiln"]
    assert len(SESSION.checked) == 2


def test_an_edited_import_is_checked_again(tmp_path, parses):
    checking.ensure_checked(program(tmp_path))
    (tmp_path / "helper.kiln").write_text("VALUE = (\n")
    new_process()
    failed = checking.ensure_checked(source_of(tmp_path / "main.kiln"))
    assert failed is not None and failed.errors[0].span.file == str(tmp_path / "helper.kiln")
    new_process()
    assert checking.ensure_checked(source_of(tmp_path / "main.kiln")) is not None  # failures are not cached


def test_a_new_module_that_changes_an_import_is_noticed(tmp_path, parses):
    (tmp_path / "main.kiln").write_text("import json\n")
    checking.ensure_checked(source_of(tmp_path / "main.kiln"))
    (tmp_path / "json.kiln").write_text("broken = (\n")  # now `import json` means this file
    new_process()
    assert checking.ensure_checked(source_of(tmp_path / "main.kiln")) is not None


def test_second_kiln_run_does_not_load_the_parser(tmp_path):
    (tmp_path / "prog.kiln").write_text("import helper\n\ndef main():\n    print(helper.twice(21))\n")
    (tmp_path / "helper.kiln").write_text("def twice(x: Int) -> Int:\n    return 2 * x\n")
    env = dict(os.environ)  # the shared cache dir: entries are keyed by these tmp paths
    for _ in range(3):  # the compiler's own files must not change in between (live editing)
        before = code_cache.compiler_files_state()
        runs = [subprocess.run([sys.executable, "-X", "importtime", "-m", "kiln", "run", "prog.kiln"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
                for _ in range(2)]
        if code_cache.compiler_files_state() == before:
            break
    assert [(r.returncode, r.stdout) for r in runs] == [(0, "42\n"), (0, "42\n")], runs[-1].stderr[-2000:]
    assert "kiln.compiler.syntax.parser" in runs[0].stderr
    assert "kiln.compiler.syntax.parser" not in runs[1].stderr
