"""`memory` (compiler/stdlib/memory.kiln next to the memcpy/memset_zero
intrinsics): fills and comparisons over pointers, run and built alike."""
from __future__ import annotations

from .stdlibkit import run_and_build

PROGRAM = """
from memory import memset, memcmp, memcpy, memset_zero, UnsafePointer

fn main():
    let a = UnsafePointer[Float32].alloc(10)
    let b = UnsafePointer[Float32].alloc(10)
    memset(a, 2.5, 10)
    memcpy(b, a, 10)
    print(a[0], a[9], memcmp(a, b, 10))
    b[7] = 3.0
    print(memcmp(a, b, 10), memcmp(b, a, 10), memcmp(a, b, 7))
    b[7] = 0.0 / 0.0
    print(memcmp(a, b, 10))
    memset_zero(a, 10)
    print(a[3], a[9])
    let bytes = UnsafePointer[UInt8].alloc(3)
    memset(bytes, 255, 3)
    print(bytes[0] + bytes[2])
    a.free()
    b.free()
    bytes.free()
"""


def test_program_run_and_build_agree(run_kiln, tmp_path):
    assert run_and_build(run_kiln, tmp_path, PROGRAM) == "2.5 2.5 0\n-1 1 0\n1\n0.0 0.0\n254\n"
