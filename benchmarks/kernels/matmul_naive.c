/* Naive matmul, C = A * B, float64, row-major: the m-k-n loop order of the
 * Mojo launch demo (the innermost loop walks rows of B and C contiguously).
 * Usage: matmul_naive N REPS */
#include <string.h>
#include "matmul_data.h"

static void matmul_naive(double *c, const double *a, const double *b, int64_t n) {
    for (int64_t m = 0; m < n; m++)
        for (int64_t k = 0; k < n; k++)
            for (int64_t j = 0; j < n; j++)
                c[m * n + j] += a[m * n + k] * b[k * n + j];
}

int main(int argc, char **argv) {
    int64_t n = bench_arg(argc, argv, 1, "N REPS");
    int64_t reps = bench_arg(argc, argv, 2, "N REPS");
    size_t bytes = (size_t)(n * n) * sizeof(double);
    double *a = bench_alloc(bytes), *b = bench_alloc(bytes), *c = bench_alloc(bytes);
    matmul_fill(a, b, n);
    for (int64_t r = 0; r < reps; r++) {
        memset(c, 0, bytes);
        int64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
        matmul_naive(c, a, b, n);
        int64_t c1 = bench_cpu_ns(), t1 = bench_now_ns();
        bench_rep_float(t1 - t0, c1 - c0, matmul_checksum(c, n));
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
