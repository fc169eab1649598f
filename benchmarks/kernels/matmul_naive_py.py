"""Naive matmul in CPython on lists of lists, m-k-n order like
matmul_naive.c (row references hoisted, as any Python programmer would).
Usage: matmul_naive_py.py N REPS"""
from bench_report import int_args, time_reps
from matmul_data import checksum_lists, fill_lists


def matmul_naive(c, a, b, n):
    for m in range(n):
        c_row = c[m]
        a_row = a[m]
        for k in range(n):
            a_mk = a_row[k]
            b_row = b[k]
            for j in range(n):
                c_row[j] += a_mk * b_row[j]


def main():
    n, reps = int_args("N REPS", 2)
    a, b = fill_lists(n)
    time_reps(reps, lambda: [[0.0] * n for _ in range(n)],
              lambda c: matmul_naive(c, a, b, n),
              lambda c, _: checksum_lists(c))


if __name__ == "__main__":
    main()
