"""Python helpers called by the generated bridge on slow and error paths.

Nothing here runs for a call whose arguments have the exact builtin types;
these functions accept the other values the bridge table allows (int
subclasses, NumPy scalars, objects with `__index__`), raise the `TypeError`
that names the fn, the parameter and both types, and turn native errors into
Python exceptions whose traceback shows the `.kiln` lines of the fn frames.
"""
from __future__ import annotations

import operator
import os
import sys

from .tracebacks import native_frames_traceback

_KIND_TO_EXCEPTION = {
    "ZeroDivisionError": ZeroDivisionError,
    "IndexError": IndexError,
    "AssertionError": AssertionError,
    "OverflowError": OverflowError,
    "MemoryError": MemoryError,
    "ValueError": ValueError,
    "RecursionError": RecursionError,
}
ERROR_KINDS = ("Error", "ZeroDivisionError", "IndexError", "AssertionError",
               "OverflowError", "MemoryError", "ValueError", "SystemExit", "RecursionError",
               "NativeFault")


def _type_name(value: object) -> str:
    return type(value).__name__


def _where(fn: str, param: str) -> str:
    """What a message names: `f() argument 'x'`, or for a struct field
    assigned from Python (field_access.py's setter) `field 'x' of S`."""
    if not fn.startswith("field '"):
        return f"{fn}() argument '{param}'"
    if param == "value":
        return fn
    index = param[len("value"):]
    return f"an element of {fn}" if index == "[i]" else f"element {index} of {fn}"


def _mismatch(value: object, expected: str, fn: str, param: str) -> TypeError:
    return TypeError(f"{_where(fn, param)} must be {_python_spelling(expected)} "
                     f"(Kiln type {expected}), not {_type_name(value)}")


def _type_arguments(expected: str) -> list[str]:
    """The top-level parameters of `Name[A, B[C, D]]`: ["A", "B[C, D]"]."""
    inner, depth, parts, start = expected[expected.index("[") + 1:-1], 0, [], 0
    for i, ch in enumerate(inner):
        depth += ch == "["
        depth -= ch == "]"
        if ch == "," and depth == 0:
            parts.append(inner[start:i].strip())
            start = i + 1
    parts.append(inner[start:].strip())
    return [p for p in parts if p]


def _described(value: object) -> str:
    if isinstance(value, (tuple, list)):
        return f"a {_type_name(value)} of {len(value)} items"
    return _type_name(value)


def _python_spelling(expected: str) -> str:
    if expected == "Bool":
        return "bool"
    if expected.startswith(("Int", "UInt")):
        return "int"
    if expected.startswith("Float"):
        return "float"
    if expected in ("String", "StringLiteral"):
        return "str"
    if expected.startswith("SIMD["):
        return "a tuple"
    return expected


def coerce(value: object, expected: str, fn: str, param: str) -> object:
    """`value` as the exact builtin type the fast path reads, or TypeError."""
    if expected.startswith(("Int", "UInt")):
        if isinstance(value, float) or not hasattr(type(value), "__index__"):
            raise _mismatch(value, expected, fn, param)
        return operator.index(value)
    if expected.startswith("Float"):
        if isinstance(value, (int, float)) or hasattr(type(value), "__float__") \
                and not isinstance(value, (str, bytes, complex)):
            try:
                return float(value)
            except (TypeError, ValueError):
                pass
            except OverflowError:
                raise OverflowError(f"{_where(fn, param)} is too large for {expected}") from None
        raise _mismatch(value, expected, fn, param)
    if expected == "Bool":
        if getattr(getattr(value, "dtype", None), "kind", None) == "b" and not hasattr(value, "__len__"):
            return bool(value)                           # numpy.bool_ scalars
        raise _mismatch(value, expected, fn, param)
    if expected in ("String", "StringLiteral"):
        if isinstance(value, str):
            return str(value)
        raise _mismatch(value, expected, fn, param)
    if expected.startswith("List["):
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise TypeError(f"{_where(fn, param)} must be a list (Kiln type {expected}), "
                            f"not {_type_name(value)}")
        return list(value)
    if expected.startswith("Tuple["):
        count = len(_type_arguments(expected))
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != count:
            raise TypeError(f"{_where(fn, param)} must be a tuple of {count} items "
                            f"(Kiln type {expected}), not {_described(value)}")
        return tuple(value)
    if expected.startswith("SIMD["):
        if isinstance(value, (tuple, list)) or hasattr(value, "__len__") and hasattr(value, "__getitem__"):
            return tuple(value)
        raise _mismatch(value, expected, fn, param)
    raise _mismatch(value, expected, fn, param)


def bad_text(value: str, expected: str, fn: str, param: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"{_where(fn, param)} cannot be a Kiln {expected}: "
                         f"it is not valid UTF-8 text ({exc.reason} at index {exc.start})") from None
    raise ValueError(f"{_where(fn, param)} cannot be a Kiln {expected}")


def out_of_range(value: object, expected: str, fn: str, param: str) -> None:
    if expected.startswith("SIMD["):
        width = expected.rsplit(",", 1)[1].strip(" ]")
        raise TypeError(f"{_where(fn, param)} must have {width} elements "
                        f"(Kiln type {expected}), not {len(value)}")  # type: ignore[arg-type]
    raise OverflowError(f"{_where(fn, param)} = {value!r} does not fit in {expected}")


_DTYPE_OF_POINTER = {
    "Float64": "float64", "Float32": "float32", "Float16": "float16",
    "Int": "int64", "Int64": "int64", "Int32": "int32", "Int16": "int16", "Int8": "int8",
    "UInt64": "uint64", "UInt32": "uint32", "UInt16": "uint16", "UInt8": "uint8", "Bool": "bool",
}


