"""The bridge measurement loop, shared by the Python-side peers: N calls of
add(acc, i) from CPython, and the same loop without the call as a baseline.
Per-call overhead = (calls - baseline) / N, computed by the harness."""
import time

from bench_report import report_baseline, report_rep


def time_calls(add, calls):
    acc = 0
    t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
    for i in range(calls):
        acc = add(acc, i)
    return time.perf_counter_ns() - t0, time.thread_time_ns() - c0, acc


def time_baseline(calls):
    acc = 0
    t0, c0 = time.perf_counter_ns(), time.thread_time_ns()
    for i in range(calls):
        acc = i
    return time.perf_counter_ns() - t0, time.thread_time_ns() - c0, acc


def run(add, calls, reps):
    for _ in range(reps):
        ns, cpu, _ = time_baseline(calls)
        report_baseline(ns, cpu)
        ns, cpu, acc = time_calls(add, calls)
        report_rep(ns, acc, cpu)
