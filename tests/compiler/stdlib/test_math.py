"""`math` (compiler/stdlib/math.kiln plus the float intrinsics): the names
Python's `math` also has give Python's results, checked on random inputs
through the bridge; a whole program gives the same output run and built."""
from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings, strategies as st

import kiln

from .stdlibkit import load, run_and_build

INT_MAX = 2 ** 63 - 1
ints = st.integers(-(2 ** 62), 2 ** 62)
small = st.integers(-5, 80)
floats = st.floats(allow_nan=True, allow_infinity=True)
tolerances = st.sampled_from([0.0, 1e-12, 1e-9, 1e-6, 0.1, 1.0])

WRAPPERS = """
from math import gcd, lcm, comb, perm, factorial, isqrt, isclose, degrees, radians, clamp
from math import pi, e, tau, inf, nan, sqrt

fn m_gcd(a: Int, b: Int) -> Int:
    return gcd(a, b)

fn m_lcm(a: Int, b: Int) -> Int:
    return lcm(a, b)

fn m_comb(n: Int, k: Int) raises -> Int:
    return comb(n, k)

fn m_perm(n: Int, k: Int) raises -> Int:
    return perm(n, k)

fn m_perm1(n: Int) raises -> Int:
    return perm(n)

fn m_factorial(n: Int) raises -> Int:
    return factorial(n)

fn m_isqrt(n: Int) raises -> Int:
    return isqrt(n)

fn m_isclose(a: Float64, b: Float64, rel: Float64, abs_: Float64) -> Bool:
    return isclose(a, b, rel_tol=rel, abs_tol=abs_)

fn m_isclose_default(a: Float64, b: Float64) -> Bool:
    return isclose(a, b)

fn m_degrees(x: Float64) -> Float64:
    return degrees(x)

fn m_radians(x: Float64) -> Float64:
    return radians(x)

fn m_clamp(x: Int, lo: Int, hi: Int) -> Int:
    return clamp(x, lo, hi)

fn m_constants() -> Tuple[Float64, Float64, Float64, Float64]:
    return (pi, e, tau, inf)

fn m_nan() -> Float64:
    return nan
"""


@pytest.fixture(scope="module")
def m(tmp_path_factory):
    return load(tmp_path_factory.mktemp("math"), WRAPPERS)


def same(kiln_call, python_call):
    """Both give the same value, or Python's ValueError is Kiln's Error with
    the same message (Python's big results are Kiln's 'does not fit')."""
    try:
        expected = python_call()
    except ValueError as exc:
        with pytest.raises(kiln.Error) as got:
            kiln_call()
        assert str(got.value) == str(exc)
        return
    if isinstance(expected, int) and not isinstance(expected, bool) and expected > INT_MAX:
        with pytest.raises(kiln.Error, match="does not fit in Int"):
            kiln_call()
        return
    got = kiln_call()
    assert got == expected or (got != got and expected != expected), (got, expected)
    assert type(got) is type(expected)


@settings(max_examples=300, deadline=None)
@given(ints, ints)
def test_gcd_lcm(m, a, b):
    same(lambda: m.m_gcd(a, b), lambda: math.gcd(a, b))
    assume(abs(math.lcm(a, b)) <= INT_MAX)
    same(lambda: m.m_lcm(a, b), lambda: math.lcm(a, b))


@settings(max_examples=300, deadline=None)
@given(small, small)
def test_comb_perm_factorial(m, n, k):
    same(lambda: m.m_comb(n, k), lambda: math.comb(n, k))
    same(lambda: m.m_perm(n, k), lambda: math.perm(n, k))
    same(lambda: m.m_perm1(n), lambda: math.perm(n))
    same(lambda: m.m_factorial(n), lambda: math.factorial(n))


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10 ** 6), st.integers(0, 10 ** 6))
def test_comb_of_large_n_stays_exact_until_it_overflows(m, n, k):
    same(lambda: m.m_comb(n, k), lambda: math.comb(n, k))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(-10, INT_MAX), st.integers(INT_MAX - 10 ** 6, INT_MAX),
                 st.sampled_from([r * r + d for r in (3037000499, 2 ** 31, 10 ** 9) for d in (-1, 0, 1)])))
def test_isqrt(m, n):
    same(lambda: m.m_isqrt(n), lambda: math.isqrt(n))


@settings(max_examples=400, deadline=None)
@given(floats, floats, tolerances, tolerances)
def test_isclose(m, a, b, rel, abs_):
    same(lambda: m.m_isclose(a, b, rel, abs_), lambda: math.isclose(a, b, rel_tol=rel, abs_tol=abs_))
    same(lambda: m.m_isclose_default(a, b), lambda: math.isclose(a, b))
    near = a * (1 + 1e-10) if math.isfinite(a) else a
    same(lambda: m.m_isclose_default(a, near), lambda: math.isclose(a, near))


@settings(max_examples=300, deadline=None)
@given(floats)
def test_degrees_radians_round_like_python(m, x):
    same(lambda: m.m_degrees(x), lambda: math.degrees(x))
    same(lambda: m.m_radians(x), lambda: math.radians(x))


def test_constants(m):
    assert m.m_constants() == (math.pi, math.e, math.tau, math.inf)
    assert math.isnan(m.m_nan())


def test_clamp(m):
    assert [m.m_clamp(x, 0, 10) for x in (-3, 0, 5, 10, 11)] == [0, 0, 5, 10, 10]


def test_error_messages_are_pythons():
    assert str(_value_error(math.factorial, -1)) == "factorial() not defined for negative values"
    assert str(_value_error(math.isqrt, -1)) == "isqrt() argument must be nonnegative"


def _value_error(fn, *args):
    try:
        fn(*args)
    except ValueError as exc:
        return exc
    raise AssertionError("no ValueError")


PROGRAM = """
import math
from math import gcd, lcm, comb, perm, factorial, isqrt, isclose, clamp, degrees, sqrt, floor, pi

fn main() raises:
    print(gcd(-12, 18), gcd(0, 0), lcm(4, -6), math.gcd(21, 14))
    print(comb(10, 3), perm(10, 3), perm(5), factorial(20), isqrt(10 ** 18 + 1))
    print(isclose(0.1 + 0.2, 0.3), isclose(1.0, 1.1, rel_tol=0.2), isclose(math.inf, -math.inf))
    print(clamp(2.5, 0.0, 1.0), clamp(-4, -1, 1), degrees(pi), sqrt(2.0), floor(2.7))
    let x: Float32 = 7.5
    print(clamp(x, 0, 5), math.tau, math.e)
    try:
        print(factorial(21))
    except err:
        print(err)
    try:
        print(comb(-1, 2))
    except err:
        print(err)
"""


def test_program_run_and_build_agree(run_kiln, tmp_path):
    out = run_and_build(run_kiln, tmp_path, PROGRAM)
    assert out.splitlines() == [
        "6 0 12 7",
        f"120 720 120 2432902008176640000 {math.isqrt(10 ** 18 + 1)}",
        "True True False",
        f"1.0 -1 180.0 {math.sqrt(2.0)} 2.0",
        f"5.0 {math.tau} {math.e}",
        "factorial() result does not fit in Int",
        "n must be a non-negative integer",
    ]
