"""Overloaded fns, struct methods and `__init__`s called from Python: one
callable per name that picks the overload Kiln's own resolution would pick
for arguments of those Python types, whatever the declaration order; a
TypeError listing the candidates when none fits, or the tied ones when the
call is ambiguous (bridge/overloads.py, bridge/overload_choice.py)."""
import textwrap

import numpy as np
import pytest

from .kilnkit import loaded_with_kiln_load, write

KERNELS = '''
from memory import UnsafePointer

fn over(x: Float64) -> String:
    return "Float64"
fn over(x: String) -> String:
    return "String"
fn over(x: Int) -> String:
    return "Int"
fn over(x: Bool) -> String:
    return "Bool"

fn narrow(x: Float32) -> String:
    return "Float32"
fn narrow(x: Int32) -> String:
    return "Int32"
fn narrow(x: Int8) -> String:
    return "Int8"

fn mixed(a: Int, b: Float64) -> String:
    return "Int, Float64"
fn mixed(a: Float64, b: Int) -> String:
    return "Float64, Int"

fn total(p: UnsafePointer[Int32], n: Int) -> String:
    return "Int32 buffer"
fn total(p: UnsafePointer[Float64], n: Int) -> Float64:
    var s: Float64 = 0.0
    for i in range(n):
        s += p[i]
    return s

fn width(v: SIMD[DType.float64, 4]) -> Int:
    return 4
fn width(v: SIMD[DType.float64, 2]) -> Int:
    return 2

@value
struct Pair:
    var a: Int
    var b: Int

    fn __init__(inout self, a: Int):
        self.a = a
        self.b = -1

    fn __init__(inout self, a: Int, b: Int):
        self.a = a
        self.b = b

    fn scaled(self, k: Float64) -> Float64:
        return Float64(self.a + self.b) * k

    fn scaled(self, k: Int) -> Int:
        return (self.a + self.b) * k

fn which(p: Pair) -> String:
    return "Pair"
fn which(x: Int) -> String:
    return "Int"
fn which(items: List[Int]) -> String:
    return "List[Int]"

fn half(x: Int) -> Int:
    return x // 2
fn half(x: List[List[Int]]) -> Int:
    return 0
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory, shared_cache_dir):
    with loaded_with_kiln_load(tmp_path_factory.mktemp("overloads"), KERNELS, shared_cache_dir) as module:
        yield module


def check(call, expected):
    """`call()` returns `expected`, or raises it (an exception class and its exact text)."""
    if isinstance(expected, tuple) and isinstance(expected[0], type) and issubclass(expected[0], Exception):
        with pytest.raises(expected[0]) as info:
            call()
        assert str(info.value) == textwrap.dedent(expected[1]).strip("\n")
    else:
        assert call() == expected


@pytest.mark.parametrize("argument, expected", [
    (1, "Int"), (1.0, "Float64"), (True, "Bool"), ("s", "String"),
    (np.int64(2), "Int"), (np.float32(0.5), "Float64"), (np.bool_(False), "Bool"),
])
def test_each_python_type_takes_its_own_kiln_type(mod, argument, expected):
    check(lambda: mod.over(argument), expected)


def test_declaration_order_does_not_matter_and_keywords_bind(mod):
    # `over(x: Float64)` is declared first and accepts an int: the int still means Int
    assert [mod.over(v) for v in (1, 2.5, False, "t", 7, 0.0)] == \
        ["Int", "Float64", "Bool", "String", "Int", "Float64"]
    check(lambda: mod.over(x=3), "Int")
    check(lambda: mod.mixed(b=1, a=2.0), "Float64, Int")


def test_within_a_kind_before_across_kinds(mod):
    check(lambda: mod.narrow(5), "Int32")          # int -> Int32 before Int8, both before Float32
    check(lambda: mod.narrow(5.0), "Float32")
    check(lambda: mod.narrow(np.int8(5)), "Int8")   # a NumPy scalar takes its own type
    check(lambda: mod.narrow(2**40), (OverflowError, "narrow() argument 'x' = 1099511627776 does not fit in Int32"))


def test_arrays_choose_by_dtype_and_repeat_calls_stay_right(mod):
    floats, ints = np.arange(4, dtype=np.float64), np.ones(3, dtype=np.int32)
    # alternating calls go through the dispatcher's cache (keyed by dtype and flags)
    for _ in range(3):
        check(lambda: mod.total(floats, 4), 6.0)
        check(lambda: mod.total(ints, 3), "Int32 buffer")
    check(lambda: mod.total(floats[::2], 2), (TypeError, """
        no overload of total() accepts the arguments (ndarray, int); candidates:
          total(p: UnsafePointer[Int32], n: Int) -> String: argument 'p' must be a writable C-contiguous buffer of int32 (Kiln type UnsafePointer[Int32]), not ndarray of element format 'd'
          total(p: UnsafePointer[Float64], n: Int) -> Float64: argument 'p' must be a writable C-contiguous buffer of float64 (Kiln type UnsafePointer[Float64]), not ndarray of element format 'd'
    """))
    check(lambda: mod.total(floats, 4), 6.0)


def test_sequence_length_picks_the_simd_width(mod):
    check(lambda: mod.width((1.0, 2.0)), 2)
    check(lambda: mod.width((1.0, 2.0, 3.0, 4.0)), 4)
    check(lambda: mod.width(np.zeros(2)), 2)
    check(lambda: mod.width(np.zeros(4)), 4)


def test_struct_init_and_method_overloads(mod):
    check(lambda: repr(mod.Pair(2)), "Pair(a=2, b=-1)")
    check(lambda: repr(mod.Pair(2, 3)), "Pair(a=2, b=3)")
    p = mod.Pair(2, 3)
    check(lambda: p.scaled(2), 10)
    check(lambda: p.scaled(0.5), 2.5)
    check(lambda: mod.which(p), "Pair")
    check(lambda: mod.which(4), "Int")
    check(lambda: mod.which([1, 2]), "List[Int]")
    check(lambda: mod.Pair(1, 2, 3), (TypeError, """
        no overload of Pair() accepts the arguments (int, int, int); candidates:
          Pair(a: Int): takes 1 argument (3 given)
          Pair(a: Int, b: Int): takes 2 arguments (3 given)
    """))
    check(lambda: p.scaled("x"), (TypeError, """
        no overload of Pair.scaled() accepts the arguments (str); candidates:
          Pair.scaled(k: Float64) -> Float64: argument 'k' must be float (Kiln type Float64), not str
          Pair.scaled(k: Int) -> Int: argument 'k' must be int (Kiln type Int), not str
    """))


def test_no_overload_fits_lists_every_candidate(mod):
    check(lambda: mod.over([1]), (TypeError, """
        no overload of over() accepts the arguments (list); candidates:
          over(x: Float64) -> String: argument 'x' must be float (Kiln type Float64), not a list of 1 item
          over(x: String) -> String: argument 'x' must be str (Kiln type String), not a list of 1 item
          over(x: Int) -> String: argument 'x' must be int (Kiln type Int), not a list of 1 item
          over(x: Bool) -> String: argument 'x' must be bool (Kiln type Bool), not a list of 1 item
    """))
    check(lambda: mod.mixed(1, c=2), (TypeError, """
        no overload of mixed() accepts the arguments (int, c=int); candidates:
          mixed(a: Int, b: Float64) -> String: has no parameter 'c'
          mixed(a: Float64, b: Int) -> String: has no parameter 'c'
    """))


def test_an_overload_python_cannot_call_is_named_with_why(mod):
    check(lambda: mod.half(9), 4)
    check(lambda: mod.half(1.5), (TypeError, """
        no overload of half() accepts the arguments (float); candidates:
          half(x: Int) -> Int: argument 'x' must be int (Kiln type Int), not float
          half(x: List[List[Int]]) -> Int: not callable from Python: parameter `x` has type List[List[Int]], which (a list of collections) the bridge cannot convert yet
    """))


def test_equally_good_overloads_are_an_ambiguity_not_a_guess(mod):
    check(lambda: mod.mixed(1, 2.0), "Int, Float64")
    check(lambda: mod.mixed(1, 1), (TypeError, """
        call to mixed(int, int) is ambiguous: these overloads match equally well:
          mixed(a: Int, b: Float64) -> String
          mixed(a: Float64, b: Int) -> String
        pass values of the exact Kiln types (e.g. float(x)) or rename one overload
    """))


REPRO = '''
fn over(x: Int) -> Int:
    return x + 1
fn over(x: Float64) -> Float64:
    return x + 0.5
def main():
    print(over(1), over(1.0))
'''


def test_kiln_run_calls_the_overload_of_each_argument(run_kiln, tmp_path):
    write(tmp_path, "prog.kiln", REPRO)
    reversed_order = REPRO.replace("fn over(x: Int) -> Int:\n    return x + 1\n", "") + \
        "fn over(x: Int) -> Int:\n    return x + 1\n"
    write(tmp_path, "reversed.kiln", reversed_order)
    for name in ("prog.kiln", "reversed.kiln"):
        proc = run_kiln("run", name)
        assert (proc.returncode, proc.stdout, proc.stderr) == (0, "2 1.5\n", ""), name
