"""Regressions from the second QA audit of the compiled tier: each program's
exact output under both `kiln run` (bridge, JIT-cached .so) and `kiln build`
(standalone executable); the two must agree."""
import shutil
import subprocess
import textwrap

import pytest

from .kilnkit import build_exe, run_source, write

TRACKED = """
struct D:
    var n: Int
    fn __init__(inout self, n: Int):
        self.n = n
    fn __copyinit__(inout self, existing: Self):
        self.n = existing.n + 1000
        print("copy", existing.n)
    fn __moveinit__(inout self, owned existing: Self):
        self.n = existing.n
        print("move", existing.n)
    fn __del__(owned self):
        print("del", self.n)
"""


def check(tmp_path, run_kiln, source: str, expected: str) -> None:
    source = textwrap.dedent(source)
    built = run_source(tmp_path, source)
    assert (built.returncode, built.stderr) == (0, ""), built.stderr
    assert built.stdout == expected
    path = write(tmp_path, "viarun.kiln", source)
    ran = run_kiln("run", path)
    assert (ran.returncode, ran.stderr) == (0, ""), ran.stderr
    assert ran.stdout == expected


def test_constructor_field_assignment_does_not_destroy_uninitialised_memory(tmp_path, run_kiln):
    # `self.d = ...` in __init__ ran D.__del__ on the stack garbage the field held
    check(tmp_path, run_kiln, TRACKED + """
struct H:
    var d: D
    var m: Int
    fn __init__(inout self, owned d: D):
        self.d = d^
        self.m = 0
        print("H init done")
    fn __copyinit__(inout self, existing: Self):
        self.d = existing.d
        self.d = D(existing.m)
        self.m = existing.m
    fn reset(inout self, n: Int):
        self.d = D(n)
        print("reset done")

fn main():
    var h = H(D(1))
    h.reset(2)
    var g = h
    print(h.d.n, g.d.n)
""", "move 1\nH init done\ndel 1\nreset done\ncopy 2\ndel 1002\n2 0\ndel 0\ndel 2\n")


def test_assigning_an_inout_parameter_destroys_the_callers_old_value(tmp_path, run_kiln):
    check(tmp_path, run_kiln, TRACKED + """
fn setit(inout a: D, b: D):
    a = b
    print("set done")

fn setnew(inout a: D):
    a = D(5)
    print("setnew done")

fn main():
    var x = D(1)
    var y = D(2)
    setit(x, y)
    print("x", x.n)
    setnew(x)
    print("x", x.n, y.n)
""", "copy 2\ndel 1\nset done\nx 1002\ndel 1002\nsetnew done\nx 5 2\ndel 2\ndel 5\n")


def test_appending_to_the_list_being_iterated_reads_the_live_buffer(tmp_path, run_kiln):
    # the loop read a snapshot of the list: after a growing append, freed memory
    check(tmp_path, run_kiln, """
@value
struct Bag:
    var items: List[Int]

fn main():
    var l = List[Int](1, 2, 3)
    for x in l:
        if x < 3:
            l.append(x * 10)
        print(x, end=" ")
    print(len(l))
    var bag = Bag(List[Int](7))
    for x in bag.items:
        if x < 9:
            bag.items.append(x + 1)
    print(len(bag.items), bag.items[-1])
""", "1 2 3 10 20 5\n3 9\n")


def test_a_nested_fn_may_call_itself(tmp_path, run_kiln):
    # checking the recursive call checked the body again, forever: K0900
    # "nested too deeply", then a RecursionError in codegen's capture walk
    check(tmp_path, run_kiln, """
fn fact_and_calls(n: Int) -> Int:
    var calls = 0
    fn rec(k: Int) -> Int:
        calls += 1
        if k <= 1:
            return 1
        return k * rec(k - 1)
    return rec(n) * 100 + calls

fn fibs(n: Int) -> Int:
    var memo = List[Int]()
    for i in range(n + 1):
        memo.append(-1)
    fn fib(k: Int) -> Int:
        if k < 2:
            return k
        if memo[k] >= 0:
            return memo[k]
        var v = fib(k - 1) + fib(k - 2)
        memo[k] = v
        return v
    return fib(n)

fn main():
    print(fact_and_calls(5), fibs(50))
""", "12005 12586269025\n")


