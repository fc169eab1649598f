"""The matmul inputs and checksum for the Python peers, the same formulas as
matmul_data.h: every input is a multiple of 1/8 in [-1, 1], so every partial
sum is exact in float64 and all peers must agree bit for bit."""
import numpy as np

from bench_report import aligned_copy


def fill_lists(n):
    a = [[((i * 7 + j * 3) % 17) * 0.125 - 1.0 for j in range(n)] for i in range(n)]
    b = [[((i * 5 + j * 11) % 13) * 0.125 - 0.75 for j in range(n)] for i in range(n)]
    return a, b


def fill_arrays(n):
    i = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(n, dtype=np.int64)[None, :]
    a = ((i * 7 + j * 3) % 17) * 0.125 - 1.0
    b = ((i * 5 + j * 11) % 13) * 0.125 - 0.75
    return aligned_copy(a), aligned_copy(b)


def checksum_lists(c):
    n = len(c)
    return sum(c[i][j] * ((i * 3 + j) % 7 - 3) for i in range(n) for j in range(n))


def checksum_array(c):
    n = c.shape[0]
    i = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(n, dtype=np.int64)[None, :]
    return float((c * ((i * 3 + j) % 7 - 3)).sum())
