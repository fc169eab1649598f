"""`random` (compiler/stdlib/random.kiln over the `seed`/`_next_u64`
intrinsics): the numbers are exactly those of a splitmix64 reference written
here in Python, ranges include both ends, and run and build agree."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from .stdlibkit import load, run_and_build

MASK = 2 ** 64 - 1


class SplitMix64:
    """The reference generator (Steele, Lea and Flood's splitmix64)."""

    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


WRAPPERS = """
from random import seed, random_float64, random_si64, random_ui64, randint, shuffle, rand

fn r_seed(s: Int):
    seed(s)

fn r_float(lo: Float64, hi: Float64) -> Float64:
    return random_float64(lo, hi)

fn r_unit() -> Float64:
    return random_float64()

fn r_si64(lo: Int64, hi: Int64) -> Int64:
    return random_si64(lo, hi)

fn r_ui64(lo: UInt64, hi: UInt64) -> UInt64:
    return random_ui64(lo, hi)

fn r_randint(lo: Int, hi: Int) -> Int:
    return randint(lo, hi)

fn r_shuffled(n: Int) -> List[Int]:
    var xs = List[Int]()
    for i in range(n):
        xs.append(i)
    shuffle(xs)
    return xs

fn r_fill32(p: UnsafePointer[Float32], n: Int):
    rand(p, n)

fn r_fill8(p: UnsafePointer[UInt8], n: Int):
    rand(p, n)
"""


@pytest.fixture(scope="module")
def r(tmp_path_factory):
    return load(tmp_path_factory.mktemp("random"), WRAPPERS)


seeds = st.integers(0, 2 ** 63 - 1)


@settings(max_examples=100, deadline=None)
@given(seeds, st.floats(-1e6, 1e6), st.floats(0, 1e6))
def test_random_float64_is_the_reference_scaled(r, seed, lo, width):
    ref = SplitMix64(seed)
    r.r_seed(seed)
    assert r.r_unit() == (ref.next() >> 11) * 2.0 ** -53
    assert r.r_float(lo, lo + width) == lo + (ref.next() >> 11) * 2.0 ** -53 * ((lo + width) - lo)


@settings(max_examples=200, deadline=None)
@given(seeds, st.integers(-(2 ** 63), 2 ** 63 - 1), st.integers(-(2 ** 63), 2 ** 63 - 1))
def test_random_si64_is_the_reference_reduced_into_the_closed_range(r, seed, a, b):
    lo, hi = min(a, b), max(a, b)
    ref = SplitMix64(seed)
    r.r_seed(seed)
    span = hi - lo + 1
    expected = ref.next() if span == 2 ** 64 else ref.next() % span
    got = r.r_si64(lo, hi)
    assert lo <= got <= hi
    assert (got - lo) & MASK == expected


def test_closed_ranges_reach_both_ends_and_full_ranges_vary(r):
    r.r_seed(7)
    assert {r.r_randint(-1, 1) for _ in range(200)} == {-1, 0, 1}
    assert {r.r_ui64(5, 6) for _ in range(100)} == {5, 6}
    full = {r.r_si64(-(2 ** 63), 2 ** 63 - 1) for _ in range(20)}
    assert len(full) == 20
    assert {r.r_ui64(0, MASK) for _ in range(20)} != {0}


def test_shuffle_permutes(r):
    r.r_seed(3)
    orders = [tuple(r.r_shuffled(8)) for _ in range(50)]
    assert all(sorted(o) == list(range(8)) for o in orders)
    assert len(set(orders)) > 40
    assert r.r_shuffled(0) == [] and r.r_shuffled(1) == [0]


def test_rand_fills_with_as_many_bits_as_the_type_holds(r):
    import numpy as np
    r.r_seed(11)
    ref = SplitMix64(11)
    floats = np.full(64, -1.0, dtype=np.float32)
    r.r_fill32(floats, 64)
    assert floats.tolist() == [float(np.float32((ref.next() >> 40) * 2.0 ** -24)) for _ in range(64)]
    octets = np.zeros(64, dtype=np.uint8)
    r.r_fill8(octets, 64)
    assert octets.tolist() == [ref.next() & 0xFF for _ in range(64)]


PROGRAM = """
from random import seed, random_float64, random_si64, randint, randn_float64, shuffle

fn main():
    seed(2024)
    print(random_float64(), random_si64(-10, 10), randint(1, 6))
    var total = 0.0
    var squares = 0.0
    let n = 20000
    for _ in range(n):
        let x = randn_float64(5.0, 4.0)
        total += x
        squares += x * x
    let mean = total / Float64(n)
    print(mean, squares / Float64(n) - mean * mean)
    var names = List[String]()
    names.append("ash")
    names.append("clay")
    names.append("glaze")
    shuffle(names)
    print(names[0], names[1], names[2])
"""


def test_program_run_and_build_agree(run_kiln, tmp_path):
    lines = run_and_build(run_kiln, tmp_path, PROGRAM).splitlines()
    ref = SplitMix64(2024)
    first, second, third = lines[0].split()
    assert float(first) == (ref.next() >> 11) * 2.0 ** -53
    assert int(second) == -10 + ref.next() % 21 and int(third) == 1 + ref.next() % 6
    mean, variance = map(float, lines[1].split())
    assert math.isclose(mean, 5.0, abs_tol=0.1) and math.isclose(variance, 4.0, rel_tol=0.05)
    assert sorted(lines[2].split()) == ["ash", "clay", "glaze"]
