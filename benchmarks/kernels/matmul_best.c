/* Best-effort matmul in plain C for the "best" row: parallel over blocks of
 * rows (OpenMP, one thread per core), k blocked so a panel of B stays in
 * cache, and a register-blocked micro-kernel (MR rows x 2 vectors of columns
 * held in registers across the k loop) written with GCC vector extensions.
 * The same algorithm as matmul_best.kiln, so the two rows compare compilers,
 * not algorithms. Usage: matmul_best N REPS  (N a multiple of 16) */
#include <string.h>
#include "matmul_data.h"

#define VW 8   /* doubles per vector: one AVX-512 register */
#define MR 8   /* rows of C per micro-tile: 8 x 2 accumulators use 16 of 32 registers */
#define NR (2 * VW)
#define KC 256 /* k block: a KC x N panel of B is reused by every row block */

typedef double vec __attribute__((vector_size(VW * sizeof(double)), aligned(8)));

static inline vec load(const double *p) { vec v; memcpy(&v, p, sizeof v); return v; }
static inline void store(double *p, vec v) { memcpy(p, &v, sizeof v); }

/* C[m0:m0+MR, j0:j0+NR] += A[m0:m0+MR, k0:k1] * B[k0:k1, j0:j0+NR] */
static void micro_tile(double *c, const double *a, const double *b, int64_t n,
                       int64_t m0, int64_t j0, int64_t k0, int64_t k1) {
    vec acc[MR][2];
    for (int r = 0; r < MR; r++) {
        acc[r][0] = load(&c[(m0 + r) * n + j0]);
        acc[r][1] = load(&c[(m0 + r) * n + j0 + VW]);
    }
    for (int64_t k = k0; k < k1; k++) {
        vec b0 = load(&b[k * n + j0]);
        vec b1 = load(&b[k * n + j0 + VW]);
        for (int r = 0; r < MR; r++) {
            vec av = (vec){0} + a[(m0 + r) * n + k];
            acc[r][0] += av * b0;
            acc[r][1] += av * b1;
        }
    }
    for (int r = 0; r < MR; r++) {
        store(&c[(m0 + r) * n + j0], acc[r][0]);
        store(&c[(m0 + r) * n + j0 + VW], acc[r][1]);
    }
}

static void matmul_best(double *c, const double *a, const double *b, int64_t n) {
    #pragma omp parallel for schedule(static)
    for (int64_t m0 = 0; m0 < n; m0 += MR)
        for (int64_t k0 = 0; k0 < n; k0 += KC) {
            int64_t k1 = k0 + KC < n ? k0 + KC : n;
            for (int64_t j0 = 0; j0 < n; j0 += NR)
                micro_tile(c, a, b, n, m0, j0, k0, k1);
        }
}

int main(int argc, char **argv) {
    int64_t n = bench_arg(argc, argv, 1, "N REPS");
    int64_t reps = bench_arg(argc, argv, 2, "N REPS");
    if (n % NR != 0 || n % MR != 0) {
        fprintf(stderr, "matmul_best: N must be a multiple of %d, got %lld\n", NR, (long long)n);
        return 2;
    }
    size_t bytes = (size_t)(n * n) * sizeof(double);
    double *a = bench_alloc(bytes), *b = bench_alloc(bytes), *c = bench_alloc(bytes);
    matmul_fill(a, b, n);
    /* untimed warm-up, as in every peer of this kernel: starts the thread pool */
    memset(c, 0, bytes);
    matmul_best(c, a, b, n);
    for (int64_t r = 0; r < reps; r++) {
        memset(c, 0, bytes);
        int64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
        matmul_best(c, a, b, n);
        int64_t c1 = bench_cpu_ns(), t1 = bench_now_ns();
        bench_rep_float(t1 - t0, c1 - c0, matmul_checksum(c, n));
    }
    free(a);
    free(b);
    free(c);
    return 0;
}
