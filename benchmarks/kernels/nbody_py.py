"""N-body in CPython: the same system, step and energy formulas as nbody.c,
bodies as lists [x, y, z, vx, vy, vz, mass]. Usage: nbody_py.py STEPS REPS"""
from math import sqrt

from bench_report import int_args, time_reps
from nbody_data import INITIAL, SOLAR_MASS


def offset_momentum(bodies):
    px = py = pz = 0.0
    for b in bodies:
        px += b[3] * b[6]
        py += b[4] * b[6]
        pz += b[5] * b[6]
    bodies[0][3] = -px / SOLAR_MASS
    bodies[0][4] = -py / SOLAR_MASS
    bodies[0][5] = -pz / SOLAR_MASS


def advance(bodies, pairs, dt):
    for b, b2 in pairs:
        dx = b[0] - b2[0]
        dy = b[1] - b2[1]
        dz = b[2] - b2[2]
        distance = sqrt(dx * dx + dy * dy + dz * dz)
        mag = dt / (distance * distance * distance)
        b[3] -= dx * b2[6] * mag
        b[4] -= dy * b2[6] * mag
        b[5] -= dz * b2[6] * mag
        b2[3] += dx * b[6] * mag
        b2[4] += dy * b[6] * mag
        b2[5] += dz * b[6] * mag
    for b in bodies:
        b[0] += dt * b[3]
        b[1] += dt * b[4]
        b[2] += dt * b[5]


def energy(bodies):
    e = 0.0
    for i, b in enumerate(bodies):
        e += 0.5 * b[6] * (b[3] * b[3] + b[4] * b[4] + b[5] * b[5])
        for b2 in bodies[i + 1:]:
            dx = b[0] - b2[0]
            dy = b[1] - b2[1]
            dz = b[2] - b2[2]
            e -= (b[6] * b2[6]) / sqrt(dx * dx + dy * dy + dz * dz)
    return e


def simulate(bodies, steps):
    offset_momentum(bodies)
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    for _ in range(steps):
        advance(bodies, pairs, 0.01)
    return energy(bodies)


def main():
    steps, reps = int_args("STEPS REPS", 2)
    time_reps(reps, lambda: [list(body) for body in INITIAL],
              lambda bodies: simulate(bodies, steps),
              lambda _bodies, e: e)


if __name__ == "__main__":
    main()
