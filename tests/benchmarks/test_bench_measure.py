"""Measuring implementations with the real harness code on small real
processes: a good one, a cheating one, a crashing one, a hanging one."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from harness.kernels import kernel_named  # noqa: E402
from harness.measure import BuildCache, Settings, measure  # noqa: E402
from harness.peers import Implementation  # noqa: E402
from harness.verify import verify  # noqa: E402


def _impl(tmp_path, peer, body, kernel="fib", **extra):
    script = tmp_path / f"{peer}.py"
    script.write_text("import sys\nn, reps = int(sys.argv[1]), int(sys.argv[2])\n" + body)
    return Implementation(kernel, peer, script, (sys.executable, str(script)), **extra)


def _measure(tmp_path, impl, kernel="fib", timeout=30.0):
    settings = Settings("tiny", reps=3, slow_reps=1, timeout=timeout, work_dir=tmp_path)
    return measure(impl, kernel_named(kernel), settings, BuildCache())


GOOD = "for r in range(reps):\n    print(f'BENCH rep {100 + r} 610')\n"


def test_best_repetition_and_process_time(tmp_path):
    row = _measure(tmp_path, _impl(tmp_path, "CPython", GOOD, slow=True))
    assert row.ok, row.failed
    assert row.rep_ns == [100]                       # slow peers get slow_reps
    assert row.command[-2:] == ["15", "1"]          # tiny fib size, then REPS
    assert (row.kernel_ns, row.checksum) == (100.0, 610)
    assert row.process_ns > 0 and row.compile_ns is None


def test_cold_and_warm_runs_give_a_compile_time(tmp_path):
    # the first run (empty cache dir) is slow outside its kernel, the second is not
    body = ("import os, time\n"
            "cache = os.environ['KILN_CACHE_DIR']\n"
            "if not os.listdir(cache):\n"
            "    time.sleep(0.3); open(os.path.join(cache, 'x'), 'w').close()\n" + GOOD)
    row = _measure(tmp_path, _impl(tmp_path, "Kiln", body, cold_and_warm=True))
    assert row.ok, row.failed
    assert row.cold_process_ns - row.process_ns > 250_000_000
    assert 250_000_000 < row.compile_ns < 2_000_000_000


def test_a_crash_is_a_failed_row_with_its_reason(tmp_path):
    body = "sys.stderr.write('kiln: error[K0301]: cannot call def from fn\\n'); sys.exit(1)\n"
    row = _measure(tmp_path, _impl(tmp_path, "Kiln", body, cold_and_warm=True))
    assert row.failed == "cold run: kiln: error[K0301]: cannot call def from fn"


def test_a_python_traceback_reports_its_last_line(tmp_path):
    row = _measure(tmp_path, _impl(tmp_path, "Numba", "import no_such_module_here\n"))
    assert row.failed == "ModuleNotFoundError: No module named 'no_such_module_here'"


def test_a_hang_times_out(tmp_path):
    row = _measure(tmp_path, _impl(tmp_path, "C", "import time; time.sleep(30)\n"), timeout=0.5)
    assert row.failed == "timed out after 0.5 s"


def test_checksums_must_agree_between_repetitions(tmp_path):
    body = "for r in range(reps):\n    print(f'BENCH rep 5 {610 + r}')\n"
    row = _measure(tmp_path, _impl(tmp_path, "Numba", body))
    assert row.failed == "checksum changed between repetitions: [610, 611, 612]"


def test_a_cheating_peer_is_caught_by_the_cross_check(tmp_path):
    honest = _measure(tmp_path, _impl(tmp_path, "CPython", GOOD))
    cheat = _measure(tmp_path, _impl(tmp_path, "C", "for r in range(reps):\n    print('BENCH rep 1 0')\n"))
    verify(kernel_named("fib"), [cheat, honest])
    assert cheat.failed == "checksum 0 != 610 from CPython"


def test_bridge_time_is_per_call_minus_the_empty_loop(tmp_path):
    body = ("for r in range(reps):\n"
            "    print('BENCH baseline', 1000 * n, 900 * n)\n"
            "    print('BENCH rep', 1000 * n + 50 * n, n * (n - 1) // 2, 900 * n + 40 * n)\n")
    row = _measure(tmp_path, _impl(tmp_path, "Numba", body, kernel="bridge"), kernel="bridge")
    assert row.ok, row.failed
    assert (row.kernel_ns, row.kernel_cpu_ns) == (50.0, 40.0)


def test_cpu_time_is_kept_except_for_parallel_kernels(tmp_path):
    body = "for r in range(reps):\n    print(f'BENCH rep {100 + r} 610 {80 - r}')\n"
    serial = _measure(tmp_path, _impl(tmp_path, "C", body))
    assert (serial.kernel_ns, serial.kernel_cpu_ns, serial.rep_cpu_ns) == (100.0, 78.0, [80, 79, 78])
    parallel = _measure(tmp_path, _impl(tmp_path, "C", body.replace("610", "0.5"), kernel="matmul_best"),
                        kernel="matmul_best")
    assert parallel.ok and parallel.kernel_cpu_ns is None


def test_cold_and_warm_runs_must_compute_the_same(tmp_path):
    body = ("import os\n"
            "cache = os.environ['KILN_CACHE_DIR']\n"
            "cold = not os.listdir(cache)\n"
            "open(os.path.join(cache, 'x'), 'w').close()\n"
            "for r in range(reps):\n    print(f'BENCH rep 5 {611 if cold else 610}')\n")
    row = _measure(tmp_path, _impl(tmp_path, "Kiln", body, cold_and_warm=True))
    assert row.failed == "cold run checksums [611] != warm run's 610"
