"""Number text of the runtime equals Python's: repr(float) for Float64, the
shortest 32-bit round trip for Float32, decimal for integers."""
import ctypes
import math
import struct

import pytest
from hypothesis import given, settings, strategies as st

from kiln.compiler.native.runtime import FORMAT_BUFFER, Runtime

from .handbuilt import build_shared, fresh_module


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    module = fresh_module("fmt")
    rt = Runtime(module)
    for name in ("kiln_fmt_f64", "kiln_fmt_f32", "kiln_fmt_i64", "kiln_fmt_u64"):
        rt.get(name).linkage = "external"
    so = ctypes.CDLL(build_shared(module, tmp_path_factory.mktemp("fmt"), "fmt"))
    for name, arg in (("kiln_fmt_f64", ctypes.c_double), ("kiln_fmt_f32", ctypes.c_float),
                      ("kiln_fmt_i64", ctypes.c_int64), ("kiln_fmt_u64", ctypes.c_uint64)):
        getattr(so, name).argtypes = [arg, ctypes.c_char_p]
        getattr(so, name).restype = ctypes.c_int64
    return so


def fmt(lib, name, value) -> str:
    buf = ctypes.create_string_buffer(FORMAT_BUFFER)
    n = getattr(lib, name)(value, buf)
    return buf.raw[:n].decode()


def f32_shortest(x: float) -> str:
    """The reference: Python's float repr rules with the fewest digits that
    read back to the same float32."""
    if math.isnan(x) or math.isinf(x) or x == 0:
        return repr(x)
    target = struct.pack("f", x)
    for p in range(1, 10):
        text = f"{x:.{p - 1}e}"
        if struct.pack("f", float(text)) == target:
            return repr(float(text))
    raise AssertionError(x)


@pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -2.5, 0.1, 1e16, 1e15, 9999999999999998.0,
                                   1e-4, 1e-5, 0.000123, 1e100, 1e-300, 5e-324,
                                   1.7976931348623157e308, float("inf"), float("-inf"),
                                   float("nan"), 123456.789, 2.0 ** 60, 1 / 3])
def test_float64_edge_cases(lib, value):
    assert fmt(lib, "kiln_fmt_f64", value) == repr(value)


@settings(max_examples=3000, deadline=None)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_float64_is_python_repr(lib, value):
    assert fmt(lib, "kiln_fmt_f64", value) == repr(value)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 2 ** 64 - 1))
def test_float64_random_bit_patterns(lib, bits):
    value = struct.unpack("d", bits.to_bytes(8, "little"))[0]
    assert fmt(lib, "kiln_fmt_f64", value) == repr(value)


@pytest.mark.parametrize("value,text", [(24.0, "24.0"), (0.1, "0.1"), (1 / 3, "0.33333334"),
                                        (16777216.0, "16777216.0"), (1e20, "1e+20"),
                                        (-0.0, "-0.0")])
def test_float32_examples(lib, value, text):
    assert fmt(lib, "kiln_fmt_f32", value) == text


@settings(max_examples=1000, deadline=None)
@given(st.floats(width=32, allow_nan=False))
def test_float32_shortest_round_trip(lib, value):
    assert fmt(lib, "kiln_fmt_f32", value) == f32_shortest(value)


@given(st.integers(-2 ** 63, 2 ** 63 - 1))
def test_int64_decimal(lib, value):
    assert fmt(lib, "kiln_fmt_i64", value) == str(value)


def test_uint64_decimal(lib):
    assert fmt(lib, "kiln_fmt_u64", 2 ** 64 - 1) == str(2 ** 64 - 1)
