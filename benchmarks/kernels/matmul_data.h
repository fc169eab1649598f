/* The matmul inputs and checksum, shared by matmul_naive.c and matmul_best.c.
 * Every input is a multiple of 1/8 in [-1, 1], so every product and every
 * partial sum of a 512x512 product is exact in float64: the result does not
 * depend on summation order or FMA, and all peers must agree bit for bit. */
#ifndef KILN_BENCH_MATMUL_DATA_H
#define KILN_BENCH_MATMUL_DATA_H

#include "bench_common.h"

static void matmul_fill(double *a, double *b, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        for (int64_t j = 0; j < n; j++) {
            a[i * n + j] = (double)((i * 7 + j * 3) % 17) * 0.125 - 1.0;
            b[i * n + j] = (double)((i * 5 + j * 11) % 13) * 0.125 - 0.75;
        }
    }
}

/* Weighted by position, so a transposed product does not pass. */
static double matmul_checksum(const double *c, int64_t n) {
    double sum = 0.0;
    for (int64_t i = 0; i < n; i++)
        for (int64_t j = 0; j < n; j++)
            sum += c[i * n + j] * (double)((i * 3 + j) % 7 - 3);
    return sum;
}

#endif
