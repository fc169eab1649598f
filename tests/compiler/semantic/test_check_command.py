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
    assert r.stderr.strip().splitlines() == ["kiln check: nope.kiln: no such file"]
