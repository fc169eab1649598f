"""gdb end to end on compiled Kiln: breakpoints on `.kiln` lines inside an
`fn`, backtraces naming `.kiln` files and lines, and typed locals (an Int, a
Float64, a struct's fields, a SIMD vector) — in a `kiln build -g`
executable, and in the cached shared object `kiln run --debug` loads into
CPython (a pending breakpoint)."""
import os
import re
import sys

import pytest

from .gdbkit import gdb_batch
from .kilnkit import build_exe, line_of, write

SOURCE = """
@value
struct Particle:
    var x: Float64
    var mass: Float64


fn energy(p: Particle, scale: Int) -> Float64:
    let v = SIMD[DType.float32, 4](1.0, 2.0, 3.0, 4.0)
    var total: Float64 = p.mass * p.x
    total += Float64(scale)
    return total + Float64(v.reduce_add())


fn kernel(x: Float64, n: Int) -> Float64:
    let p = Particle(x, 3.0)
    return energy(p, n)


fn main():
    print(kernel(2.0, 7))


def run_from_python():
    print("from python", kernel(2.0, 7))
"""


BREAK_LINE = line_of(SOURCE, "    return total + Float64(v.reduce_add())")
KERNEL_CALL_LINE = line_of(SOURCE, "    return energy(p, n)")
MAIN_CALL_LINE = line_of(SOURCE, "    print(kernel(2.0, 7))")


def test_gdb_on_a_debug_executable(tmp_path):
    source = SOURCE.replace("\n\ndef run_from_python():\n    print(\"from python\", kernel(2.0, 7))\n", "\n")
    exe = build_exe(tmp_path, source, opt=0, debug=True)
    out = gdb_batch([exe], [f"break prog.kiln:{BREAK_LINE}", "run", "bt", "info locals", "info args",
                            "print p.mass", "print v[3]", "finish"])
    assert f"Breakpoint 1, energy (p=..., scale=7) at prog.kiln:{BREAK_LINE}" in out
    frames = [line for line in out.splitlines() if re.match(r"#\d ", line)]
    assert f"energy (p=..., scale=7) at prog.kiln:{BREAK_LINE}" in frames[0]
    assert f"kernel (x=2, n=7) at prog.kiln:{KERNEL_CALL_LINE}" in frames[1]
    assert f"main () at prog.kiln:{MAIN_CALL_LINE}" in frames[2]
    assert "total = 13" in out
    assert "v = {1, 2, 3, 4}" in out
    assert "p = {x = 2, mass = 3}" in out and "scale = 7" in out
    assert "$1 = 3" in out and "$2 = 4" in out
    assert "Value returned is $3 = 23" in out


def test_gdb_pending_breakpoint_in_module_loaded_by_kiln_run(tmp_path):
    path = write(tmp_path, "prog.kiln", SOURCE.replace("fn main():\n    print(kernel(2.0, 7))\n",
                                                       "def main():\n    run_from_python()\n"))
    env = dict(os.environ, KILN_CACHE_DIR=str(tmp_path / "cache"))
    out = gdb_batch([sys.executable, "-m", "kiln", "run", "--debug", path],
                    [f"break prog.kiln:{BREAK_LINE}", "run", "bt", "info locals", "continue"],
                    env=env, timeout=300)
    assert re.search(rf"Breakpoint 1, energy \(p=\.\.\., scale=7\) at .*prog\.kiln:{BREAK_LINE}", out), out
    frames = [line for line in out.splitlines() if re.match(r"#\d+ ", line)]
    assert f"prog.kiln:{BREAK_LINE}" in frames[0] and f"prog.kiln:{KERNEL_CALL_LINE}" in frames[1]
    assert any("_PyEval_EvalFrameDefault" in f or "PyObject" in f or "cfunction" in f for f in frames[2:])
    assert "total = 13" in out
    assert "from python 23.0" in out


def test_step_into_an_fn_shows_its_arguments(tmp_path):
    # The parameter spills carry no line (as clang's), so gdb's prologue end
    # is the first body line, where the arguments already hold their values.
    source = SOURCE.replace("\n\ndef run_from_python():\n    print(\"from python\", kernel(2.0, 7))\n", "\n")
    exe = build_exe(tmp_path, source, opt=0, debug=True)
    out = gdb_batch([exe], [f"break prog.kiln:{KERNEL_CALL_LINE}", "run", "step", "info args", "break energy",
                            "info breakpoints"])
    first_body_line = line_of(SOURCE, "    let v = SIMD[DType.float32, 4](1.0, 2.0, 3.0, 4.0)")
    assert f"energy (p=..., scale=7) at prog.kiln:{first_body_line}" in out
    assert "scale = 7" in out and "p = {x = 2, mass = 3}" in out
    assert re.search(rf"in energy at prog\.kiln:{first_body_line}", out)
