"""py-spy end to end: `py-spy record --native` of a mixed program shows the
compiled `fn` frames as `name (file.kiln:LINE)` under the `def` frames."""
import os
import shutil
import subprocess
import sys

import pytest

from .kilnkit import line_of, write

SOURCE = """
fn spin(n: Int) -> Float64:
    var x = 0.0
    for i in range(n):
        x = x * 0.999999 + Float64(i % 7)
    return x


fn work(rounds: Int) -> Float64:
    var total = 0.0
    for _ in range(rounds):
        total += spin(2000000)
    return total


def main():
    print(work(150) > 0)
"""


def py_spy() -> str:
    for candidate in (os.path.join(os.path.dirname(sys.executable), "py-spy"), shutil.which("py-spy")):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.fail("py-spy is not installed (it is a dev dependency: pip install -e '.[dev]')")


def test_native_frames_appear_under_python_frames(tmp_path):
    path = write(tmp_path, "prog.kiln", SOURCE)
    env = dict(os.environ, KILN_CACHE_DIR=str(tmp_path / "cache"))
    # compile first, so the profile is of the run, not of the compiler
    subprocess.run([sys.executable, "-m", "kiln", "run", "-O", "1", path], env=env, check=True,
                   capture_output=True, timeout=300)
    out = tmp_path / "profile.txt"
    proc = subprocess.run([py_spy(), "record", "--native", "--format", "raw", "--rate", "200",
                           "-o", str(out), "--", sys.executable, "-m", "kiln", "run", "-O", "1", path],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    stacks = out.read_text().splitlines()
    native = [s for s in stacks if "prog.kiln:" in s and ("spin (" in s or "work (" in s)]
    assert native, "\n".join(stacks[:20])
    stack = max(native, key=lambda s: int(s.rsplit(" ", 1)[1])).rsplit(" ", 1)[0].split(";")
    names = [frame.split(" (")[0] for frame in stack]
    assert "main" in names and "work" in names
    assert names.index("main") < names.index("work")
    work_frame = next(f for f in stack if f.startswith("work ("))
    assert f"prog.kiln:{line_of(SOURCE, '        total += spin(2000000)')})" in work_frame
    spin_line = line_of(SOURCE, "        x = x * 0.999999 + Float64(i % 7)")
    assert any(f.startswith("spin (") and f"prog.kiln:{spin_line})" in f for f in stack)
    main_line = line_of(SOURCE, "    print(work(150) > 0)")
    assert any(f.startswith("main (") and f"prog.kiln:{main_line})" in f for f in stack)
