"""The latency benchmark still runs end to end (tiny sizes; its numbers are
not checked here: speed is measured in benchmarks/, not in tests)."""
import pathlib
import subprocess
import sys

BENCH = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "lsp_latency.py"


def test_benchmark_runs_and_reports_every_measure():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--lines", "150", "--warmup", "1", "--edits", "4",
         "--memory-edits", "8", "--settle-seconds", "0.1", "--typing-rounds", "1"],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for measure in ("diagnostics", "definition", "hover", "completion", "references",
                    "server CPU per edit round", "after     8 more edits", "peak (VmHWM)",
                    "diagnostics, typing in an fn body", "server CPU per key, a def body"):
        assert measure in done.stdout, done.stdout
