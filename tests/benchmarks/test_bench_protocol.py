"""The result-line protocol and the checksum cross-check of the benchmark
harness (benchmarks/harness), on literal inputs."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from harness.kernels import kernel_named  # noqa: E402
from harness.protocol import ProtocolError, Rep, parse_report  # noqa: E402
from harness.rows import Row  # noqa: E402
from harness.verify import compare, verify  # noqa: E402


def check(stdout: str, reps: list[tuple], compile_ns=None, baselines=()):
    report = parse_report(stdout)
    assert report.reps == [Rep(*rep) for rep in reps]
    assert report.compile_ns == compile_ns
    assert report.baselines_ns == list(baselines)


def test_reps_with_integer_and_float_checksums():
    check("BENCH rep 120 2178309\nBENCH rep 99 2178309\n", [(120, 2178309), (99, 2178309)])
    check("BENCH rep 5 -0.16908618459861258\n", [(5, -0.16908618459861258)])


def test_cpu_time_after_the_checksum():
    check("BENCH rep 120 610 95\nBENCH rep 99 610 90\n", [(120, 610, 95), (99, 610, 90)])
    assert parse_report("BENCH rep 1 2 3\nBENCH rep 1 2\n").cpu_times() is None
    assert parse_report("BENCH baseline 15 9\nBENCH rep 1 2 3\n").baselines_cpu_ns == [9]


def test_program_output_between_result_lines_is_ignored():
    check("hello\nBENCH compile 340\n  BENCH rep 7 1\nBENCHMARK 3\n", [(7, 1)], compile_ns=340)


def test_bridge_baselines():
    check("BENCH baseline 15\nBENCH rep 40 3\nBENCH baseline 16\nBENCH rep 41 3\n",
          [(40, 3), (41, 3)], baselines=(15, 16))


@pytest.mark.parametrize("stdout, message", [
    ("", "no `BENCH rep`"),
    ("BENCH rep 12\n", "unknown result line"),
    ("BENCH rep 12 1 2 3\n", "unknown result line"),
    ("BENCH rep 12 1 x\n", "not an integer"),
    ("BENCH rep x 1\n", "not an integer"),
    ("BENCH rep -4 1\n", "negative time"),
    ("BENCH rep 4 banana\n", "not a number"),
    ("BENCH flops 9\n", "unknown result line"),
])
def test_malformed_output_is_a_protocol_error(stdout, message):
    with pytest.raises(ProtocolError, match=message):
        parse_report(stdout)


def test_compare_exact_within_tolerance_and_mismatch():
    assert compare(160574928, 160574928, 0.0) == "exact"
    assert compare(-139.296875, -139.296875, 0.0) == "exact"
    assert compare(160500355, 160574928, 2e-3) == "~5e-04"
    assert compare(160500355, 160574928, 0.0) is None
    assert compare(None, 1, 0.5) is None


def _row(peer, checksum):
    return Row("fib", peer, [], checksum=checksum, kernel_ns=1.0)


def test_a_peer_with_a_wrong_checksum_fails_its_row():
    rows = [_row("Kiln", 610), _row("C", 611), _row("CPython", 610)]
    verify(kernel_named("fib"), rows)
    kiln, c, cpython = rows
    assert (kiln.check, kiln.ok) == ("exact", True)
    assert cpython.check == "reference"
    assert not c.ok and c.failed == "checksum 611 != 610 from CPython"


def test_the_reference_falls_back_when_cpython_failed():
    rows = [_row("C", 610), _row("CPython", None).fail("timed out after 1 s"), _row("Numba", 610)]
    verify(kernel_named("fib"), rows)
    assert [row.check for row in rows] == ["reference", "", "exact"]
