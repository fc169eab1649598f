"""Int / Int is the exact quotient rounded once to Float64, as Python's
int / int, also for operands above 2**53 (converting them to Float64 first
rounds twice). Checked against CPython on edge values, compiled as an fn
called from Python and in an executable."""
import random

import pytest

from .kilnkit import load, run_exe, build_exe

SOURCE = """
fn div(a: Int, b: Int) -> Float64:
    return a / b

fn udiv(a: UInt64, b: UInt64) -> Float64:
    return a / b

fn main():
    print(div(4611686018427387905, 3), div(-9223372036854775808, 7), div(9007199254740993, 1))
"""

EDGES = [0, 1, -1, 3, 7, 10, 2**53 - 1, 2**53, 2**53 + 1, 2**53 + 3, 2**62 + 1, 2**63 - 1,
         -2**63, -2**63 + 1, -(2**53 + 1), 12345678901234567, -98765432109876543, 3**39]


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return load(tmp_path_factory.mktemp("truediv"), SOURCE)


def check(mod, a: int, b: int) -> None:
    got = mod.div(a, b)
    assert got == a / b and str(got) == str(a / b), (a, b)


def test_edge_values_round_like_python(mod):
    for a in EDGES:
        for b in EDGES:
            if b != 0:
                check(mod, a, b)


def test_random_wide_operands_round_like_python(mod):
    rng = random.Random(4)
    for _ in range(3000):
        a = rng.randrange(-2**63, 2**63) >> rng.randrange(0, 63)
        b = (rng.randrange(-2**63, 2**63) >> rng.randrange(0, 63)) or 1
        check(mod, a, b)
    for _ in range(500):
        a, b = rng.randrange(2**64) >> rng.randrange(0, 64), (rng.randrange(2**64) >> rng.randrange(0, 64)) or 1
        assert mod.udiv(a, b) == a / b, (a, b)


def test_zero_divisor_still_faults(mod):
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        mod.div(2**60, 0)


def test_executable_prints_the_same_quotients(tmp_path):
    proc = run_exe(build_exe(tmp_path, SOURCE))
    assert proc.stdout.split() == [repr((2**62 + 1) / 3), repr(-2**63 / 7), repr(float(2**53 + 1) / 1)]
