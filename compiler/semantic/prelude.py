"""The names every module sees without importing them: Python's builtins and
Kiln's prelude (scalar types, `SIMD`, `List`, `String`, traits, `print`...).

Their symbols are shared by every file (path `<builtin>`), created once.
"""
from __future__ import annotations

import builtins

from .symbols import COMPILED, PYTHON, Symbol, SymbolKind

BUILTIN_PATH = "<builtin>"

KILN_TYPES = (
    "Int", "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32", "UInt64",
    "Float16", "Float32", "Float64", "Bool", "String", "StringLiteral", "SIMD", "Scalar",
    "DType", "UnsafePointer", "DTypePointer", "Pointer", "List", "Optional", "Tuple",
    "Error", "NoneType", "Self", "Range",
)
KILN_TRAITS = (
    "AnyType", "Copyable", "Movable", "CollectionElement", "Comparable",
    "EqualityComparable", "Stringable", "Sized", "Intable", "Boolable", "Hashable",
    "KeyElement", "Representable", "Absable", "Powable", "Roundable",
)
KILN_FUNCTIONS = (
    "simdwidthof", "sizeof", "memset_zero", "memcpy",
    "parameter", "value", "always_inline", "fastmath", "register_passable", "noncapturing",
)
# `vectorize`/`parallelize` live in `algorithm` and must be imported (the
# language reference's examples import them); `memset_zero`/`memcpy` are also
# importable from `memory`.

PYTHON_MODULE_NAMES = frozenset({
    "__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__",
    "__builtins__", "__path__", "__cached__", "__annotations__", "__dict__",
    "__class__", "__debug__",
})

# Builtins of other platforms (so platform-guarded code checks the same everywhere).
PLATFORM_BUILTINS = frozenset({"WindowsError", "unicode", "long", "xrange", "basestring",
                               "reveal_type", "reveal_locals"})
PYTHON_BUILTINS = frozenset(dir(builtins)) | PYTHON_MODULE_NAMES | PLATFORM_BUILTINS
KILN_NAMES = frozenset(KILN_TYPES) | frozenset(KILN_TRAITS) | frozenset(KILN_FUNCTIONS)

# The Kiln names Python-tier code may use: the Python tier binds them to their
# Python counterparts (compiler/pytier/prelude.py: Int is int, String is str...).
PYTHON_TIER_KILN_NAMES = frozenset({
    "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64",
    "Float16", "Float32", "Float64", "Bool", "String", "StringLiteral", "Error",
})

_CACHE: dict[str, Symbol] = {}


def builtin_symbol(name: str) -> Symbol | None:
    """The shared symbol of a builtin name, or None if `name` is not one."""
    sym = _CACHE.get(name)
    if sym is not None:
        return sym
    if name in KILN_NAMES:
        kind = SymbolKind.TRAIT if name in KILN_TRAITS else SymbolKind.BUILTIN
        tier = COMPILED
    elif name in PYTHON_BUILTINS:
        kind, tier = SymbolKind.BUILTIN, PYTHON
    else:
        return None
    sym = Symbol(name, kind, BUILTIN_PATH, None, tier)
    _CACHE[name] = sym
    return sym


def python_tier_builtin(name: str) -> Symbol | None:
    """A builtin as Python-tier code sees it (Python's, plus the Kiln scalar
    and string type names the Python tier binds)."""
    if name in PYTHON_BUILTINS or name in PYTHON_TIER_KILN_NAMES:
        return builtin_symbol(name) or _python_only(name)
    return None


def _python_only(name: str) -> Symbol:
    sym = _CACHE.get(name)
    if sym is None:
        sym = _CACHE[name] = Symbol(name, SymbolKind.BUILTIN, BUILTIN_PATH, None, COMPILED)
    return sym


def is_kiln_builtin(sym: Symbol) -> bool:
    return sym.path == BUILTIN_PATH and sym.name in KILN_NAMES
