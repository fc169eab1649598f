"""Recursive Fibonacci with Numba @njit (warm: the compile is timed apart).
Usage: fib_numba.py N REPS"""
from numba import njit

from bench_report import int_args, time_compile, time_reps


@njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n, reps = int_args("N REPS", 2)
    time_compile(lambda: fib(2))
    time_reps(reps, lambda: n, fib, lambda _n, result: result)


if __name__ == "__main__":
    main()
