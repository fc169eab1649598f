"""Per-call cost of a plain CPython function add(a, b).
Usage: bridge_py.py CALLS REPS"""
import bridge_calls
from bench_report import int_args


def add(a, b):
    return a + b


def main():
    calls, reps = int_args("CALLS REPS", 2)
    bridge_calls.run(add, calls, reps)


if __name__ == "__main__":
    main()
