"""`kiln profile` end to end: the real CLI, the real py-spy, a mixed-tier program."""
from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from .recorded import DATA

PROGRAM = os.path.join(DATA, "threads.kiln")


def _copy_program(tmp_path) -> str:
    target = tmp_path / "threads.kiln"
    shutil.copy(PROGRAM, target)
    return str(target)


@pytest.fixture(scope="module")
def collapsed(tmp_path_factory, kiln_exe, shared_cache_dir):
    """One profiled run, folded output: (completed process, folded text, lines json, folder)."""
    import subprocess
    folder = tmp_path_factory.mktemp("profile")
    program = _copy_program(folder)
    env = dict(os.environ, KILN_CACHE_DIR=str(shared_cache_dir), COLUMNS="140")
    proc = subprocess.run([*kiln_exe, "profile", "--format", "collapsed", "-o", "out/run.folded",
                           program], cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    folded = (folder / "out" / "run.folded").read_text() if proc.returncode == 0 else ""
    lines = json.loads((folder / "out" / "run.lines.json").read_text()) if folded else {}
    return proc, folded, lines, folder


def test_program_runs_and_report_is_printed(collapsed):
    proc, _, _, _ = collapsed
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("22530300299.97")          # the program's own output first
    assert re.search(r"^\s+inner\s+\d+\.\d%\s+\d+\.\d%\s+compiled\s+threads\.kiln:6$", proc.stdout, re.M)
    assert re.search(r"^\s+driver\s+.*python\s+threads\.kiln:33$", proc.stdout, re.M)
    assert "Flame graph (collapsed): out/run.folded" in proc.stdout


def test_fn_line_under_the_def_that_calls_it(collapsed):
    _, folded, _, _ = collapsed
    assert re.search(r"^main thread;main \(threads\.kiln:41\);driver \(threads\.kiln:36\);"
                     r"hot_loop \[fn\] \(threads\.kiln:16\);inner \[fn\] \(threads\.kiln:(8|9)\) \d+$",
                     folded, re.M), folded


def test_parallelize_workers_are_their_own_threads(collapsed):
    _, folded, _, _ = collapsed
    workers = re.findall(r"^parallelize worker (\d+);spread\.work \[fn\] \(threads\.kiln:\d+\);"
                         r"inner \[fn\] \(threads\.kiln:(?:8|9)\) \d+$", folded, re.M)
    assert workers, folded
    assert not re.search(r"kiln\.bridge|parallel task|kiln_parallel|_PyEval|runner\.py|launcher\.py",
                         folded)


def test_hot_lines_json_written_beside(collapsed):
    _, _, lines, _ = collapsed
    top = lines["lines"][0]
    assert top["function"] == "inner" and top["tier"] == "compiled" and top["line"] in (8, 9)
    assert top["text"] in ("acc = acc * 1.0000001 + 0.5", "for i in range(200):")


def test_html_is_the_default_output(run_kiln, tmp_path):
    program = _copy_program(tmp_path)
    proc = run_kiln("profile", program)
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "threads.profile.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and not re.search(r"https?:", page)
    assert (tmp_path / "threads.profile.lines.json").exists()


FAILING = '''\
fn step(i: Int) -> Int:
    return i % 7


def main():
    total = 0
    for i in range(2000000):
        total += step(i)
    print(total)
    raise ValueError("after the work")
'''


def test_failing_program_still_profiled_with_its_status(run_kiln, tmp_path):
    (tmp_path / "fails.kiln").write_text(FAILING)
    proc = run_kiln("profile", "--format", "speedscope", "--rate", "500", "fails.kiln")
    assert proc.returncode == 1
    assert "ValueError: after the work" in proc.stderr
    assert "runner.py" not in proc.stderr and "launcher.py" not in proc.stderr
    assert "the program exited with status 1" in proc.stdout
    doc = json.loads((tmp_path / "fails.speedscope.json").read_text())
    assert doc["profiles"] and doc["profiles"][0]["name"] == "main thread"


def test_compile_errors_are_diagnostics_and_exit_1(run_kiln, tmp_path):
    (tmp_path / "bad.kiln").write_text('fn f(x: Int) -> Int:\n    return "text"\n\n\ndef main():\n    f(1)\n')
    proc = run_kiln("profile", "bad.kiln")
    assert proc.returncode == 1
    assert re.search(r"error\[K\d{4}\]", proc.stderr), proc.stderr
    assert "bad.kiln:2" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "bad.profile.html").exists()


def test_missing_pyspy_is_one_line(run_kiln, tmp_path):
    program = _copy_program(tmp_path)
    proc = run_kiln("profile", program, env={"KILN_PY_SPY": str(tmp_path / "no-py-spy")})
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "py-spy not found" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("args,message", [
    (["missing.kiln"], "missing.kiln: no such file"),
    (["--rate", "0", "PROGRAM"], "--rate must be between 1 and 10000"),
])
def test_usage_errors_exit_2(run_kiln, tmp_path, args, message):
    program = _copy_program(tmp_path)
    proc = run_kiln("profile", *[program if a == "PROGRAM" else a for a in args])
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1


ENDLESS = '''\
import sys


fn inner(x: Float64) -> Float64:
    var acc = x
    for i in range(200):
        acc = acc * 1.0000001 + 0.5
    return acc


def main():
    print("started", flush=True)
    total = 0.0
    while True:
        total += inner(total)
'''


def test_ctrl_c_stops_the_program_and_keeps_the_profile(kiln_exe, tmp_path, shared_cache_dir):
    """SIGINT to the terminal's process group, as Ctrl-C sends it: the program
    stops as under `kiln run` (KeyboardInterrupt, 130) and the samples taken
    so far are reported."""
    import signal
    import subprocess
    (tmp_path / "endless.kiln").write_text(ENDLESS)
    env = dict(os.environ, KILN_CACHE_DIR=str(shared_cache_dir))
    proc = subprocess.Popen([*kiln_exe, "profile", "--format", "collapsed", "endless.kiln"], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout.readline() == "started\n"
        import time
        time.sleep(1.0)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "KeyboardInterrupt" in err
    assert re.search(r"^\s+inner\s+.*compiled\s+endless\.kiln:4$", out, re.M), out
    assert (tmp_path / "endless.folded").read_text().count("inner [fn]") >= 1
