"""`--fast-math` (kiln run / kiln build): every fn compiled as if `@fastmath`.

Without it, float math is rounded after every operation exactly as CPython
does (language.md section 4); with it, LLVM may contract `a*b + c` into one
fused multiply-add, which this host's CPU has when `fma` is in its flags."""
import pytest

RESIDUAL = """
fn residual(a: Float64, b: Float64, c: Float64) -> Float64:
    return a * b + c
"""

PY_MAIN = RESIDUAL + """
def main():
    print(residual(0.1, 10.0, -1.0))
"""

FN_MAIN = RESIDUAL + """
fn main():
    print(residual(0.1, 10.0, -1.0))
"""


def _host_has_fma() -> bool:
    with open("/proc/cpuinfo") as f:
        return " fma " in f.read()


def test_run_is_strict_ieee_by_default(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text(PY_MAIN)
    result = run_kiln("run", "p.kiln")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{0.1 * 10.0 + -1.0!r}\n"


@pytest.mark.skipif(not _host_has_fma(), reason="the CPU has no fused multiply-add")
def test_run_fast_math_contracts_into_fma(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text(PY_MAIN)
    result = run_kiln("run", "--fast-math", "p.kiln")
    assert result.returncode == 0, result.stderr
    # fma(0.1, 10, -1) keeps the rounding error of 0.1: 2**-54
    assert float(result.stdout) == 2.0 ** -54


def test_fast_math_build_is_cached_apart_from_strict(run_kiln, tmp_path):
    """The strict and fast builds of one source are different cache entries:
    a fast run must not hand its module to a later strict run."""
    (tmp_path / "p.kiln").write_text(PY_MAIN)
    run_kiln("run", "--fast-math", "p.kiln")
    strict = run_kiln("run", "p.kiln")
    assert strict.stdout == f"{0.1 * 10.0 + -1.0!r}\n"


def test_build_fast_math_marks_float_ops(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text(FN_MAIN)
    strict = run_kiln("build", "-O0", "--emit", "llvm", "p.kiln", "-o", "strict.ll")
    fast = run_kiln("build", "-O0", "--emit", "llvm", "--fast-math", "p.kiln", "-o", "fast.ll")
    assert strict.returncode == 0 and fast.returncode == 0, strict.stderr + fast.stderr
    assert "fmul fast" in (tmp_path / "fast.ll").read_text()
    assert "fmul fast" not in (tmp_path / "strict.ll").read_text()
