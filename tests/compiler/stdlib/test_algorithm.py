"""`algorithm`'s reductions (compiler/stdlib/algorithm.kiln): exact for
integers and for min/max, float sums within rounding of Python's `math.fsum`;
checked on random NumPy arrays through the bridge, and in a built program."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import kiln

from .stdlibkit import load, run_and_build

WRAPPERS = """
from algorithm import sum, product, max, min, mean

fn f_sum(p: UnsafePointer[Float64], n: Int) -> Float64:
    return sum(p, n)

fn f_max(p: UnsafePointer[Float64], n: Int) raises -> Float64:
    return max(p, n)

fn f_min(p: UnsafePointer[Float64], n: Int) raises -> Float64:
    return min(p, n)

fn f_mean(p: UnsafePointer[Float64], n: Int) raises -> Float64:
    return mean(p, n)

fn i_sum(p: UnsafePointer[Int64], n: Int) -> Int64:
    return sum(p, n)

fn i_sum4(p: UnsafePointer[Int32], n: Int) -> Int32:
    return sum[DType.int32, 4](p, n)

fn i_product(p: UnsafePointer[Int64], n: Int) -> Int64:
    return product(p, n)

fn i_max(p: UnsafePointer[Int32], n: Int) raises -> Int32:
    return max(p, n)

fn i_min(p: UnsafePointer[Int32], n: Int) raises -> Int32:
    return min(p, n)
"""


@pytest.fixture(scope="module")
def a(tmp_path_factory):
    return load(tmp_path_factory.mktemp("algorithm"), WRAPPERS)


float_lists = st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=70)
int_lists = st.lists(st.integers(-(2 ** 31), 2 ** 31 - 1), min_size=1, max_size=70)


@settings(max_examples=200, deadline=None)
@given(float_lists)
def test_float_reductions(a, xs):
    arr = np.array(xs, dtype=np.float64)
    n = len(xs)
    assert a.f_max(arr, n) == max(xs) and a.f_min(arr, n) == min(xs)
    exact = math.fsum(xs)
    bound = 1e-15 * n * sum(abs(x) for x in xs) + 1e-300
    assert abs(a.f_sum(arr, n) - exact) <= bound
    assert abs(a.f_mean(arr, n) - exact / n) <= bound / n + 1e-300


@settings(max_examples=200, deadline=None)
@given(int_lists)
def test_integer_reductions_are_exact(a, xs):
    n = len(xs)
    wide = np.array(xs, dtype=np.int64)
    narrow = np.array(xs, dtype=np.int32)
    assert a.i_sum(wide, n) == sum(xs)
    wrapped = (sum(xs) + 2 ** 31) % 2 ** 32 - 2 ** 31           # Int32 wraps around
    assert a.i_sum4(narrow, n) == wrapped
    assert a.i_max(narrow, n) == max(xs) and a.i_min(narrow, n) == min(xs)
    small = [x % 7 - 3 for x in xs[:20]]
    assert a.i_product(np.array(small, dtype=np.int64), len(small)) == math.prod(small)


def test_empty_ranges(a):
    empty = np.zeros(1, dtype=np.float64)
    assert a.f_sum(empty, 0) == 0.0 and a.i_product(np.zeros(1, dtype=np.int64), 0) == 1
    for fn, name in ((a.f_max, "max"), (a.f_min, "min"), (a.f_mean, "mean")):
        with pytest.raises(kiln.Error, match=rf"{name}\(\) of an empty range"):
            fn(empty, 0)


PROGRAM = """
from algorithm import sum, max, mean

fn main() raises:
    let n = 100
    let p = UnsafePointer[Int].alloc(n)
    for i in range(n):
        p[i] = (i * 37) % 101
    print(sum(p, n), max(p, n), mean(p, n), sum[DType.index, 2](p, 3))
    p.free()
"""


def test_program_run_and_build_agree(run_kiln, tmp_path):
    values = [(i * 37) % 101 for i in range(100)]
    assert run_and_build(run_kiln, tmp_path, PROGRAM) == \
        f"{sum(values)} {max(values)} {sum(values) / 100} {sum(values[:3])}\n"
