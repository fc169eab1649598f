"""`print` in compiled code goes where Python's `sys.stdout` points
(contextlib.redirect_stdout, pytest's capsys, a StringIO), interleaved with
the Python tier's output in program order, `parallelize` workers and native
`__del__` included; with sys.stdout the process's stdout (a terminal, a
file, a pipe) it goes to fd 1 as before (bridge/output_capture.py)."""
import contextlib
import io
import os
import subprocess
import sys

import pytest

import kiln

from .kilnkit import loaded_with_kiln_load, write

KERNELS = '''
from algorithm import parallelize
from memory import UnsafePointer

fn lines(n: Int) -> Int:
    for i in range(n):
        print("fn line", i)
    return n

fn quiet(n: Int) -> Int:
    return n * 2

fn workers(n: Int):
    @parameter
    fn work(i: Int):
        print("worker", i)
    parallelize[work](n)

fn fails(n: Int) raises -> Int:
    print("before the error", n)
    raise Error("failed after printing")

fn faults() -> Int:
    print("before the fault")
    var p = UnsafePointer[Int]()
    p[0] = 1
    return 0

struct Noisy:
    var n: Int
    fn __init__(inout self, n: Int):
        self.n = n
    fn shout(self):
        print("Noisy", self.n)
    fn __del__(owned self):
        print("del Noisy", self.n)
'''


@pytest.fixture(scope="module")
def mod(tmp_path_factory, shared_cache_dir):
    with loaded_with_kiln_load(tmp_path_factory.mktemp("print_redirect"), KERNELS, shared_cache_dir) as module:
        yield module


def check(run, expected: str):
    """What `run()` prints, both tiers, through contextlib.redirect_stdout."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run()
    assert buf.getvalue() == expected


def test_fn_output_interleaves_with_python_in_a_redirected_stream(mod):
    def run():
        print("py 1")
        assert mod.lines(2) == 2
        print("py 2")
        assert mod.quiet(3) == 6
        mod.lines(1)
    check(run, "py 1\nfn line 0\nfn line 1\npy 2\nfn line 0\n")


def test_struct_methods_and_native_del(mod):
    def run():
        n = mod.Noisy(7)
        n.shout()
        print("py")
        del n
        print("end")
    check(run, "Noisy 7\npy\ndel Noisy 7\nend\n")


def test_output_before_an_error_or_a_fault_arrives(mod):
    def run():
        with pytest.raises(kiln.Error, match="failed after printing"):
            mod.fails(1)
        with pytest.raises(kiln.NativeFault):
            mod.faults()
        print("still running")
    check(run, "before the error 1\nbefore the fault\nstill running\n")


def test_every_parallelize_worker_line_reaches_the_stream(mod):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        mod.workers(16)
        print("after")
    *workers, last = buf.getvalue().splitlines()
    assert sorted(workers, key=lambda line: int(line.split()[1])) == [f"worker {i}" for i in range(16)]
    assert last == "after"


def test_pytest_capsys_sees_fn_output(mod, capsys):
    print("py")
    mod.lines(2)
    assert capsys.readouterr().out == "py\nfn line 0\nfn line 1\n"


def test_a_failing_write_is_the_calls_exception(mod):
    class Full(io.StringIO):
        def write(self, text):
            raise OSError("no space left")
    old = sys.stdout
    sys.stdout = Full()
    try:
        with pytest.raises(OSError, match="no space left"):
            mod.lines(1)
        assert mod.quiet(2) == 4              # a fn that does not print never writes
    finally:
        sys.stdout = old


PROGRAM = '''
from algorithm import parallelize

fn shout(n: Int):
    for i in range(n):
        print("fn", i)

fn workers(n: Int):
    @parameter
    fn work(i: Int):
        print("worker")
    parallelize[work](n)

def main():
    import contextlib, io
    print("py start")
    shout(2)
    print("py middle")
    workers(3)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        shout(1)
    print("py end", repr(buf.getvalue()))
'''
EXPECTED = "py start\nfn 0\nfn 1\npy middle\nworker\nworker\nworker\npy end 'fn 0\\n'\n"


def test_kiln_run_to_a_file_and_through_a_pipe(run_kiln, tmp_path, kiln_exe, shared_cache_dir):
    write(tmp_path, "prog.kiln", PROGRAM)
    proc = run_kiln("run", "prog.kiln")                  # stdout is a pipe
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, EXPECTED, "")
    env = dict(os.environ, KILN_CACHE_DIR=str(shared_cache_dir))
    with open(tmp_path / "out.txt", "w") as out:
        done = subprocess.run([*kiln_exe, "run", "prog.kiln"], cwd=tmp_path, stdout=out,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out.txt").read_text() == EXPECTED
