"""Best-effort matmul with Numba: @njit(parallel=True), prange over blocks of
rows, k blocked like matmul_best.c, the innermost loop left to LLVM's
vectorizer (Numba has no explicit SIMD). Usage: matmul_best_numba.py N REPS"""
import numpy as np
from numba import njit, prange

from bench_report import int_args, time_compile, time_reps, zeroed
from matmul_data import checksum_array, fill_arrays

ROWS = 8   # rows of C per parallel task, as MR in matmul_best.c
KC = 256   # k block


@njit(parallel=True)
def matmul_best(c, a, b):
    n = c.shape[0]
    for block in prange((n + ROWS - 1) // ROWS):
        m_end = min(block * ROWS + ROWS, n)
        for k0 in range(0, n, KC):
            k_end = min(k0 + KC, n)
            for m in range(block * ROWS, m_end):
                for k in range(k0, k_end):
                    a_mk = a[m, k]
                    for j in range(n):
                        c[m, j] += a_mk * b[k, j]


def main():
    n, reps = int_args("N REPS", 2)
    a, b = fill_arrays(n)
    small = np.zeros((2, 2))
    time_compile(lambda: matmul_best(small.copy(), small, small))
    time_reps(reps, lambda: zeroed((n, n)),
              lambda c: matmul_best(c, a, b),
              lambda c, _: checksum_array(c), warm_up=True)


if __name__ == "__main__":
    main()