def test_moveinit_moves_fields_out_of_existing(tmp_path, run_kiln):
    # `self.d = existing.d^` (the usual __moveinit__ of a struct holding a
    # move-only value) was K0323 "only a variable the function owns can be moved"
    check(tmp_path, run_kiln, TRACKED + """
struct Holder:
    var d: D
    var tag: Int
    fn __init__(inout self, n: Int):
        self.d = D(n)
        self.tag = n
    fn __moveinit__(inout self, owned existing: Self):
        self.d = existing.d^
        self.tag = existing.tag + 1

fn keep(owned h: Holder) -> Int:
    return h.tag * 100 + h.d.n

fn main():
    var h = Holder(7)
    print(keep(h^))
""", "move 7\ndel 7\n807\n")


def test_a_nested_fn_assigning_a_captured_variable_destroys_its_old_value(tmp_path, run_kiln):
    # the closure had no live flag for the captured variable: the old value leaked
    check(tmp_path, run_kiln, TRACKED + """
fn main():
    var d = D(1)
    fn replace(n: Int):
        d = D(n)
    replace(2)
    replace(3)
    print("d", d.n)
""", "del 1\ndel 2\nd 3\ndel 3\n")


def test_a_raising_constructor_destroys_the_fields_it_had_set(tmp_path, run_kiln):
    check(tmp_path, run_kiln, TRACKED + """
struct Checked:
    var first: D
    var second: D
    fn __init__(inout self, v: Int) raises:
        self.first = D(v)
        if v < 0:
            raise Error("negative")
        self.second = D(v + 1)

fn main():
    try:
        var ok = Checked(1)
        print(ok.first.n, ok.second.n)
        var bad = Checked(-5)
        print("unreached", bad.first.n)
    except e:
        print("caught", e)
""", "1 2\ndel -5\ndel 1\ndel 2\ncaught negative\n")


BARE_EXCEPT = """
fn f(n: Int) raises -> Int:
    if n < 5:
        raise Error("small " + str(n))
    return n

fn g(n: Int) raises -> Int:
    try:
        return f(n)
    except:
        if n == 1:
            raise
        if n == 2:
            return -2
    return 0

fn main():
    var total = 0
    for i in range(4):
        try:
            total += g(i)
        except e:
            print("main", e)
    for i in range(3):
        try:
            _ = f(i)
        except:
            continue
    while True:
        try:
            _ = f(0)
        except:
            break
    print(total)
"""


def test_bare_except_frees_the_error_on_every_way_out(tmp_path, run_kiln):
    check(tmp_path, run_kiln, BARE_EXCEPT, "main small 1\n-2\n")


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="needs valgrind")
def test_bare_except_leaks_nothing_under_valgrind(tmp_path):
    # a bare `except:` left by continue/break/return never freed its error
    exe = build_exe(tmp_path, BARE_EXCEPT, opt=0)
    proc = subprocess.run(["valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite",
                           "--error-exitcode=9", exe], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_moveinit_destroys_the_fields_it_copied_rather_than_moved(tmp_path, run_kiln):
    # `existing` is consumed without __del__: a field copied out of it
    # (`self.d = existing.d`) was never destroyed (a String field leaked)
    check(tmp_path, run_kiln, TRACKED + """
struct Pair:
    var kept: D
    var moved: D
    fn __init__(inout self, a: Int, b: Int):
        self.kept = D(a)
        self.moved = D(b)
    fn __moveinit__(inout self, owned existing: Self):
        self.kept = existing.kept
        self.moved = existing.moved^

fn take(owned p: Pair) -> Int:
    return p.kept.n + p.moved.n

fn main():
    var p = Pair(1, 2)
    print(take(p^))
""", "copy 1\nmove 2\ndel 1\ndel 1001\ndel 2\n1003\n")
