"""Mandelbrot, scalar, in CPython: the same grid, escape test and checksum as
mandelbrot.c. Usage: mandelbrot_py.py WIDTH HEIGHT MAX_ITER REPS"""
from bench_report import int_args, time_reps

XMIN, XMAX, YMIN, YMAX = -2.0, 0.6, -1.5, 1.5


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


def mandelbrot(out, width, height, max_iter):
    dx = (XMAX - XMIN) / width
    dy = (YMAX - YMIN) / height
    for y in range(height):
        ci = YMIN + y * dy
        row = y * width
        for x in range(width):
            out[row + x] = mandel_pixel(XMIN + x * dx, ci, max_iter)


def checksum(out):
    return sum(count * (k % 7 + 1) for k, count in enumerate(out))


def main():
    width, height, max_iter, reps = int_args("WIDTH HEIGHT MAX_ITER REPS", 4)
    time_reps(reps, lambda: [0] * (width * height),
              lambda out: mandelbrot(out, width, height, max_iter),
              lambda out, _: checksum(out))


if __name__ == "__main__":
    main()
