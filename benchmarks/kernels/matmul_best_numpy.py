"""NumPy's matmul (OpenBLAS, all cores): the peer for the "best" matmul row.
Usage: matmul_best_numpy.py N REPS"""
import numpy as np

from bench_report import int_args, time_reps, zeroed
from matmul_data import checksum_array, fill_arrays


def main():
    n, reps = int_args("N REPS", 2)
    a, b = fill_arrays(n)
    time_reps(reps, lambda: zeroed((n, n)),
              lambda c: np.dot(a, b, out=c),
              lambda c, _: checksum_array(c), warm_up=True)


if __name__ == "__main__":
    main()
