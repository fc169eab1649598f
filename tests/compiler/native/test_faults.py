"""Runtime faults and raised errors: in an executable they stop the program
with the fault, `file.kiln:line:col` and the chain of fn frames; called from
Python they are Python exceptions with the `.kiln` lines in the traceback,
and the interpreter keeps running."""
import traceback

import pytest

from .kilnkit import build_exe, load, run_exe

SOURCE = """
fn divide(a: Int, b: Int) -> Int:
    return a // b

fn average(total: Int, count: Int) -> Int:
    let result = divide(total, count)
    return result

fn nth(i: Int) -> Int:
    var xs = List[Int](10, 20, 30)
    return xs[i]

fn checked(x: Int) -> Int:
    assert x > 0, "x must be positive"
    return x

fn failing(code: Int) raises -> Int:
    if code != 0:
        raise Error("failed with code " + str(code))
    return 0

fn main():
    print(average(10, 2))
    print(average(1, 0))
"""


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return load(tmp_path_factory.mktemp("faults"), SOURCE)


def formatted(excinfo) -> str:
    return "".join(traceback.format_exception(excinfo.value))


def test_executable_reports_fault_with_location_and_frames(tmp_path):
    proc = run_exe(build_exe(tmp_path, SOURCE))
    assert proc.returncode == 1
    assert proc.stdout == "5\n"
    lines = proc.stderr.splitlines()
    path = str(tmp_path / "prog.kiln")
    assert lines[0].startswith("Traceback")
    assert lines[1:] == [f"  {path}:23:11 in main",
                         f"  {path}:5:18 in average",
                         f"  {path}:2:12 in divide",
                         "ZeroDivisionError: integer division or modulo by zero"]


def test_division_by_zero_is_zero_division_error_with_kiln_frames(mod):
    with pytest.raises(ZeroDivisionError, match="integer division or modulo by zero") as info:
        mod.average(1, 0)
    text = formatted(info)
    assert 'prog.kiln", line' not in text        # module name is mod.kiln
    assert 'mod.kiln", line 5, in average' in text
    assert 'mod.kiln", line 2, in divide' in text
    assert "return a // b" in text and "let result = divide(total, count)" in text
    assert text.index("in average") < text.index("in divide")
    assert mod.average(9, 3) == 3                # still usable afterwards


def test_index_out_of_range_is_index_error(mod):
    assert mod.nth(-1) == 30
    with pytest.raises(IndexError, match="list index out of range") as info:
        mod.nth(3)
    assert 'mod.kiln", line 10, in nth' in formatted(info)


def test_failed_assert_is_assertion_error(mod):
    with pytest.raises(AssertionError, match="x must be positive"):
        mod.checked(-1)
    assert mod.checked(2) == 2


def test_raised_error_is_kiln_error(mod):
    import kiln
    with pytest.raises(kiln.Error, match="failed with code 7") as info:
        mod.failing(7)
    assert 'mod.kiln", line 18, in failing' in formatted(info)
    assert mod.failing(0) == 0


PARALLEL = """
from algorithm import parallelize

fn fill(out: UnsafePointer[Int], n: Int, bad: Int):
    @parameter
    fn item(i: Int):
        out[i] = 1000 // (i - bad)
    parallelize[item](n)

fn main():
    let out = UnsafePointer[Int].alloc(100)
    fill(out, 100, 200)
    print(out[0], out[99])
    fill(out, 100, 57)
    print("not reached")
"""


def test_fault_in_a_parallel_worker(tmp_path):
    proc = run_exe(build_exe(tmp_path, PARALLEL))
    assert proc.returncode == 1
    assert proc.stdout == "-5 -10\n"
    path = str(tmp_path / "prog.kiln")
    assert f"  {path}:6:18 in fill.item" in proc.stderr
    assert f"  {path}:7:5 in fill" in proc.stderr
    assert f"  {path}:13:5 in main" in proc.stderr
    assert proc.stderr.rstrip().endswith("ZeroDivisionError: integer division or modulo by zero")


def test_fault_in_fn_main_under_kiln_run(run_kiln, tmp_path):
    from .kilnkit import write
    path = write(tmp_path, "prog.kiln", SOURCE)
    proc = run_kiln("run", path)
    assert proc.returncode == 1
    assert proc.stdout == "5\n"
    assert f'File "{path}", line 23, in main' in proc.stderr
    assert f'File "{path}", line 2, in divide' in proc.stderr
    assert proc.stderr.rstrip().endswith("ZeroDivisionError: integer division or modulo by zero")


