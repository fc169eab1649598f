"""Faults that jump out of compiled code instead of being returned: a stack
overflow in recursive fns (RecursionError) and SIGSEGV through a bad
UnsafePointer (kiln NativeFault). Called from Python they are exceptions
with the `.kiln` frames in the traceback, from any thread and from
`parallelize` workers, and the interpreter keeps running."""
import threading
import traceback

import pytest

from kiln.compiler.native.bridge.fault_types import NativeFault

from .kilnkit import build_exe, line_of, load, run_exe

SOURCE = """
from algorithm import parallelize

fn forever(n: Int) -> Int:
    return forever(n + 1) + forever(n + 2)

fn ping(n: Int) -> Int:
    if n == 0:
        return 0
    return pong(n) * 2 + 1

fn pong(n: Int) -> Int:
    return ping(n - 1) * 3 + ping(n - 1)

fn depth(n: Int) -> Int:
    if n == 0:
        return 0
    return depth(n - 1) + depth(0) + 1

fn poke(p: UnsafePointer[Int], i: Int, v: Int):
    p[i] = v

fn null_store(v: Int):
    var p = UnsafePointer[Int]()
    poke(p, 3, v)

fn null_load(i: Int) -> Int:
    var p = UnsafePointer[Int]()
    return p[i]

fn overflow_in_items(n: Int) -> Int:
    var total = UnsafePointer[Int].alloc(n)
    @parameter
    fn item(i: Int):
        total[i] = forever(i)
    parallelize[item](n)
    return total[0]
"""


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    return load(tmp_path_factory.mktemp("native_faults"), SOURCE)


def at(text: str) -> int:
    return line_of(SOURCE, text)


def text_of(excinfo) -> str:
    return "".join(traceback.format_exception(excinfo.value))


def test_endless_recursion_is_recursion_error_with_kiln_frames(mod):
    for _ in range(2):                       # and again: nothing was left behind
        with pytest.raises(RecursionError, match=r"maximum recursion depth exceeded in fn forever "
                                                 rf"\(mod\.kiln:{at('fn forever(n: Int) -> Int:')}\): the native stack is exhausted") as info:
            mod.forever(0)
        text = text_of(info)
        assert f'mod.kiln", line {at("    return forever(n + 1) + forever(n + 2)")}, in forever' in text
        assert "return forever(n + 1) + forever(n + 2)" in text
        assert "only the innermost 64 native frames were recorded" in text
    assert mod.depth(10000) == 10000        # deep but finite recursion still works


def test_mutual_recursion_overflow_names_both_fns(mod):
    with pytest.raises(RecursionError) as info:
        mod.ping(10 ** 9)
    text = text_of(info)
    assert f'mod.kiln", line {at("    return pong(n) * 2 + 1")}, in ping' in text
    assert f'mod.kiln", line {at("    return ping(n - 1) * 3 + ping(n - 1)")}, in pong' in text
    assert mod.ping(3) == 2 * (3 * mod.ping(2) + mod.ping(2)) + 1


def test_recursion_error_in_another_thread(mod):
    caught = []

    def run():
        try:
            mod.forever(1)
        except RecursionError as exc:
            caught.append(exc)
    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert len(caught) == 1 and "fn forever" in str(caught[0])
    assert mod.depth(100) == 100


def test_recursion_error_in_parallel_workers(mod):
    with pytest.raises(RecursionError, match="fn forever") as info:
        mod.overflow_in_items(4)
    text = text_of(info)
    assert f'mod.kiln", line {at("    parallelize[item](n)")}, in overflow_in_items' in text
    assert f'mod.kiln", line {at("    return forever(n + 1) + forever(n + 2)")}, in forever' in text
    with pytest.raises(RecursionError):
        mod.overflow_in_items(4)                                    # the pool still works


def test_null_pointer_store_is_native_fault(mod):
    for _ in range(2):
        with pytest.raises(NativeFault, match=r"segmentation fault \(SIGSEGV\): invalid memory write "
                                              rf"at address 0x18 in fn poke \(mod\.kiln:{at('    p[i] = v')}\)") as info:
            mod.null_store(5)
        text = text_of(info)
        assert text.index(f'line {at("    poke(p, 3, v)")}, in null_store') < \
            text.index(f'line {at("    p[i] = v")}, in poke')
        assert "p[i] = v" in text
    with pytest.raises(NativeFault, match=r"invalid memory read at address 0x38 in fn null_load"):
        mod.null_load(7)


def test_native_fault_is_public_as_kiln_native_fault():
    import kiln
    assert kiln.NativeFault is NativeFault and issubclass(NativeFault, Exception)


def test_native_fault_in_a_thread(mod):
    caught = []
    worker = threading.Thread(target=lambda: caught.append(pytest.raises(NativeFault, mod.null_load, 1)))
    worker.start()
    worker.join()
    assert len(caught) == 1


def test_executable_reports_stack_overflow_as_recursion_error(tmp_path):
    source = """
fn depth(n: Int) -> Int:
    if n == 0:
        return 0
    var pad = SIMD[DType.int64, 8](Int64(n))
    return depth(n - 1) + Int(pad.reduce_add() % 3)

fn main():
    print(depth(1000))
    print(depth(100000000))
"""
    proc = run_exe(build_exe(tmp_path, source))
    assert proc.returncode == 1 and proc.stdout == "1001\n"
    assert proc.stderr.splitlines()[-1] == (
        "RecursionError: maximum recursion depth exceeded in fn depth (prog.kiln:1): "
        "the native stack is exhausted")
