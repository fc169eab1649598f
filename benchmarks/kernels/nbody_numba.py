"""N-body with Numba @njit: the same system, step and energy formulas as
nbody.c, bodies as rows of a (5, 7) float64 array [x, y, z, vx, vy, vz, mass].
Usage: nbody_numba.py STEPS REPS"""
from math import sqrt

import numpy as np
from numba import njit

from bench_report import int_args, time_compile, time_reps
from nbody_data import INITIAL, SOLAR_MASS


@njit
def offset_momentum(bodies):
    px = py = pz = 0.0
    for i in range(bodies.shape[0]):
        px += bodies[i, 3] * bodies[i, 6]
        py += bodies[i, 4] * bodies[i, 6]
        pz += bodies[i, 5] * bodies[i, 6]
    bodies[0, 3] = -px / SOLAR_MASS
    bodies[0, 4] = -py / SOLAR_MASS
    bodies[0, 5] = -pz / SOLAR_MASS


@njit
def advance(bodies, dt):
    n = bodies.shape[0]
    for i in range(n):
        for j in range(i + 1, n):
            dx = bodies[i, 0] - bodies[j, 0]
            dy = bodies[i, 1] - bodies[j, 1]
            dz = bodies[i, 2] - bodies[j, 2]
            distance = sqrt(dx * dx + dy * dy + dz * dz)
            mag = dt / (distance * distance * distance)
            bodies[i, 3] -= dx * bodies[j, 6] * mag
            bodies[i, 4] -= dy * bodies[j, 6] * mag
            bodies[i, 5] -= dz * bodies[j, 6] * mag
            bodies[j, 3] += dx * bodies[i, 6] * mag
            bodies[j, 4] += dy * bodies[i, 6] * mag
            bodies[j, 5] += dz * bodies[i, 6] * mag
    for i in range(n):
        bodies[i, 0] += dt * bodies[i, 3]
        bodies[i, 1] += dt * bodies[i, 4]
        bodies[i, 2] += dt * bodies[i, 5]


@njit
def energy(bodies):
    e = 0.0
    n = bodies.shape[0]
    for i in range(n):
        e += 0.5 * bodies[i, 6] * (bodies[i, 3] * bodies[i, 3] + bodies[i, 4] * bodies[i, 4]
                                   + bodies[i, 5] * bodies[i, 5])
        for j in range(i + 1, n):
            dx = bodies[i, 0] - bodies[j, 0]
            dy = bodies[i, 1] - bodies[j, 1]
            dz = bodies[i, 2] - bodies[j, 2]
            e -= (bodies[i, 6] * bodies[j, 6]) / sqrt(dx * dx + dy * dy + dz * dz)
    return e


@njit
def simulate(bodies, steps):
    offset_momentum(bodies)
    for _ in range(steps):
        advance(bodies, 0.01)
    return energy(bodies)


def main():
    steps, reps = int_args("STEPS REPS", 2)
    time_compile(lambda: simulate(np.array(INITIAL), 1))
    time_reps(reps, lambda: np.array(INITIAL),
              lambda bodies: simulate(bodies, steps),
              lambda _bodies, e: e)


if __name__ == "__main__":
    main()
