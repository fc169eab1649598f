"""Kiln's builtin names as Python-tier code sees them.

`def` code may use the compiled tier's scalar type names the way the bridge
converts them (language.md section 9): `Int` is `int`, `Float64` is `float`,
`String` is `str`, and `Error` is `kiln.Error`, so `def f(x: Int) -> Int`,
`Float64(i)` and `raise Error("bad")` mean in Python what they mean in an `fn`.

Only the names a module actually mentions are put in its globals (and its own
definitions of them win, as assignments after the fact), so a plain Python
module never sees them.
"""
from __future__ import annotations

from typing import Mapping

from .errors import KilnError

_INTS = ("Int", "Int8", "Int16", "Int32", "Int64",
         "UInt", "UInt8", "UInt16", "UInt32", "UInt64")
_FLOATS = ("Float16", "Float32", "Float64")

PRELUDE: Mapping[str, object] = {
    **{name: int for name in _INTS},
    **{name: float for name in _FLOATS},
    "Bool": bool,
    "String": str,
    "StringLiteral": str,
    "Error": KilnError,
}
