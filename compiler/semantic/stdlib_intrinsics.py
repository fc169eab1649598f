"""The compiled standard library's functions that the checker knows by name.

`compiler/stdlib/<module>.kiln` files (written in Kiln) are loaded like any
module; the names below are the ones that cannot be written in Kiln itself
(they map to LLVM intrinsics or to the runtime), so the checker provides them
when the `.kiln` file does not define them. The native back end sees them as
`CallTarget(kind="builtin", name="math.sqrt")`.
"""
from __future__ import annotations

from .symbols import COMPILED, Symbol, SymbolKind

FLOAT_UNARY = ("sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos",
               "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "erf", "cbrt", "rsqrt")
ROUNDING = ("floor", "ceil", "trunc", "round")
FLOAT_BINARY = ("atan2", "hypot", "pow", "copysign", "fmod")
PREDICATES = ("isnan", "isinf", "isfinite")

STDLIB_MODULES: dict[str, tuple[str, ...]] = {
    "math": FLOAT_UNARY + ROUNDING + FLOAT_BINARY + PREDICATES + ("fma", "min", "max", "abs",
                                                                  "iota"),
    "algorithm": ("vectorize", "parallelize", "sync_parallelize"),
    "memory": ("memset_zero", "memcpy", "UnsafePointer", "DTypePointer"),
    "sys": ("simdwidthof", "sizeof", "num_logical_cores", "num_physical_cores", "argv", "exit"),
    "sys.info": ("simdwidthof", "sizeof", "num_logical_cores", "num_physical_cores"),
    "time": ("now", "perf_counter", "perf_counter_ns", "sleep", "monotonic"),
    "random": ("seed", "_next_u64"),
    "testing": (),
    "builtin": (),
}

DUAL_MODULES = frozenset({"math", "sys", "time", "random"})
"""Also Python modules: a name they do not provide may be the Python module's
(used by the Python tier), so a missing name is not an error."""

# Names re-exported from the prelude rather than intrinsics of the module.
PRELUDE_REEXPORTS = frozenset({"UnsafePointer", "DTypePointer", "simdwidthof", "sizeof",
                               "memset_zero", "memcpy", "vectorize", "parallelize",
                               "sync_parallelize"})


_FLOAT_T = "T: a floating-point scalar (Float16/32/64) or a SIMD of one; elementwise"
_SIGNATURES: dict[tuple[str, str], tuple[str, str]] = {
    **{("math", n): (f"fn {n}(x: T) -> T", _FLOAT_T) for n in FLOAT_UNARY},
    **{("math", n): (f"fn {n}(x: T) -> T", _FLOAT_T + "; an integer is returned as it is")
       for n in ROUNDING},
    **{("math", n): (f"fn {n}(x: T) -> Bool", _FLOAT_T + "; a SIMD gives a SIMD of Bool")
       for n in PREDICATES},
    **{("math", n): (f"fn {n}(a: T, b: T) -> T", _FLOAT_T) for n in FLOAT_BINARY},
    ("math", "min"): ("fn min(a: T, b: T) -> T", "T: a number or a SIMD; elementwise"),
    ("math", "max"): ("fn max(a: T, b: T) -> T", "T: a number or a SIMD; elementwise"),
    ("math", "abs"): ("fn abs(x: T) -> T", "T: a number or a SIMD; elementwise"),
    ("math", "fma"): ("fn fma(a: T, b: T, c: T) -> T", "a * b + c rounded once; " + _FLOAT_T),
    ("math", "iota"): ("fn iota[dtype: DType, width: Int](offset = 0) -> SIMD[dtype, width]",
                       "offset, offset + 1, ... in the SIMD's lanes"),
    **{("time", n): (f"fn {n}() -> Int", "nanoseconds from a monotonic clock")
       for n in ("now", "perf_counter_ns", "monotonic")},
    ("time", "perf_counter"): ("fn perf_counter() -> Float64", "seconds from a monotonic clock"),
    ("time", "sleep"): ("fn sleep(seconds: Float64)", "pause the calling thread"),
    ("random", "seed"): ("fn seed(s: Int = <the clock>)", "restart the generator's sequence"),
    ("sys", "exit"): ("fn exit(code: Int = 0)", "end the program with `code`"),
}
for _m in ("sys", "sys.info"):
    _SIGNATURES[(_m, "num_logical_cores")] = ("fn num_logical_cores() -> Int", "")
    _SIGNATURES[(_m, "num_physical_cores")] = ("fn num_physical_cores() -> Int", "")


class IntrinsicDecl:
    """The declaration behind an intrinsic's symbol."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    @property
    def builtin_name(self) -> str:
        if self.name in PRELUDE_REEXPORTS:
            return self.name
        return f"{self.module.split('.')[0]}.{self.name}"


_SYMBOLS: dict[tuple[str, str], Symbol] = {}


def stdlib_path(module: str) -> str:
    return f"<stdlib>/{module}"


def intrinsic_symbol(module: str, name: str) -> Symbol | None:
    names = STDLIB_MODULES.get(module)
    if names is None or name not in names:
        return None
    if name in PRELUDE_REEXPORTS:
        # `from memory import UnsafePointer` is the prelude's type itself
        from .prelude import builtin_symbol
        shared = builtin_symbol(name)
        if shared is not None:
            return shared
    key = (module, name)
    sym = _SYMBOLS.get(key)
    if sym is None:
        sym = Symbol(name, SymbolKind.BUILTIN, stdlib_path(module), None, COMPILED)
        sym.decl = IntrinsicDecl(module, name)
        sym.signature, sym.doc = _SIGNATURES.get(key, (None, None))
        sym.doc = sym.doc or None
        _SYMBOLS[key] = sym
    return sym


def intrinsic_exports(module: str) -> dict[str, Symbol]:
    return {n: intrinsic_symbol(module, n) for n in STDLIB_MODULES.get(module, ())}


def stdlib_module_of(path: str) -> str | None:
    """`compiler/stdlib/sys/info.kiln` -> "sys.info"; None for other files."""
    norm = path.replace("\\", "/")
    marker = "/compiler/stdlib/"
    at = norm.rfind(marker)
    if at < 0 or not norm.endswith(".kiln"):
        return None
    return norm[at + len(marker):-len(".kiln")].replace("/", ".")


def own_intrinsics(path: str) -> dict[str, Symbol]:
    """The built-in names a stdlib file sees without importing them: its own
    module's (math.kiln calls `sqrt` like any `from math import sqrt` user)."""
    module = stdlib_module_of(path)
    return intrinsic_exports(module) if module is not None else {}
