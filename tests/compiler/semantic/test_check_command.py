"""`kiln check` end to end: rustc-style text, JSON, exit codes, imports."""
from __future__ import annotations

import json


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_errors_render_rustc_style_and_exit_1(run_kiln, tmp_path):
    _write(tmp_path, "bad.kiln", "fn f(x: Int) -> Int:\n    return x + 1.5\n")
    r = run_kiln("check", "bad.kiln")
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "bad.kiln:2:12: error[K0240]: `+` is not supported between `Int` and `Float64`"
    assert lines[2] == "2 |     return x + 1.5"
    assert lines[3] == "  |            ^^^^^^^"
    assert any(line.startswith("  = hint: ") for line in lines)
    assert "1 error" in r.stderr
    assert "Traceback" not in r.stderr


def test_clean_file_exits_0_and_warnings_do_not_fail(run_kiln, tmp_path):
    _write(tmp_path, "ok.kiln", "import not_a_real_module_kiln\nfn f() -> Int:\n    return 1\n")
    r = run_kiln("check", "ok.kiln")
    assert r.returncode == 0, r.stdout
    assert "warning[K0504]" in r.stdout


def test_json_format_and_imported_module_errors(run_kiln, tmp_path):
    _write(tmp_path, "lib.kiln", "fn half(x: Float64) -> Float64:\n    return x / 2\n")
    _write(tmp_path, "main.kiln", "from lib import half\nfn g(i: Int) -> Float64:\n    return half(i)\n")
    r = run_kiln("check", "main.kiln", "--format", "json")
    assert r.returncode == 1
    items = json.loads(r.stdout)
    assert [(i["code"], i["line"], i["column"]) for i in items] == [("K0202", 3, 17)]
    assert items[0]["hint"]


def test_missing_file_is_one_line_exit_2(run_kiln, tmp_path):
    r = run_kiln("check", "nope.kiln")
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["kiln check: nope.kiln: no such file or directory"]


def test_non_utf8_file_gets_the_same_k0552_as_kiln_run(run_kiln, tmp_path):
    (tmp_path / "latin.kiln").write_bytes(b'x = "\xff\xfe"\n')
    r = run_kiln("check", "latin.kiln")
    assert r.returncode == 1
    assert r.stdout.startswith("latin.kiln:1:6: error[K0552]: the file is not valid UTF-8")
    assert "Traceback" not in r.stderr


def test_a_file_named_two_ways_is_checked_once_and_paths_are_relative(run_kiln, tmp_path):
    _write(tmp_path, "helper.kiln", 'fn helper() -> Int:\n    return "s"\n')
    _write(tmp_path, "main.kiln", "from helper import helper\nfn g() -> Int:\n    return helper()\n")
    r = run_kiln("check", "./main.kiln", str(tmp_path / "main.kiln"), "main.kiln")
    assert r.returncode == 1
    heads = [line for line in r.stdout.splitlines() if ": error[" in line]
    assert heads == ["helper.kiln:2:12: error[K0203]: expected `Int` here, found `StringLiteral`"]
    assert "1 error" in r.stderr


def test_a_directory_checks_every_kiln_file_under_it_in_order(run_kiln, tmp_path):
    _write(tmp_path, "b.kiln", "def f(a, a):\n    pass\n")
    (tmp_path / "pkg" / "deep").mkdir(parents=True)
    _write(tmp_path, "pkg/deep/a.kiln", "fn f() -> Int:\n    return 1.5\n")
    _write(tmp_path, "pkg/ok.kiln", "fn f() -> Int:\n    return 1\n")
    (tmp_path / ".hidden").mkdir()
    _write(tmp_path, ".hidden/skip.kiln", "fn f() -> Int:\n    return 1.5\n")
    _write(tmp_path, "notes.txt", "not kiln")
    r = run_kiln("check", ".")
    assert r.returncode == 1, r.stderr
    heads = [line.split(": error")[0] for line in r.stdout.splitlines() if ": error[" in line]
    assert heads == ["b.kiln:1:10", "pkg/deep/a.kiln:2:12"]
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_kiln("check", "empty")
    assert r.returncode == 0 and "no .kiln files" in r.stderr
