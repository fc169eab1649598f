"""Differential tests: the same body compiled as an `fn` and run by CPython as
a `def` gives the same results on random inputs (integers kept where no
64-bit overflow can happen), including the same exception for a division by
zero. Each kernel's text is written once and instantiated for both tiers."""
import textwrap

import pytest
from hypothesis import given, settings, strategies as st

from .kilnkit import load

KERNELS = {
    "arith": ("(a: Int, b: Int, c: Int) -> Int", "(a, b, c)", """
        {var}x = a * 3 - b // 7 + c % 5
        {var}y = (a - c) // (b | 1) + (a % (c | 1)) * 2
        {var}z = (x << 2) - (y >> 1) + (a & b) - (b ^ c) + (c | 3)
        if x > y and not z < -50 or a == c:
            z = z * -1 + abs(x) - min(a, b) + max(b, c)
        return x + y * 2 + z - a // (b - c)
    """),
    "control": ("(n: Int, k: Int) -> Int", "(n, k)", """
        {var}total = 0
        {var}i = 0
        while i < n:
            i += 1
            if i % 3 == 0:
                continue
            for j in range(i, 0, -2):
                if j * k > 400:
                    break
                total += j if j % 2 == 0 else -j
            else:
                total += 1000
            if total > 100000:
                break
        return total * 3 + i
    """),
    "floats": ("(x: Float64, y: Float64, n: Int) -> Float64", "(x, y, n)", """
        {var}acc = 0.0
        {var}t = x
        for i in range(n):
            t = t * 0.5 + y / (1.0 + t * t)
            acc += t * Float64(i) - y * 0.25
            if acc > 1e6:
                acc = acc / 3.0
        return acc + x * y - (x - y) / 7.0
    """),
    "lists": ("(n: Int, seed: Int) -> Int", "(n, seed)", """
        {var}xs = {list}
        {var}v = seed
        for _ in range(n):
            v = (v * 1103 + 12345) % 65536
            xs.append(v % 1000 - 500)
        for i in range(1, len(xs)):
            {var}key = xs[i]
            {var}j = i - 1
            while j >= 0 and xs[j] > key:
                xs[j + 1] = xs[j]
                j -= 1
            xs[j + 1] = key
        {var}best = 0
        {var}running = 0
        for x in xs:
            running = max(running + x, x)
            best = max(best, running)
        if len(xs) > 2:
            best += xs.pop() - xs[0] + xs[-1]
        return best * 7 + len(xs)
    """),
}


def fn_source(name: str) -> str:
    signature, _, body = KERNELS[name]
    lines = textwrap.dedent(body).format(var="var ", list="List[Int]()")
    return f"fn {name}{signature}:\n" + textwrap.indent(lines, "    ")


def def_source(name: str) -> str:
    _, params, body = KERNELS[name]
    lines = textwrap.dedent(body).format(var="", list="[]").replace("Float64(i)", "float(i)")
    return f"def {name}{params}:\n" + textwrap.indent(lines, "    ")


STRUCT_KILN = """
@value
struct Vec:
    var x: Int
    var y: Int

    fn __add__(self, other: Vec) -> Vec:
        return Vec(self.x + other.x, self.y + other.y)

    fn scaled(self, k: Int) -> Vec:
        return Vec(self.x * k, self.y * k)

    fn dot(self, other: Vec) -> Int:
        return self.x * other.x + self.y * other.y


fn walk(a: Int, b: Int, n: Int) -> Int:
    var p = Vec(a, b)
    var q = Vec(b - a, 3)
    var best = p.dot(q)
    for i in range(n):
        p = p + q.scaled(i % 3 - 1)
        q = Vec(q.y, -q.x)
        best = max(best, p.dot(q))
    return best + p.x - p.y
"""


class PyVec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return PyVec(self.x + other.x, self.y + other.y)

    def scaled(self, k):
        return PyVec(self.x * k, self.y * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y


def py_walk(a, b, n):
    p, q = PyVec(a, b), PyVec(b - a, 3)
    best = p.dot(q)
    for i in range(n):
        p = p + q.scaled(i % 3 - 1)
        q = PyVec(q.y, -q.x)
        best = max(best, p.dot(q))
    return best + p.x - p.y


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    source = "\n\n".join(fn_source(name) for name in KERNELS) + "\n\n" + STRUCT_KILN
    return load(tmp_path_factory.mktemp("differential"), source)


@pytest.fixture(scope="module")
def python():
    namespace: dict = {}
    for name in KERNELS:
        exec(def_source(name), namespace)
    return namespace


def outcome(fn, *args):
    try:
        return ("value", fn(*args))
    except ZeroDivisionError:
        return ("raises", ZeroDivisionError)


small = st.integers(-10_000, 10_000)


@settings(max_examples=400, deadline=None)
@given(small, small, small)
def test_arithmetic(compiled, python, a, b, c):
    assert outcome(compiled.arith, a, b, c) == outcome(python["arith"], a, b, c)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(-20, 20))
def test_control_flow(compiled, python, n, k):
    assert compiled.control(n, k) == python["control"](n, k)


@settings(max_examples=300, deadline=None)
@given(st.floats(-100, 100), st.floats(-100, 100), st.integers(0, 50))
def test_floats_bit_identical(compiled, python, x, y, n):
    got, want = compiled.floats(x, y, n), python["floats"](x, y, n)
    assert got == want or (got != got and want != want)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 80), st.integers(0, 10_000))
def test_lists(compiled, python, n, seed):
    assert compiled.lists(n, seed) == python["lists"](n, seed)


@settings(max_examples=200, deadline=None)
@given(st.integers(-1000, 1000), st.integers(-1000, 1000), st.integers(0, 40))
def test_structs(compiled, a, b, n):
    assert compiled.walk(a, b, n) == py_walk(a, b, n)