def bad_buffer(value: object, expected: str, fn: str, param: str) -> None:
    element = expected[len("UnsafePointer["):-1]
    dtype = _DTYPE_OF_POINTER.get(element, element)
    try:
        view = memoryview(value)  # type: ignore[arg-type]
    except TypeError:
        got = f"{_type_name(value)} (not a buffer)"
    else:
        if view.readonly:
            got = f"a read-only {_type_name(value)}"
        elif not view.c_contiguous:
            got = f"a non-contiguous {_type_name(value)}"
        else:
            got = f"{_type_name(value)} with element format {view.format!r} ({view.itemsize} bytes)"
    raise TypeError(f"{_where(fn, param)} must be a writable C-contiguous buffer of "
                    f"{dtype} (Kiln type {expected}), e.g. numpy.zeros(n, dtype=numpy.{dtype}); got {got}")


def wrong_count(fn: str, expected: int, got: int) -> None:
    s = "" if expected == 1 else "s"
    raise TypeError(f"{fn}() takes {expected} argument{s} ({got} given)")


def bind_keywords(fn: str, names: str, values: tuple, kwnames: tuple) -> tuple:
    params = names.split(",") if names else []
    npos = len(values) - len(kwnames)
    if npos > len(params):
        wrong_count(fn, len(params), npos)
    bound: list[object] = list(values[:npos]) + [_MISSING] * (len(params) - npos)
    for name, value in zip(kwnames, values[npos:]):
        if name not in params:
            raise TypeError(f"{fn}() got an unexpected keyword argument '{name}'")
        index = params.index(name)
        if bound[index] is not _MISSING:
            raise TypeError(f"{fn}() got multiple values for argument '{name}'")
        bound[index] = value
    missing = [p for p, v in zip(params, bound) if v is _MISSING]
    if missing:
        raise TypeError(f"{fn}() missing required argument: '{missing[0]}'")
    return tuple(bound)


_MISSING = object()


_fault_handler_claimed = False
MAX_RECORDED_PCS = 64            # runtime/thread_state.py MAX_PCS


def claim_fault_handler() -> bool:
    """True for the first Kiln module of the process: it installs the
    SIGSEGV/SIGBUS handler that serves every module (runtime/fault.py)."""
    global _fault_handler_claimed
    first, _fault_handler_claimed = not _fault_handler_claimed, True
    return first


def choose_overload(module, description: str, values: tuple, kwnames) -> int:
    from .overload_choice import choose
    return choose(module, description, values, kwnames)


def end_output(data: bytes) -> None:
    """What a bridged call printed while sys.stdout was not the process's
    stdout (bridge/output_capture.py)."""
    if data:
        stream = sys.stdout
        if stream is not None:
            stream.write(data.decode("utf-8", "replace"))


def native_error(address: int) -> BaseException:
    """The Python exception for a native error object (which is freed)."""
    from .error_objects import KEPT_FRAMES, read_error      # ctypes: only once an error happens
    record = read_error(address)
    kind = ERROR_KINDS[record.kind] if 0 <= record.kind < len(ERROR_KINDS) else "Error"
    message, frames = record.message, record.frames
    if record.pcs:
        frames, message = _with_abandoned_frames(record, kind)
    if kind == "Error":
        exc: BaseException = _kiln_error_class()(message)
    elif kind == "SystemExit":
        exc = SystemExit(int(message) if message.lstrip("-").isdigit() else message)
    elif kind == "NativeFault":
        from .fault_types import NativeFault
        exc = NativeFault(message)
    else:
        exc = _KIND_TO_EXCEPTION[kind](message)
    if record.omitted:
        exc.add_note(f"({record.omitted} fn frames between the outermost {KEPT_FRAMES} "
                     f"and the innermost {KEPT_FRAMES} are not shown)")
    if len(record.pcs) >= MAX_RECORDED_PCS:
        exc.add_note(f"(only the innermost {MAX_RECORDED_PCS} native frames were recorded)")
    if record.pcs and kind in ("RecursionError", "NativeFault"):
        exc.add_note("(the fn frames it jumped out of were abandoned: their `finally` blocks "
                     "and destructors did not run)")
    return exc.with_traceback(native_frames_traceback(frames))


def _with_abandoned_frames(record, kind: str) -> tuple[list, str]:
    """A fault that jumped to a landing: the frames it abandoned come from
    its return addresses (DWARF), innermost last; the sites recorded after
    the landing are the outer frames."""
    from .native_frames import frames_for
    inner = frames_for(record.pcs, record.fault_pc)
    outer = record.frames
    if inner and kind == "RecursionError" and outer:
        outer = outer[:-1]                  # the guard's own site: `inner` ends there too
    message = record.message
    if kind == "NativeFault" and inner:
        file, function, line = inner[-1][0], inner[-1][1], inner[-1][2]
        message += f" in fn {function} ({os.path.basename(file)}:{line})"
    return outer + inner, message


def _kiln_error_class() -> type:
    try:
        from kiln import Error
    except ImportError:         # the public API module is not there yet
        return RuntimeError
    return Error


def new_struct(cls: type, data: bytes) -> object:
    """A Python instance owning a native struct value's bytes."""
    obj = cls.__new__(cls)
    obj._kiln_data = bytearray(data)
    return obj


def uninitialised_struct(value: object, fn: str, param: str) -> None:
    name = _type_name(value)
    raise TypeError(f"{_where(fn, param)} is an uninitialised {name} (made with {name}.__new__ "
                    f"without __init__)")


def struct_type_error(value: object, expected: str, fn: str, param: str) -> None:
    raise TypeError(f"{_where(fn, param)} must be a {expected} instance, not {_type_name(value)}")
