/* Mandelbrot, scalar: iteration counts of a width x height grid over
 * [-2.0, 0.6] x [-1.5, 1.5], escape at |z|^2 > 4, at most max_iter steps.
 * Usage: mandelbrot WIDTH HEIGHT MAX_ITER REPS */
#include "bench_common.h"

static int32_t mandel_pixel(double cr, double ci, int64_t max_iter) {
    double zr = 0.0, zi = 0.0;
    int64_t i = 0;
    while (i < max_iter) {
        double zr2 = zr * zr;
        double zi2 = zi * zi;
        if (zr2 + zi2 > 4.0)
            break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        i += 1;
    }
    return (int32_t)i;
}

static void mandelbrot(int32_t *out, int64_t width, int64_t height, int64_t max_iter) {
    const double xmin = -2.0, xmax = 0.6, ymin = -1.5, ymax = 1.5;
    const double dx = (xmax - xmin) / (double)width;
    const double dy = (ymax - ymin) / (double)height;
    for (int64_t y = 0; y < height; y++) {
        double ci = ymin + (double)y * dy;
        for (int64_t x = 0; x < width; x++)
            out[y * width + x] = mandel_pixel(xmin + (double)x * dx, ci, max_iter);
    }
}

/* Position-weighted, so a transposed or shifted image does not pass. */
static int64_t checksum(const int32_t *out, int64_t count) {
    int64_t sum = 0;
    for (int64_t k = 0; k < count; k++)
        sum += (int64_t)out[k] * (k % 7 + 1);
    return sum;
}

int main(int argc, char **argv) {
    const char *usage = "WIDTH HEIGHT MAX_ITER REPS";
    int64_t width = bench_arg(argc, argv, 1, usage);
    int64_t height = bench_arg(argc, argv, 2, usage);
    int64_t max_iter = bench_arg(argc, argv, 3, usage);
    int64_t reps = bench_arg(argc, argv, 4, usage);
    int32_t *out = bench_alloc((size_t)(width * height) * sizeof(int32_t));
    for (int64_t r = 0; r < reps; r++) {
        int64_t t0 = bench_now_ns(), c0 = bench_cpu_ns();
        mandelbrot(out, width, height, max_iter);
        int64_t c1 = bench_cpu_ns(), t1 = bench_now_ns();
        bench_rep_int(t1 - t0, c1 - c0, checksum(out, width * height));
    }
    free(out);
    return 0;
}
