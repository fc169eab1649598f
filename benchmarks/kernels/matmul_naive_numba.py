"""Naive matmul with Numba @njit, m-k-n order like matmul_naive.c.
Usage: matmul_naive_numba.py N REPS"""
import numpy as np
from numba import njit

from bench_report import int_args, time_compile, time_reps, zeroed
from matmul_data import checksum_array, fill_arrays


@njit
def matmul_naive(c, a, b):
    n = c.shape[0]
    for m in range(n):
        for k in range(n):
            for j in range(n):
                c[m, j] += a[m, k] * b[k, j]


def main():
    n, reps = int_args("N REPS", 2)
    a, b = fill_arrays(n)
    small = np.zeros((2, 2))
    time_compile(lambda: matmul_naive(small.copy(), small, small))
    time_reps(reps, lambda: zeroed((n, n)),
              lambda c: matmul_naive(c, a, b),
              lambda c, _: checksum_array(c))


if __name__ == "__main__":
    main()
