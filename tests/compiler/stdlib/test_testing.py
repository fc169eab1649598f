"""`testing` (compiler/stdlib/testing.kiln): what each assertion accepts and
the exact text of its failure, compiled (run and built agree) and from
Python code (the Python faces in pytier/intrinsic_modules.py say the same)."""
from __future__ import annotations

from .stdlibkit import run_and_build, write

PROGRAM = """
from testing import assert_equal, assert_not_equal, assert_true, assert_false
from testing import assert_almost_equal
from math import inf, nan

@value
struct Money:
    var cents: Int

    fn __eq__(self, other: Money) -> Bool:
        return self.cents == other.cents

    fn __ne__(self, other: Money) -> Bool:
        return self.cents != other.cents

    fn __str__(self) -> String:
        return "$" + str(self.cents // 100) + "." + str(self.cents % 100)


fn case(i: Int) raises:
    let f: Float32 = 0.5
    if i == 0:
        assert_equal(2, 1 + 1)
        assert_equal(1, 2)
    elif i == 1:
        assert_equal(String("kiln"), "clay", "names differ")
    elif i == 2:
        assert_equal(Money(150), Money(150))
        assert_equal(Money(150), Money(205))
    elif i == 3:
        assert_equal(SIMD[DType.int32, 4](1, 2, 3, 4), SIMD[DType.int32, 4](1, 2, 0, 4))
    elif i == 4:
        assert_equal(f, Float32(0.25))
    elif i == 5:
        assert_not_equal(1.5, 2.5)
        assert_not_equal(Money(7), Money(7), "same money")
    elif i == 6:
        assert_true(1 < 2)
        assert_true(2 < 1)
    elif i == 7:
        assert_false(False)
        assert_false(True, "was true")
    elif i == 8:
        assert_almost_equal(1.0, 1.0 + 1e-9)
        assert_almost_equal(inf, inf)
        assert_almost_equal(1.0, 1.1, atol=0.2)
        assert_almost_equal(100.0, 100.5, rtol=1e-3)
    elif i == 9:
        assert_almost_equal(nan, nan)
    elif i == 10:
        assert_almost_equal(SIMD[DType.float32, 2](1, 2), SIMD[DType.float32, 2](1, 2.001), atol=0.01)
        assert_almost_equal(SIMD[DType.float32, 2](1, 2), SIMD[DType.float32, 2](1, 2.5), "lanes")
    elif i == 11:
        assert_equal(True, False)
    else:
        assert_equal(-3, -3, "never shown")
        print("all passed")


fn main():
    for i in range(13):
        try:
            case(i)
        except e:
            print(i, e)
"""

EXPECTED = """\
0 AssertionError: 1 is not equal to 2
1 AssertionError: kiln is not equal to clay: names differ
2 AssertionError: $1.50 is not equal to $2.5
3 AssertionError: [1, 2, 3, 4] is not equal to [1, 2, 0, 4]
4 AssertionError: 0.5 is not equal to 0.25
5 AssertionError: $0.7 is equal to $0.7: same money
6 AssertionError: condition was unexpectedly False
7 AssertionError: was true
8 AssertionError: 100.0 is not close to 100.5
9 AssertionError: nan is not close to nan
10 AssertionError: [1.0, 2.0] is not close to [1.0, 2.5]: lanes
11 AssertionError: True is not equal to False
all passed
"""


def test_failure_texts_compiled_run_and_built(run_kiln, tmp_path):
    assert run_and_build(run_kiln, tmp_path, PROGRAM) == EXPECTED


def test_an_uncaught_failure_names_the_test_line(run_kiln, tmp_path):
    path = write(tmp_path, "t.kiln", """
        from testing import assert_equal

        fn check_sum() raises:
            assert_equal(1 + 1, 3, "sum")

        fn main() raises:
            check_sum()
        """)
    proc = run_kiln("run", path)
    assert proc.returncode == 1
    assert "AssertionError: 2 is not equal to 3: sum" in proc.stderr
    assert f'File "{path}", line 4, in check_sum' in proc.stderr


def test_values_that_cannot_be_compared_or_printed_are_compile_errors(run_kiln, tmp_path):
    path = write(tmp_path, "bad.kiln", """
        from testing import assert_equal

        struct Opaque:
            var x: Int

            fn __init__(inout self, x: Int):
                self.x = x

            fn __eq__(self, other: Opaque) -> Bool:
                return self.x == other.x

        fn main() raises:
            assert_equal(Opaque(1), Opaque(1))
        """)
    proc = run_kiln("check", path)
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert "K0213" in out and "bad.kiln:13:5" in out and "T: Testable" in out


PYTHON_SIDE = """
from testing import assert_equal, assert_not_equal, assert_true, assert_false
from testing import assert_almost_equal

assert_equal([1, 2], [1, 2])
assert_almost_equal(1.0, 1.0 + 1e-9)
assert_almost_equal(float("inf"), float("inf"))
cases = [
    lambda: assert_equal(1, 2),
    lambda: assert_equal("kiln", "clay", "names differ"),
    lambda: assert_not_equal(1.5, 1.5),
    lambda: assert_true(2 < 1),
    lambda: assert_false(True, "was true"),
    lambda: assert_almost_equal(100.0, 100.5, rtol=1e-3),
    lambda: assert_almost_equal(float("nan"), float("nan")),
]
for case in cases:
    try:
        case()
    except Error as e:
        print(type(e).__module__, e)
"""


def test_python_code_gets_the_same_assertions(run_kiln, tmp_path):
    proc = run_kiln("run", write(tmp_path, "py_side.kiln", PYTHON_SIDE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"kiln {text}" for text in [
        "AssertionError: 1 is not equal to 2",
        "AssertionError: kiln is not equal to clay: names differ",
        "AssertionError: 1.5 is equal to 1.5",
        "AssertionError: condition was unexpectedly False",
        "AssertionError: was true",
        "AssertionError: 100.0 is not close to 100.5",
        "AssertionError: nan is not close to nan",
    ]]
