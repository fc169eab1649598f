"""The bridge between tiers (language.md section 9) through `kiln run`:
conversions in both directions, structs as Python classes, buffers for
pointers, errors that name the fn and the parameter, and output of both
tiers interleaving in program order."""
import os
import subprocess
import sys

from .kilnkit import write

PROGRAM = '''
import array

@value
struct Point:
    var x: Float64
    var y: Float64

    fn norm2(self) -> Float64:
        return self.x * self.x + self.y * self.y

    fn __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    fn scale(inout self, k: Float64):
        self.x *= k
        self.y *= k


struct Buffer:
    var data: UnsafePointer[Int]
    var size: Int
    var label: String

    fn __init__(inout self, size: Int, label: String):
        self.data = UnsafePointer[Int].alloc(size)
        self.size = size
        self.label = label
        for i in range(size):
            self.data[i] = i

    fn total(self) -> Int:
        var t = 0
        for i in range(self.size):
            t += self.data[i]
        return t

    fn __del__(owned self):
        print("native __del__ of", self.label)
        self.data.free()


fn midpoint(a: Point, b: Point) -> Point:
    return Point((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)


fn greet(name: String, times: Int8) -> String:
    var out = String("")
    for _ in range(Int(times)):
        out += "hi " + name + "! "
    return out


fn lanes(v: SIMD[DType.int32, 4]) -> SIMD[DType.int32, 4]:
    return v * 2


fn fill(p: UnsafePointer[UInt8], n: Int, value: UInt8):
    for i in range(n):
        p[i] = value


fn chatty(n: Int) -> Int:
    print("native", n)
    return n + 1


fn sum_list(xs: List[Int]) -> Int:
    var t = 0
    for x in xs:
        t += x
    return t


fn extend(inout xs: List[String], n: Int):
    for i in range(n):
        xs.append("item" + str(i))


fn count(points: List[List[Int]]) -> Int:
    return len(points)


def main():
    p = Point(3.0, 4.0)
    print(p, p.norm2(), p.x, type(p).__name__)
    q = p + Point(1.0, 1.0)
    q.scale(2.0)
    q.y = 11.0
    print(q, midpoint(p, q))
    print(greet(name="kiln", times=2))
    print(lanes((1, 2, 3, -4)))
    for buffer in (bytearray(3), array.array("B", [0, 0, 0]), memoryview(bytearray(3))):
        fill(buffer, 3, 7)
        print(type(buffer).__name__, list(buffer))
    b = Buffer(10, "ten")
    print(b.total(), b.size, b.label)
    del b
    print("python", chatty(1), "python again")
    words = ["a"]
    extend(words, 2)
    print(sum_list([1, 2, 3]), sum_list(range(4)), words)
    for call in (lambda: midpoint(p, 3), lambda: greet("x", 300), lambda: lanes((1, 2)),
                 lambda: fill(b"abc", 3, 1), lambda: count([[1]])):
        try:
            call()
        except (TypeError, OverflowError) as exc:
            print(type(exc).__name__ + ":", exc)
'''

EXPECTED = """Point(x=3.0, y=4.0) 25.0 3.0 Point
Point(x=8.0, y=11.0) Point(x=5.5, y=7.5)
hi kiln! hi kiln! \n(2, 4, 6, -8)
bytearray [7, 7, 7]
array [7, 7, 7]
memoryview [7, 7, 7]
45 10 ten
native __del__ of ten
native 1
python 2 python again
6 6 ['a', 'item0', 'item1']
TypeError: midpoint() argument 'b' must be a Point instance, not int
OverflowError: greet() argument 'times' = 300 does not fit in Int8
TypeError: lanes() argument 'v' must have 4 elements (Kiln type SIMD[DType.int32, 4]), not 2
"""


def test_bridge_through_kiln_run(tmp_path):
    path = write(tmp_path, "bridge.kiln", PROGRAM)
    env = dict(os.environ, KILN_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "kiln", "run", path], capture_output=True,
                          text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    expected = EXPECTED.splitlines()
    assert lines[:len(expected)] == expected
    rest = lines[len(expected):]
    assert rest[0].startswith("TypeError: fill() argument 'p' must be a writable C-contiguous buffer of uint8")
    assert "read-only" in rest[0]
    assert rest[1].startswith("TypeError: fn `count` cannot be used from Python code: parameter `points` "
                              "has type List[List[Int]]")


FORK = '''
import os
from algorithm import parallelize

fn total(n: Int) -> Int:
    let out = UnsafePointer[Int].alloc(n)
    @parameter
    fn item(i: Int):
        out[i] = i
    parallelize[item](n)
    var s = 0
    for i in range(n):
        s += out[i]
    out.free()
    return s

def main():
    print("parent", total(100))
    pid = os.fork()
    if pid == 0:
        print("child", total(100), flush=True)
        os._exit(0)
    os.waitpid(pid, 0)
    print("parent again", total(1000))
'''


def test_parallel_pool_survives_fork(tmp_path):
    path = write(tmp_path, "fork.kiln", FORK)
    env = dict(os.environ, KILN_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "kiln", "run", path], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "parent 4950\nchild 4950\nparent again 499500\n"
