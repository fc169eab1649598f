"""Per-call cost of Numba's dispatcher for @njit add(a: int64, b: int64).
Usage: bridge_numba.py CALLS REPS"""
from numba import njit

import bridge_calls
from bench_report import int_args, time_compile


@njit
def add(a, b):
    return a + b


def main():
    calls, reps = int_args("CALLS REPS", 2)
    time_compile(lambda: add(1, 2))
    bridge_calls.run(add, calls, reps)


if __name__ == "__main__":
    main()
