"""Recursive Fibonacci in CPython. Usage: fib_py.py N REPS"""
from bench_report import int_args, time_reps


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    n, reps = int_args("N REPS", 2)
    time_reps(reps, lambda: n, fib, lambda _n, result: result)


if __name__ == "__main__":
    main()
