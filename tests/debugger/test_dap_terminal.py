"""`kiln debug FILE`: the terminal debugger, driven through its stdin."""
import subprocess
import sys

from conftest import line_of, needs_gdb


def debug(path, commands: list[str], cache_dir, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {**__import__("os").environ, "KILN_CACHE_DIR": str(cache_dir)}
    return subprocess.run([sys.executable, "-m", "kiln", "debug", str(path)], input="\n".join(commands) + "\n",
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=path.parent)


@needs_gdb
def test_a_terminal_session_over_both_tiers(program, shared_cache_dir):
    path = program("tiers.kiln")
    fn_line, def_line = line_of(path, "NORM2_FIRST"), line_of(path, "HELPER_BODY")
    result = debug(path, [f"break {def_line}", f"break tiers.kiln:{fn_line}", "run", "locals", "continue",
                          "bt", "locals", "print p.y", "up", "up", "print y", "next", "finish", "delete",
                          "continue", "quit"], shared_cache_dir)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert f"Breakpoint 1, helper (tiers.kiln:{def_line})" in out
    assert "a: int = 10" in out and "b: int = 3" in out
    assert f"Breakpoint 2, norm2 (tiers.kiln:{fn_line})" in out
    assert f"*#0  norm2 at tiers.kiln:{fn_line}" in out
    assert f"#2  main at tiers.kiln:{line_of(path, 'MAIN_KERNEL')}" in out
    assert "p: Point = Point(x=3.0, y=4.0)" in out and "    x: Float64 = 3.0" in out
    assert "p.y = 4.0 (Float64)" in out
    assert "y = 26 (int)" in out
    assert f"norm2 (tiers.kiln:{line_of(path, 'NORM2_SECOND')})" in out
    assert "result 78.25" in out and "norm 5.0" in out
    assert "Program exited with code 0." in out
    assert "Traceback" not in result.stderr


def test_terminal_reports_a_missing_file_and_unknown_commands(tmp_path, shared_cache_dir):
    missing = debug(tmp_path / "nope.kiln", [], shared_cache_dir)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    path = tmp_path / "ok.kiln"
    path.write_text("print('hi')\n")
    result = debug(path, ["frobnicate", "bt", "break nowhere", "run", "quit"], shared_cache_dir)
    assert "Unknown command `frobnicate`" in result.stdout
    assert "The program is not stopped." in result.stdout
    assert "usage: break [FILE:]LINE" in result.stdout
    assert "hi\n" in result.stdout and "Program exited with code 0." in result.stdout


def test_terminal_shows_compile_errors_once_and_can_quit(program, shared_cache_dir):
    path = program("broken.kiln")
    result = debug(path, ["run", "run", "quit"], shared_cache_dir)
    assert result.returncode == 0
    assert result.stdout.count("error: broken.kiln did not start (the errors are above)") == 2
    assert result.stderr.count("error[K0240]") == 2          # once per run
    assert "Traceback" not in result.stderr
