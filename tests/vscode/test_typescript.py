"""The extension's TypeScript compiles with no errors (strict mode) and its
pure parts pass their unit tests under node's test runner."""
from .tools import local_bin, run_tool


def test_tsc_no_emit_has_no_errors(node_tools):
    proc = run_tool([local_bin("tsc"), "--noEmit", "-p", "."])
    assert proc.returncode == 0, f"tsc --noEmit reported errors:\n{proc.stdout}{proc.stderr}"


def test_unit_tests_pass(node_tools, tmp_path):
    # compiled to a private dir: several pytest workers may run this at once
    compiled = tmp_path / "out"
    proc = run_tool([local_bin("tsc"), "-p", "tsconfig.test.json", "--outDir", str(compiled)])
    assert proc.returncode == 0, f"compiling the unit tests failed:\n{proc.stdout}{proc.stderr}"
    tests = sorted(str(p) for p in (compiled / "test" / "unit").glob("*.test.js"))
    assert tests, "no unit tests were compiled"
    proc = run_tool(["node", "--test", *tests])
    assert proc.returncode == 0, f"unit tests failed:\n{proc.stdout}{proc.stderr}"
    assert "# fail 0" in proc.stdout and "# pass 0" not in proc.stdout, proc.stdout
