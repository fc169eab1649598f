"""The Python-tier face of the compiled standard library's built-in names.

Some compiled-stdlib names are not written in Kiln but known to the checker
by name (`semantic/stdlib_intrinsics.py`: `vectorize`, `now`,
`simdwidthof`, ...). A `.kiln` file's top-level `from algorithm import
vectorize` still runs in the Python tier, so each such module also exists
as a Python module, built here:

- names with a faithful Python meaning get it (`time.now()` is the monotonic
  clock in nanoseconds, as in Mojo; `testing.assert_equal` checks and raises
  `kiln.Error`; `random.random_float64(min, max)`);
- the rest are compile-time constructs (`vectorize[body, w](n)`,
  `UnsafePointer[...]`) that only an `fn` can use: the object says so, with a
  `TypeError`, when Python code calls or subscripts it.

If `compiler/stdlib/<module>.kiln` exists, it is the module and these names
only fill in what it does not define itself.
"""
from __future__ import annotations

import random
import time
import types
from typing import Callable, Mapping

from .errors import KilnError


STDLIB_PACKAGE = "__kiln_stdlib__"


def stdlib_module_name(fullname: str) -> str:
    """`__kiln_stdlib__.sys.info` and `algorithm` -> the stdlib's own name."""
    prefix = STDLIB_PACKAGE + "."
    return fullname[len(prefix):] if fullname.startswith(prefix) else fullname


def intrinsic_table() -> Mapping[str, tuple[str, ...]]:
    from ..semantic.stdlib_intrinsics import STDLIB_MODULES  # the checker's list is the truth
    return STDLIB_MODULES


def is_intrinsic_module(name: str) -> bool:
    table = intrinsic_table()
    return name in table or any(key.startswith(name + ".") for key in table)


def intrinsic_names(module: str) -> tuple[str, ...]:
    return intrinsic_table().get(module, ())


class CompiledOnly:
    """A compiled-stdlib construct with no Python-tier meaning."""

    def __init__(self, module: str, name: str):
        self.__name__ = name
        self.__module__ = module
        self._where = f"`{name}` (from `{module}`)"

    def _refuse(self, *args, **kwargs):
        raise TypeError(f"{self._where} is a compiled-tier construct: use it inside an `fn`, "
                        "not in Python code (`def`, `class`, top level)")

    __call__ = _refuse
    __getitem__ = _refuse

    def __repr__(self) -> str:
        return f"<compiled-tier {self._where}>"


# The Python faces of compiler/stdlib/testing.kiln's generic assertions
# (which have no compiled form Python could call): the same checks and texts.
def _fail(what: str, msg: str) -> None:
    raise KilnError(f"AssertionError: {what}" + (f": {msg}" if msg else ""))


def _assert_equal(lhs, rhs, msg: str = "") -> None:
    if not lhs == rhs:
        _fail(f"{lhs} is not equal to {rhs}", msg)


def _assert_not_equal(lhs, rhs, msg: str = "") -> None:
    if lhs == rhs:
        _fail(f"{lhs} is equal to {rhs}", msg)


def _assert_true(value, msg: str = "condition was unexpectedly False") -> None:
    if not value:
        raise KilnError(f"AssertionError: {msg}")


def _assert_false(value, msg: str = "condition was unexpectedly True") -> None:
    if value:
        raise KilnError(f"AssertionError: {msg}")


def _assert_almost_equal(lhs, rhs, msg: str = "", *, atol: float = 1e-08, rtol: float = 1e-05) -> None:
    if not (lhs == rhs or abs(lhs - rhs) <= atol + rtol * abs(rhs)):
        _fail(f"{lhs} is not close to {rhs}", msg)


PYTHON_MEANINGS: Mapping[tuple[str, str], Callable] = {
    ("time", "now"): time.perf_counter_ns,
    ("random", "random_float64"): lambda min=0.0, max=1.0: random.uniform(min, max),
    ("random", "random_si64"): random.randint,
    ("random", "random_ui64"): random.randint,
    ("random", "randn_float64"): lambda mean=0.0, variance=1.0: random.gauss(mean, variance ** 0.5),
    ("testing", "assert_equal"): _assert_equal,
    ("testing", "assert_not_equal"): _assert_not_equal,
    ("testing", "assert_true"): _assert_true,
    ("testing", "assert_false"): _assert_false,
    ("testing", "assert_almost_equal"): _assert_almost_equal,
}


def python_value(module: str, name: str) -> object:
    return PYTHON_MEANINGS.get((module, name)) or CompiledOnly(module, name)


def python_meanings(module: str) -> dict[str, object]:
    """The names of `module` that Python code gets as Python functions, even
    where the module's `.kiln` file defines them (a generic `fn` has no
    compiled form Python could call)."""
    return {name: fn for (m, name), fn in PYTHON_MEANINGS.items() if m == module}


def namespace(module: str) -> dict[str, object]:
    """The module's intrinsic names with their Python-tier values."""
    names = {name: python_value(module, name) for name in intrinsic_names(module)}
    return {**names, **python_meanings(module)}


class IntrinsicLoader:
    """Builds a compiled-stdlib module that has no `.kiln` file."""

    def __init__(self, stdlib_name: str):
        self.stdlib_name = stdlib_name

    def create_module(self, spec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__.update(namespace(self.stdlib_name))

    def is_package(self, fullname: str) -> bool:
        table = intrinsic_table()
        return any(key.startswith(self.stdlib_name + ".") for key in table)
