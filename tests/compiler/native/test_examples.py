"""The examples: each one's output is checked, and `kiln run` and `kiln build`
give the same output for the `fn main()` programs."""
import os
import subprocess
import sys

import pytest

from kiln.compiler.native.standalone import build

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(ROOT, "examples")


def kiln_run(path: str, cache: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, KILN_CACHE_DIR=cache)
    return subprocess.run([sys.executable, "-m", "kiln", "run", path], capture_output=True, text=True,
                          env=env, timeout=300)


def build_and_run(path: str, out: str) -> subprocess.CompletedProcess:
    diags, exe = build(path, out, opt_level=2, debug=False, emit="exe")
    assert exe is not None, [d.message for d in diags]
    return subprocess.run([exe], capture_output=True, text=True, timeout=120)


FIB = "".join(f"fib({n}) = {v}\n" for n, v in ((0, 0), (5, 5), (10, 55), (15, 610), (20, 6765), (25, 75025)))


def nbody_reference(steps: int = 1000) -> str:
    """The same simulation in plain Python (same operation order)."""
    from math import sqrt
    pi = 3.141592653589793
    solar, days = 4.0 * pi * pi, 365.24
    raw = [(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),
           (4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
            1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
           (8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
            -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
           (1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
            2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
           (1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
            2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05)]
    bodies = [[x, y, z, vx * days, vy * days, vz * days, m * solar] for x, y, z, vx, vy, vz, m in raw]
    bodies[0][3:6] = [0.0, 0.0, 0.0]
    px = py = pz = 0.0
    for b in bodies:
        px += b[3] * b[6]
        py += b[4] * b[6]
        pz += b[5] * b[6]
    bodies[0][3], bodies[0][4], bodies[0][5] = -px / solar, -py / solar, -pz / solar

    def energy():
        e = 0.0
        for i, b in enumerate(bodies):
            e += 0.5 * b[6] * (b[3] * b[3] + b[4] * b[4] + b[5] * b[5])
            for o in bodies[i + 1:]:
                dx, dy, dz = b[0] - o[0], b[1] - o[1], b[2] - o[2]
                e -= (b[6] * o[6]) / sqrt(dx * dx + dy * dy + dz * dz)
        return e
    lines = [repr(energy())]
    for _ in range(steps):
        for i, b in enumerate(bodies):
            for o in bodies[i + 1:]:
                dx, dy, dz = b[0] - o[0], b[1] - o[1], b[2] - o[2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = 0.01 / (d2 * sqrt(d2))
                bim, bjm = b[6] * mag, o[6] * mag
                b[3] -= dx * bjm
                b[4] -= dy * bjm
                b[5] -= dz * bjm
                o[3] += dx * bim
                o[4] += dy * bim
                o[5] += dz * bim
        for b in bodies:
            b[0] += 0.01 * b[3]
            b[1] += 0.01 * b[4]
            b[2] += 0.01 * b[5]
    lines.append(repr(energy()))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["fib", "nbody", "mandelbrot", "matmul"])
def test_run_and_build_agree(tmp_path, name):
    path = os.path.join(EXAMPLES, f"{name}.kiln")
    ran = kiln_run(path, str(tmp_path / "cache"))
    assert ran.returncode == 0, ran.stderr
    built = build_and_run(path, str(tmp_path / name))
    assert built.returncode == 0, built.stderr
    assert ran.stdout == built.stdout
    expected_tail = {
        "fib": FIB,
        "nbody": nbody_reference(),
        "mandelbrot": "SIMD + parallel kernel agrees with the scalar one: True\n",
        "matmul": "results agree: True\n",
    }[name]
    assert built.stdout.endswith(expected_tail)


def test_mandelbrot_picture(tmp_path):
    out = build_and_run(os.path.join(EXAMPLES, "mandelbrot.kiln"), str(tmp_path / "m")).stdout.splitlines()
    picture = out[:32]
    assert all(len(line) == 78 for line in picture)
    assert picture[16].count("@") > 40                 # the real axis crosses the set
    assert picture[0].strip() == "" and picture[16] == picture[16]
    assert picture[8] == picture[24]                    # symmetric about the real axis


def test_numpy_mix(tmp_path):
    ran = kiln_run(os.path.join(EXAMPLES, "numpy_mix.kiln"), str(tmp_path / "cache"))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[0] == "samples: 2000"
    assert lines[1] == "max |fn - numpy|: True"
    assert lines[2].startswith("points above 0.5: raw ")
    assert lines[3].startswith("float32 array rejected: moving_average() argument 'data' must be "
                               "a writable C-contiguous buffer of float64")


def test_demo(tmp_path):
    ran = kiln_run(os.path.join(EXAMPLES, "demo.kiln"), str(tmp_path / "cache"))
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert lines[-1].startswith("speed-up: ") and lines[-1].endswith("both tiers agree on the small grid: True")
    assert lines[-3].startswith("fn (SIMD + ") and "Mpixel/s" in lines[-3]
    assert any("@" in line for line in lines[:-3])
