/* Recursive Fibonacci: measures calls and returns, nothing else.
 * Usage: fib N REPS   (N comes from the command line so nothing folds) */
#include "bench_common.h"

static int64_t fib(int64_t n) {
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    int64_t n = bench_arg(argc, argv, 1, "N REPS");
    int64_t reps = bench_arg(argc, argv, 2, "N REPS");
    for (int64_t r = 0; r < reps; r++) {
        int64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
        int64_t result = fib(n);
        int64_t c1 = bench_cpu_ns(), t1 = bench_now_ns();
        bench_rep_int(t1 - t0, c1 - c0, result);
    }
    return 0;
}