FINALLY_ON_THE_WAY_OUT = """
fn divide(a: Int, b: Int) -> Int:
    try:
        return a // b
    except e:
        print("never: faults are not Errors")
        return -1
    finally:
        print("finally after fault")

fn rethrow(code: Int) raises -> Int:
    try:
        if code > 0:
            raise Error("first")
        return 0
    except e:
        raise Error("from except: " + str(e))
    finally:
        print("finally after except raised")

fn nested(a: Int, b: Int) -> Int:
    try:
        try:
            return a % b
        finally:
            print("inner finally")
    finally:
        print("outer finally")

fn main():
    print(divide(6, 3))
    try:
        _ = rethrow(1)
    except e:
        print("caught", e)
    print(nested(7, 2))
    print(nested(7, 0))
"""


def test_finally_runs_when_a_fault_or_an_error_from_except_passes(tmp_path):
    proc = run_exe(build_exe(tmp_path, FINALLY_ON_THE_WAY_OUT))
    assert proc.stdout == ("finally after fault\n2\n"
                           "finally after except raised\ncaught from except: first\n"
                           "inner finally\nouter finally\n1\n"
                           "inner finally\nouter finally\n")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == "ZeroDivisionError: integer division or modulo by zero"


def test_finally_runs_before_a_fault_reaches_python(tmp_path, capfd):
    mod = load(tmp_path, FINALLY_ON_THE_WAY_OUT.replace("fn main():", "fn unused():"))
    with pytest.raises(ZeroDivisionError):
        mod.divide(1, 0)
    assert capfd.readouterr().out == "finally after fault\n"


def test_simd_division_by_a_literal_needs_no_fault_path(tmp_path):
    # effects.py and the code generator agree that `v // 2` cannot fault
    source = """
fn main():
    print(SIMD[DType.int32, 4](-7, 7, -8, 8) // 2, SIMD[DType.int32, 4](-7, 7, -8, 8) % 3)
    var v = SIMD[DType.int64, 2](9, -9)
    v //= 4
    print(v)
"""
    proc = run_exe(build_exe(tmp_path, source))
    assert (proc.returncode, proc.stdout) == (0, "[-4, 3, -4, 4] [2, 1, 1, 2]\n[2, -3]\n"), proc.stderr


def test_negative_integer_exponent_is_a_value_error(tmp_path):
    source = """
fn power(a: Int, b: Int) -> Int:
    return a ** b

fn main():
    print(power(3, 4), power(-2, 3), power(7, 0), 2 ** 10)
    print(power(2, -1))
"""
    proc = run_exe(build_exe(tmp_path, source))
    assert proc.stdout == "81 -8 1 1024\n"
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == \
        "ValueError: negative exponent in an integer power (convert the base to Float64)"


def test_zero_range_step_and_negative_alloc_are_value_errors(tmp_path):
    source = """
fn total(step: Int) -> Int:
    var t = 0
    for i in range(0, 10, step):
        t += i
    return t

fn first(n: Int) -> Int:
    let p = UnsafePointer[Int].alloc(n)
    p[0] = 7
    let r = p[0]
    p.free()
    return r

fn main():
    print(total(3), total(-1), first(1))
    for i in range(0, 3, 0):
        print(i)
"""
    proc = run_exe(build_exe(tmp_path, source))
    assert proc.stdout == "18 0 7\n"
    assert proc.stderr.splitlines()[-1] == "ValueError: range() arg 3 must not be zero"
    (tmp_path / "bridge").mkdir()
    mod = load(tmp_path / "bridge", source.replace("fn main():", "fn unused():"))
    with pytest.raises(ValueError, match="range"):
        mod.total(0)
    with pytest.raises(ValueError, match="negative count"):
        mod.first(-1)


def test_null_pointer_store_faults_instead_of_running_on(tmp_path):
    # LLVM may not treat the store as undefined behaviour and delete the fn
    # body (which then ran into the next function's code)
    source = """
fn poke(value: Int):
    var p = UnsafePointer[Int]()
    p[0] = value

fn main():
    poke(1)
    print("unreachable")
"""
    proc = run_exe(build_exe(tmp_path, source))
    assert proc.returncode == -11 and proc.stdout == ""
    assert "segmentation fault in compiled code" in proc.stderr
