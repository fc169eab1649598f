"""Mandelbrot, scalar, with Numba @njit: the same grid, escape test and
checksum as mandelbrot.c. Usage: mandelbrot_numba.py WIDTH HEIGHT MAX_ITER REPS"""
import numpy as np
from numba import njit

from bench_report import int_args, time_compile, time_reps, zeroed
from mandelbrot_data import checksum_array

XMIN, XMAX, YMIN, YMAX = -2.0, 0.6, -1.5, 1.5


@njit
def mandel_pixel(cr, ci, max_iter):
    zr = 0.0
    zi = 0.0
    i = 0
    while i < max_iter:
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            break
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
        i += 1
    return i


@njit
def mandelbrot(out, width, height, max_iter):
    dx = (XMAX - XMIN) / width
    dy = (YMAX - YMIN) / height
    for y in range(height):
        ci = YMIN + y * dy
        for x in range(width):
            out[y * width + x] = mandel_pixel(XMIN + x * dx, ci, max_iter)


def main():
    width, height, max_iter, reps = int_args("WIDTH HEIGHT MAX_ITER REPS", 4)
    time_compile(lambda: mandelbrot(np.zeros(4, np.int32), 2, 2, 2))
    time_reps(reps, lambda: zeroed(width * height, np.int32),
              lambda out: mandelbrot(out, width, height, max_iter),
              lambda out, _: checksum_array(out))


if __name__ == "__main__":
    main()
