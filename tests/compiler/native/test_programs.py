"""Compiled programs and their exact output (built as standalone executables):
one small program per feature of the compiled tier, `check(source, stdout)`."""
import pytest

from .kilnkit import run_source


def check(tmp_path, source: str, expected: str, *, opt: int = 2) -> None:
    proc = run_source(tmp_path, source, opt=opt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected


INTEGERS = """
fn main():
    print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
    print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
    let big: Int = 9223372036854775807
    print(big + 1, -big - 2)
    let small: Int8 = 127
    print(small + 1, UInt8(250) + UInt8(10))
    print(1 << 3, -16 >> 2, 5 & 3, 5 | 3, 5 ^ 3, ~5)
    print(2 ** 10, 3 ** 0, 7 / 2)
    var m = -9223372036854775807 - 1
    print(m // -1, m % -1)
"""


def test_integer_semantics(tmp_path):
    check(tmp_path, INTEGERS, "3 -4 -4 3\n1 2 -2 -1\n-9223372036854775808 9223372036854775807\n"
                              "-128 4\n8 -4 1 7 6 -6\n1024 1 3.5\n-9223372036854775808 0\n")


FLOATS = """
fn main():
    print(0.1 + 0.2, 1e16, 1.5e-7, 2.5, -0.0, 100.0)
    print(1.0 / 3.0, 7.5 // 2.0, -7.5 // 2.0, 7.5 % -2.0, -7.5 % 2.0)
    let f: Float32 = 24
    print(f, Float32(0.1), Float32(1.0) / Float32(3.0))
    print(Float64(7) / 2.0, Int(3.99), Int(-3.99), 2.0 ** 0.5)
    let inf = 1.0 / 0.0
    print(inf, -inf, inf - inf)
"""


def test_float_semantics_and_text(tmp_path):
    check(tmp_path, FLOATS, "0.30000000000000004 1e+16 1.5e-07 2.5 -0.0 100.0\n"
                            "0.3333333333333333 3.0 -4.0 -0.5 0.5\n"
                            "24.0 0.1 0.33333334\n"
                            "3.5 3 -3 1.4142135623730951\n"
                            "inf -inf nan\n")


CONTROL = """
fn collatz(n: Int) -> Int:
    var steps = 0
    var x = n
    while x != 1:
        if x % 2 == 0:
            x //= 2
        elif x % 3 == 0 and x > 100:
            x = x // 3
        else:
            x = 3 * x + 1
        steps += 1
    return steps

fn classify(n: Int) -> String:
    return "small" if n < 10 else "big"

fn main():
    var total = 0
    for i in range(1, 20):
        if i == 13:
            continue
        if i > 17:
            break
        total += collatz(i)
    print(total, classify(3), classify(30))
    for i in range(10, 0, -3):
        print(i, end=" ")
    print()
    var found = False
    for i in range(5):
        if i == 9:
            found = True
            break
    else:
        print("no break")
    print(1 < 2 < 3, 3 > 2 > 2, not found, True and False or True)
"""


def test_control_flow(tmp_path):
    check(tmp_path, CONTROL, "140 small big\n10 7 4 1 \nno break\nTrue False True True\n")


STRUCTS = """
@value
struct Point:
    var x: Float64
    var y: Float64

    fn __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    fn __str__(self) -> String:
        return "Point(" + str(self.x) + ", " + str(self.y) + ")"

    fn norm2(self) -> Float64:
        return self.x * self.x + self.y * self.y


struct Counter:
    var hits: Int

    fn __init__(inout self, start: Int):
        self.hits = start

    fn hit(inout self):
        self.hits += 1

    @staticmethod
    fn zero() -> Int:
        return 0


fn main():
    let p = Point(1.0, 2.0) + Point(0.5, 0.5)
    print(p, p.norm2(), p.x)
    var c = Counter(Counter.zero())
    for _ in range(3):
        c.hit()
    print(c.hits)
    var d = c^
    d.hit()
    print(d.hits)
"""


def test_structs_methods_dunders_value(tmp_path):
    check(tmp_path, STRUCTS, "Point(1.5, 2.5) 8.5 1.5\n3\n4\n")


LIFECYCLE = """
struct Noisy:
    var name: String

    fn __init__(inout self, name: String):
        self.name = name
        print("init", self.name)

    fn __copyinit__(inout self, existing: Self):
        self.name = existing.name + "'"
        print("copy", self.name)

    fn __moveinit__(inout self, owned existing: Self):
        self.name = existing.name
        print("move", self.name)

    fn __del__(owned self):
        print("del", self.name)


fn take(owned n: Noisy):
    print("took", n.name)


fn main():
    var a = Noisy("a")
    if True:
        var b = Noisy("b")
        print("inner")
    var c = a
    take(c^)
    take(a)
    print("end")
"""


def test_lifecycle_methods_run_in_order(tmp_path):
    check(tmp_path, LIFECYCLE, "init a\ninit b\ninner\ndel b\ncopy a'\nmove a'\ntook a'\ndel a'\n"
                               "copy a'\ntook a'\ndel a'\nend\ndel a\n")


TRAITS = """
trait Shape:
    fn area(self) -> Float64: ...

@value
struct Square(Shape):
    var side: Float64
    fn area(self) -> Float64:
        return self.side * self.side

@value
struct Circle(Shape):
    var r: Float64
    fn area(self) -> Float64:
        return 3.0 * self.r * self.r

fn total[T: Shape](a: T, b: T) -> Float64:
    return a.area() + b.area()

fn biggest[dtype: DType, width: Int](v: SIMD[dtype, width]) -> Scalar[dtype]:
    return v.reduce_max()

alias N = 4 * 2

fn main():
    print(total(Square(2.0), Square(3.0)), total(Circle(1.0), Circle(2.0)))
    print(biggest(SIMD[DType.int32, 4](3, 9, 2, 7)), biggest(SIMD[DType.float64, 2](1.5, -2.0)), N)
"""


def test_traits_and_compile_time_parameters(tmp_path):
    check(tmp_path, TRAITS, "13.0 15.0\n9 1.5 8\n")


SIMD = """
fn main():
    let v = SIMD[DType.float32, 4](1.0, 2.0, 3.0, 4.0)
    let w = v * 2.0 + 1.0
    print(w, w.reduce_add(), v[2], (v > 2.0))
    let m = v > 2.0
    print(m.select(v, SIMD[DType.float32, 4](0)), v.fma(v, v), v.cast[DType.int32]())
    var acc = SIMD[DType.int64, 8](0)
    for i in range(8):
        acc[i] = Int64(i * i)
    print(acc, acc.reduce_add(), acc.reduce_min(), (acc // 2), acc % 3)
    print(simdwidthof[DType.float32]() >= 4)
"""


def test_simd(tmp_path):
    check(tmp_path, SIMD, "[3.0, 5.0, 7.0, 9.0] 24.0 3.0 [False, False, True, True]\n"
                          "[0.0, 0.0, 3.0, 4.0] [2.0, 6.0, 12.0, 20.0] [1, 2, 3, 4]\n"
                          "[0, 1, 4, 9, 16, 25, 36, 49] 140 0 [0, 0, 2, 4, 8, 12, 18, 24] "
                          "[0, 1, 1, 0, 1, 1, 0, 1]\nTrue\n")


POINTERS = """
from memory import memset_zero, memcpy

fn main():
    let n = 10
    var p = UnsafePointer[Float64].alloc(n)
    memset_zero(p, n)
    for i in range(n):
        p[i] = Float64(i) * 0.5
    let q = UnsafePointer[Float64].alloc(n)
    memcpy(q, p, n)
    let v = q.load[width=4](2)
    q.store[width=4](6, v * 10.0)
    var total = 0.0
    for i in range(n):
        total += q[i]
    let r = q + 3
    print(v, total, r[0], q[9])
    p.free()
    q.free()
"""


def test_pointers_and_memory(tmp_path):
    check(tmp_path, POINTERS, "[1.0, 1.5, 2.0, 2.5] 77.5 1.5 25.0\n")


COLLECTIONS = """
fn sum(xs: List[Int]) -> Int:
    var total = 0
    for x in xs:
        total += x
    return total

fn main():
    var xs = List[Int]()
    for i in range(10):
        xs.append(i * i)
    let last = xs.pop()
    xs[0] = 100
    print(len(xs), last, xs[-1], sum(xs))
    var copy = xs
    copy.append(1)
    print(len(xs), len(copy), xs[1], copy[9])
    var names = List[String]()
    names.append("ada")
    names.append(String("grace"))
    print(names[0], names[1], len(names[0]))
    let t = (1, 2.5, "x")
    print(t[0], t[1], t[2])
    var s = String("kiln")
    s += "!"
    print(s, s[0], s[1:3], s == "kiln!", s < "kilo", len(s), str(42) + str(True))
"""


def test_lists_strings_tuples(tmp_path):
    check(tmp_path, COLLECTIONS, "9 81 64 304\n9 10 1 1\n"
                                 "ada grace 3\n1 2.5 x\n"
                                 "kiln! k il True True 5 42True\n")


OPTIONAL = """
fn find(xs: List[Int], target: Int) -> Optional[Int]:
    for i in range(len(xs)):
        if xs[i] == target:
            return i
    return None

fn main():
    var xs = List[Int](5, 7, 9)
    let a = find(xs, 9)
    let b = find(xs, 4)
    if a:
        print("found at", a.value())
    print(b is None, a is not None)
"""


def test_optional(tmp_path):
    check(tmp_path, OPTIONAL, "found at 2\nTrue True\n")


ERRORS = """
fn parse_digit(c: Int) raises -> Int:
    if c < 0 or c > 9:
        raise Error("not a digit: " + str(c))
    return c

fn safe(c: Int) -> Int:
    try:
        return parse_digit(c)
    except e:
        print("error:", e)
        return -1
    finally:
        print("checked", c)

fn main():
    print(safe(4), safe(12))
    try:
        _ = parse_digit(-1)
        print("unreachable")
    except e:
        print("caught", e)
"""


def test_raises_try_except_finally(tmp_path):
    check(tmp_path, ERRORS, "checked 4\nerror: not a digit: 12\nchecked 12\n4 -1\ncaught not a digit: -1\n")


CLOSURES = """
from algorithm import vectorize, parallelize

fn saxpy(a: Float32, x: UnsafePointer[Float32], y: UnsafePointer[Float32], n: Int):
    @parameter
    fn body[width: Int](i: Int):
        y.store[width=width](i, a * x.load[width=width](i) + y.load[width=width](i))
    vectorize[body, 8](n)

fn squares(out: UnsafePointer[Int], n: Int):
    @parameter
    fn item(i: Int):
        out[i] = i * i
    parallelize[item](n)

fn main():
    let n = 21
    let x = UnsafePointer[Float32].alloc(n)
    let y = UnsafePointer[Float32].alloc(n)
    for i in range(n):
        x[i] = Float32(i)
        y[i] = 1.0
    saxpy(2.0, x, y, n)
    var scale = 3

    @parameter
    fn times(v: Int) -> Int:
        return v * scale
    scale = 4
    print(y[0], y[7], y[20], times(5))
    let out = UnsafePointer[Int].alloc(1000)
    squares(out, 1000)
    var total = 0
    for i in range(1000):
        total += out[i]
    print(total)
"""


def test_closures_vectorize_parallelize(tmp_path):
    check(tmp_path, CLOSURES, "1.0 15.0 41.0 20\n332833500\n")


PRINTING = """
fn main():
    print("a", 1, True, sep="-", end="|")
    print(None)
    print()
    print(Int8(-5), UInt64(18446744073709551615), Float32(1e20), Bool(0))
"""


def test_print_sep_end_and_widths(tmp_path):
    check(tmp_path, PRINTING, "a-1-True|None\n\n-5 18446744073709551615 1e+20 False\n")


@pytest.mark.parametrize("opt", [0, 3])
def test_same_output_at_every_optimisation_level(tmp_path, opt):
    check(tmp_path, INTEGERS, "3 -4 -4 3\n1 2 -2 -1\n-9223372036854775808 9223372036854775807\n"
                              "-128 4\n8 -4 1 7 6 -6\n1024 1 3.5\n-9223372036854775808 0\n", opt=opt)


STRING_METHODS = """
fn main():
    let s = String("  Hello, Kiln world!  ")
    let t = s.strip()
    print("[" + t + "]", t.find("Kiln"), t.find("x"), t.rfind("l"), t.count("l"))
    print(t.startswith("Hello"), t.endswith("!"), t.upper(), t.lower())
    let pieces = String("a,b,,c").split(",")
    print(t.replace("l", "L"), len(pieces), pieces[2] == "", pieces[3], len(String(" a  b c ").split()))
    var parts = String("x-y-z").split("-")
    print(String("+").join(parts), String("123").isdigit(), String("12a").isdigit(), String(" \\t").isspace())
    print(String("xxhixx").strip("x"), String("xxhixx").lstrip("x"), String("xxhixx").rstrip("x"))
"""


def test_string_methods_match_python(tmp_path):
    s = "  Hello, Kiln world!  "
    t = s.strip()
    pieces = "a,b,,c".split(",")
    expected = (f"[{t}] {t.find('Kiln')} {t.find('x')} {t.rfind('l')} {t.count('l')}\n"
                f"{t.startswith('Hello')} {t.endswith('!')} {t.upper()} {t.lower()}\n"
                f"{t.replace('l', 'L')} {len(pieces)} {pieces[2] == ''} {pieces[3]} {len(' a  b c '.split())}\n"
                f"{'+'.join('x-y-z'.split('-'))} {'123'.isdigit()} {'12a'.isdigit()} {' ' + chr(9) == ' ' + chr(9)}\n"
                f"{'xxhixx'.strip('x')} {'xxhixx'.lstrip('x')} {'xxhixx'.rstrip('x')}\n")
    check(tmp_path, STRING_METHODS, expected)


ITERATOR = """
from sys import argv

struct CountdownIter:
    var n: Int
    fn __init__(inout self, n: Int):
        self.n = n
    fn __len__(self) -> Int:
        return self.n
    fn __next__(inout self) -> Int:
        self.n -= 1
        return self.n + 1

struct Countdown:
    var start: Int
    fn __init__(inout self, start: Int):
        self.start = start
    fn __iter__(self) -> CountdownIter:
        return CountdownIter(self.start)

fn main():
    var total = 0
    for x in Countdown(4):
        print(x, end=" ")
        total += x
    print(total)
    let args = argv()
    for i in range(1, len(args)):
        print(args[i])
"""


def test_struct_iterators_and_argv(tmp_path):
    from .kilnkit import build_exe, run_exe
    proc = run_exe(build_exe(tmp_path, ITERATOR), "one", "two three")
    assert proc.stdout == "4 3 2 1 10\none\ntwo three\n"


SIMD_MORE = """
from math import iota
from time import sleep

fn main():
    let v = iota[DType.float32, 4](1.0)
    let w = v.join(v * 10.0)
    print(v, w, w.slice[2](4), iota[DType.int32, 8](3))
    sleep(0.001)
    var xs = List[Int](1, 2, 3)
    let p = xs.unsafe_ptr()
    print(p[2], xs.size)
"""


def test_simd_join_slice_iota_and_more(tmp_path):
    check(tmp_path, SIMD_MORE, "[1.0, 2.0, 3.0, 4.0] [1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0] "
                               "[10.0, 20.0] [3, 4, 5, 6, 7, 8, 9, 10]\n3 3\n")


LAUNCH_DEMO_MATRIX = """
struct Matrix:
    var data: DTypePointer[DType.float32]
    var rows: Int
    var cols: Int

    fn __init__(inout self, rows: Int, cols: Int):
        self.data = DTypePointer[DType.float32].alloc(rows * cols)
        memset_zero(self.data, rows * cols)
        self.rows = rows
        self.cols = cols

    fn __getitem__(self, y: Int, x: Int) -> Float32:
        return self.load[1](y, x)

    fn __setitem__(self, y: Int, x: Int, val: Float32):
        return self.store[1](y, x, val)

    fn load[nelts: Int](self, y: Int, x: Int) -> SIMD[DType.float32, nelts]:
        return self.data.load[width=nelts](y * self.cols + x)

    fn store[nelts: Int](self, y: Int, x: Int, val: SIMD[DType.float32, nelts]):
        return self.data.store[width=nelts](y * self.cols + x, val)

fn bump_borrowed(C: Matrix):
    for m in range(C.rows):
        for n in range(C.cols):
            C[m, n] += Float32(m * 10 + n)

fn bump_inout(inout C: Matrix):
    for m in range(C.rows):
        for n in range(C.cols):
            C[m, n] += 1.0

fn main():
    var C = Matrix(2, 3)
    bump_borrowed(C)
    bump_inout(C)
    C[1, 2] += 100.0
    print(C[0, 0], C[0, 2], C[1, 0], C[1, 2])
    print(C.load[4](0, 0))
"""


def test_launch_demo_matrix_with_borrowed_setitem(tmp_path):
    # Mojo's launch-demo Matrix: `__setitem__(self, ...)` writing through the
    # pointer, `return self.store(...)` in fns returning None, `C[m, n] +=`
    # on a borrowed parameter, an inout parameter and a local `var`.
    check(tmp_path, LAUNCH_DEMO_MATRIX, "1.0 3.0 11.0 113.0\n[1.0, 2.0, 3.0, 11.0]\n")


def test_string_repetition(tmp_path):
    source = """
fn rep(s: String, n: Int) -> String:
    return s * n

fn main():
    print("a" * 3, rep("ab", 0) + "|", rep("-", 4) + "|", rep("x", -2) + "|")
"""
    check(tmp_path, source, "aaa | ----| |\n")


def test_finally_and_pow_in_fns_that_cannot_fail(tmp_path):
    source = """
fn f() -> Int:
    try:
        return 1
    finally:
        print("finally runs")

fn main():
    print(f(), pow(2, 10), pow(3, 0))
"""
    check(tmp_path, source, "finally runs\n1 1024 1\n")


def test_discard_assignment_destroys_the_value(tmp_path):
    source = """
struct R:
    var id: Int
    fn __init__(inout self, id: Int):
        self.id = id
    fn __moveinit__(inout self, owned existing: Self):
        self.id = existing.id
    fn __del__(owned self):
        print("del", self.id)

fn mk(i: Int) -> R:
    return R(i)

fn main():
    var lst = List[R]()
    lst.append(R(1))
    lst.append(R(3))
    _ = lst.pop()
    print("after pop")
    _ = mk(7)
    print("after mk")
"""
    check(tmp_path, source, "del 3\nafter pop\ndel 7\nafter mk\ndel 1\n")


def test_range_near_the_int_limits_stops_like_python(tmp_path):
    source = """
fn count(a: Int, b: Int, s: Int) -> Int:
    var c = 0
    for i in range(a, b, s):
        c += 1
        if c > 100:
            return -1
    return c

fn main():
    let m = 9223372036854775807
    print(count(m - 7, m, 3), count(-m - 1, m, m), count(m - 2, -m - 1, -m))
    print(count(0, 10, 3), count(10, 0, -3), count(0, 10, -1))
"""
    check(tmp_path, source, "3 3 2\n4 4 0\n")


def test_float_power_is_libm_pow_like_cpython(tmp_path):
    # LLVM may not rewrite pow(x, 0.5) as sqrt(x) or pow(x, -1.0) as 1 / x: other roundings
    source = """
fn main():
    let x = 930.2756781659508
    let y = 671.5585403746056
    print(x ** 0.5, y ** -1.0, 2.0 ** 10.0)
"""
    check(tmp_path, source, f"{930.2756781659508 ** 0.5} {671.5585403746056 ** -1.0} 1024.0\n")


LAUNCH_DEMO = """from algorithm import vectorize, parallelize
from memory import memset_zero
from random import rand

alias type = DType.float32

struct Matrix:
    var data: DTypePointer[type]
    var rows: Int
    var cols: Int

    # Initialize zeroeing all values
    fn __init__(inout self, rows: Int, cols: Int):
        self.data = DTypePointer[type].alloc(rows * cols)
        memset_zero(self.data, rows * cols)
        self.rows = rows
        self.cols = cols

    # Initialize taking a pointer, don't set any elements
    fn __init__(inout self, rows: Int, cols: Int, data: DTypePointer[DType.float32]):
        self.data = data
        self.rows = rows
        self.cols = cols

    # Initialize with random values
    @staticmethod
    fn rand(rows: Int, cols: Int) -> Self:
        let data = DTypePointer[type].alloc(rows * cols)
        rand(data, rows * cols)
        return Self(rows, cols, data)

    fn __getitem__(self, y: Int, x: Int) -> Float32:
        return self.load[1](y, x)

    fn __setitem__(self, y: Int, x: Int, val: Float32):
        return self.store[1](y, x, val)

    fn load[nelts: Int](self, y: Int, x: Int) -> SIMD[DType.float32, nelts]:
        return self.data.simd_load[nelts](y * self.cols + x)

    fn store[nelts: Int](self, y: Int, x: Int, val: SIMD[DType.float32, nelts]):
        return self.data.simd_store[nelts](y * self.cols + x, val)


fn matmul_naive(C: Matrix, A: Matrix, B: Matrix):
    for m in range(C.rows):
        for k in range(A.cols):
            for n in range(C.cols):
                C[m, n] += A[m, k] * B[k, n]

alias nelts = simdwidthof[DType.float32]() * 2

fn matmul_vectorized_0(C: Matrix, A: Matrix, B: Matrix):
    for m in range(C.rows):
        for k in range(A.cols):
            for nv in range(0, C.cols, nelts):
                C.store[nelts](m, nv, C.load[nelts](m, nv) + A[m, k] * B.load[nelts](k, nv))

            # Handle remaining elements with scalars.
            for n in range(nelts * (C.cols // nelts), C.cols):
                C[m, n] += A[m, k] * B[k, n]

fn matmul_vectorized_1(C: Matrix, A: Matrix, B: Matrix):
    for m in range(C.rows):
        for k in range(A.cols):
            @parameter
            fn dot[nelts: Int](n: Int):
                C.store[nelts](m, n, C.load[nelts](m, n) + A[m, k] * B.load[nelts](k, n))
            vectorize[dot, nelts](C.cols)

fn matmul_parallelized(C: Matrix, A: Matrix, B: Matrix):
    @parameter
    fn calc_row(m: Int):
        for k in range(A.cols):
            @parameter
            fn dot[nelts: Int](n: Int):
                C.store[nelts](m, n, C.load[nelts](m, n) + A[m, k] * B.load[nelts](k, n))
            vectorize[dot, nelts](C.cols)

    parallelize[calc_row](C.rows, C.rows)

fn checksum(C: Matrix) -> Float64:
    var s: Float64 = 0
    for i in range(C.rows):
        for j in range(C.cols):
            s += C[i, j].cast[DType.float64]()
    return s

fn main():
    let n = 128
    let A = Matrix.rand(n, n)
    let B = Matrix.rand(n, n)
    let C0 = Matrix(n, n)
    matmul_naive(C0, A, B)
    let C1 = Matrix(n, n)
    matmul_vectorized_0(C1, A, B)
    let C2 = Matrix(n, n)
    matmul_vectorized_1(C2, A, B)
    let C3 = Matrix(n, n)
    matmul_parallelized(C3, A, B)
    print(checksum(C0) == checksum(C1), checksum(C0) == checksum(C2), checksum(C0) == checksum(C3))
"""


def test_launch_demo_matmul_ports_unchanged(tmp_path):
    # Mojo's launch notebook (Matrix with simd_load/simd_store, rand, naive,
    # vectorized, vectorize + parallelize); only the Tile2DFunc part is missing
    check(tmp_path, LAUNCH_DEMO, "True True True\n")


RAND = """
from random import rand

fn main():
    let p = DTypePointer[DType.float32].alloc(1000)
    let q = DTypePointer[DType.float64].alloc(1000)
    rand(p, 1000)
    rand(q, 1000)
    var ok = True
    var total = 0.0
    for i in range(1000):
        ok = ok and p[i] >= 0.0 and p[i] < 1.0 and q[i] >= 0.0 and q[i] < 1.0
        total += q[i]
    print(ok, total > 400.0 and total < 600.0)
    p.free()
    q.free()
"""


def test_random_rand_fills_unit_interval(tmp_path):
    check(tmp_path, RAND, "True True\n")
