"""Which overload of an fn a call from Python means (runs on the slow path of
the generated dispatcher, bridge/overloads.py; its answer is cached there by
the arguments' types when only their types decided it).

The rule mirrors Kiln's own overload resolution for arguments of the Python
types: every argument is ranked against each candidate's parameter type
(0: the type's own Kiln type, e.g. `int` -> `Int`, `float` -> `Float64`,
`bool` -> `Bool`, an instance -> its struct, a float64 array -> a Float64
pointer; higher: a conversion the bridge allows, within a kind before across
kinds, e.g. `int` -> `Int32` before `int` -> `Float64`). The chosen overload
is the one at least as good as every other on every argument. Declaration
order never matters: when no overload is best the call is ambiguous, and when
none accepts the arguments the TypeError lists every candidate with why.
The choice depends on types (and a buffer's element type, a sequence's
length and items), never on numeric values: an int too large for the chosen
overload's parameter is an OverflowError, as for a single fn.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass

# Integer targets for an integer argument, best first after its own type.
_INT_ORDER = ("Int", "Int64", "Int32", "Int16", "Int8", "UInt64", "UInt32", "UInt16", "UInt8")
_FLOAT_ORDER = ("Float64", "Float32", "Float16")
_CROSS_KIND = 20           # an integer passed where a float is expected
_NUMPY_NAMES = {"int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64",
                "uint8": "UInt8", "uint16": "UInt16", "uint32": "UInt32", "uint64": "UInt64",
                "float16": "Float16", "float32": "Float32", "float64": "Float64", "bool": "Bool"}
_BUFFER_KINDS = {"signed": "bhilqn", "unsigned": "BHILQN", "float": "efd", "bool": "?"}
_CACHEABLE_BUILTINS = (int, float, bool, str, type(None))


@dataclass(frozen=True)
class Candidate:
    signature: str                 # `over(x: Int) -> Int`, for messages
    params: tuple                  # ((name, type descriptor), ...): descriptors from overloads.py
    skip_self: bool                # a method: `self` is not shown in argument lists
    reason: str = ""               # not callable from Python: why (never chosen)

    names: tuple = ()               # the parameter names


@dataclass(frozen=True)
class Group:
    name: str
    candidates: tuple[Candidate, ...]


_GROUPS: dict[str, Group] = {}


def choose(module, description: str, values: tuple, kwnames) -> int:
    """Index of the overload to call, times 2, plus 1 when the arguments'
    types alone decided it (the dispatcher may then cache the choice)."""
    group = _GROUPS.get(description)
    if group is None:
        group = _GROUPS[description] = _parse(description)
    classes = getattr(module, "__kiln_classes__", None) or {}
    kwnames = kwnames or ()
    ranked = []
    for index, cand in enumerate(group.candidates):
        slots = _binding(cand, len(values), kwnames)
        if isinstance(slots, str):
            continue
        ranks = {}
        for (_, desc), at in zip(cand.params, slots):
            r = _rank(values[at], desc, classes)
            if r is None:
                break
            ranks[at] = r
        else:
            ranked.append((index, ranks))
    if not ranked:
        raise TypeError(_no_match(group, values, kwnames, classes))
    best = [r for r in ranked if not any(_beats(o[1], r[1]) for o in ranked if o is not r)]
    if len(best) > 1:
        raise TypeError(_ambiguous(group, values, kwnames, [group.candidates[i] for i, _ in best]))
    answer = best[0][0] * 2
    if not kwnames:
        arrays = [_is_plain_array(v) and _only_dtype_matters(group, i) for i, v in enumerate(values)]
        if all(a or _type_decides(v, classes) for a, v in zip(arrays, values)):
            answer += 1 + (sum(1 << i for i, a in enumerate(arrays) if a) << 32)
    return answer


def _beats(a: dict, b: dict) -> bool:
    """At least as good on every argument of the call and better on one?"""
    return all(a[k] <= b[k] for k in a) and any(a[k] < b[k] for k in a)


def _binding(cand: Candidate, nvalues: int, kwnames) -> tuple | str:
    """Which value of the call each parameter receives, or why it cannot bind."""
    if cand.reason:
        return f"not callable from Python: {cand.reason}"
    names = cand.names
    npos = nvalues - len(kwnames)
    if not kwnames and npos == len(names):
        return range(npos)
    shown = len(names) - cand.skip_self
    if npos > len(names):
        return f"takes {shown} argument{'s' * (shown != 1)} ({npos - cand.skip_self} given)"
    slots: list = list(range(npos)) + [None] * (len(names) - npos)
    for i, name in enumerate(kwnames):
        if name not in names:
            return f"has no parameter '{name}'"
        if slots[names.index(name)] is not None:
            return f"got multiple values for argument '{name}'"
        slots[names.index(name)] = npos + i
    missing = [n for n, at in zip(names, slots) if at is None]
    if missing:
        return f"missing required argument: '{missing[0]}'"
    return slots


# -- ranks ------------------------------------------------------------------------------

def _rank(value, desc, classes) -> int | None:
    kind = desc[0]
    if kind == "scalar":
        return _scalar_rank(value, desc[1])
    if kind == "str":
        return (0 if desc[1] == "String" else 1) if isinstance(value, str) else None
    if kind == "struct":
        cls = classes.get(desc[1])
        return 0 if cls is not None and type(value) is cls else None
    if kind == "ptr":
        return 0 if _buffer_fits(value, desc[1]) else None
    if kind == "optional":
        return 0 if value is None else _rank(value, desc[1], classes)
    if kind == "simd":
        return _sequence_rank(value, [("scalar", desc[1])] * desc[2], classes)
    if kind == "tuple":
        return _sequence_rank(value, desc[1], classes)
    if kind == "list":
        if desc[2] and not isinstance(value, list):        # inout: the list itself is changed
            return None
        return _list_rank(value, desc[1], classes)
    return None


def _scalar_rank(value, target: str) -> int | None:
    own = _scalar_name(value)
    if own is None:
        return None
    if own == target:
        return 0
    if own == "Bool":
        if target in _INT_ORDER:
            return 1 + _INT_ORDER.index(target)
        return _CROSS_KIND + 1 + _FLOAT_ORDER.index(target) if target in _FLOAT_ORDER else None
    if own in _INT_ORDER:
        if target in _INT_ORDER:
            return 1 + _INT_ORDER.index(target)
        return _CROSS_KIND + _FLOAT_ORDER.index(target) if target in _FLOAT_ORDER else None
    if own in _FLOAT_ORDER and target in _FLOAT_ORDER:
        return 1 + _FLOAT_ORDER.index(target)
    return None


def _scalar_name(value) -> str | None:
    """The Kiln scalar type a Python number is of itself (None: not a number)."""
    t = type(value)
    if t is int:
        return "Int"
    if t is float:
        return "Float64"
    if t is bool:
        return "Bool"
    dtype = getattr(value, "dtype", None)
    if hasattr(t, "__len__") or isinstance(value, complex):      # arrays, sequences
        return None
    if dtype is not None:                                           # NumPy scalars
        return _NUMPY_NAMES.get(str(dtype))
    if hasattr(t, "__index__"):
        return "Int"
    if isinstance(value, float) or hasattr(t, "__float__"):
        return "Float64"
    return None


def _buffer_fits(value, dtype: str) -> bool:
    try:
        view = memoryview(value)
    except TypeError:
        return False
    with view:
        if view.readonly or not view.c_contiguous:
            return False
        fmt = view.format
        if fmt[:1] in ("@", "=", "<"):
            fmt = fmt[1:]
        kind = "float" if dtype.startswith("float") else "bool" if dtype == "bool" else \
            "signed" if dtype.startswith("int") or dtype == "index" else "unsigned"
        size = 1 if dtype == "bool" else (64 if dtype == "index" else int(dtype.lstrip("uintfloat"))) // 8
        return len(fmt) == 1 and fmt in _BUFFER_KINDS[kind] and view.itemsize == size


def _sequence_rank(value, descs, classes) -> int | None:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or \
            not hasattr(value, "__getitem__") or len(value) != len(descs):
        return None
    ranks = [_rank(item, d, classes) for item, d in zip(value, descs)]
    return None if None in ranks else max(ranks, default=0)


def _list_rank(value, desc, classes) -> int | None:
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or not hasattr(value, "__iter__"):
        return None
    ranks = [_rank(item, desc, classes) for item in value]
    return None if None in ranks else max(ranks, default=0)


def _type_decides(value, classes) -> bool:
    """Would any value of this exact type be ranked the same (and is the type
    object alive as long as the module, so its address can be cached)?"""
    t = type(value)
    if t in _CACHEABLE_BUILTINS or any(t is c for c in classes.values()):
        return True
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.generic) and t.__module__ == "numpy"


def _only_dtype_matters(group: Group, position: int) -> bool:
    """Does no overload look at the length or items of an array passed at
    `position` (a tuple, SIMD or list parameter would)?"""
    return all(len(c.params) <= position or c.params[position][1][0] in ("ptr", "scalar", "str", "struct")
               for c in group.candidates)


def _is_plain_array(value) -> bool:
    """An exact ndarray of a builtin dtype: the dispatcher keys it by its type,
    dtype object (a singleton) and flags (overloads.py `_array_key`)."""
    numpy = sys.modules.get("numpy")
    if numpy is None or type(value) is not numpy.ndarray:
        return False
    dtype = value.dtype
    return dtype.char != "V" and dtype is numpy.dtype(dtype.char)


# -- messages -----------------------------------------------------------------------------

def _expected(desc) -> str:
    kind, spelled = desc[0], _spelling(desc)
    if kind == "scalar":
        python = _python_scalar(spelled)
    elif kind == "ptr":
        python = f"a writable C-contiguous buffer of {desc[1]}"
    elif kind == "simd":
        python = f"a tuple of {desc[2]} numbers"
    else:
        python = {"str": "str", "struct": f"a {spelled} instance", "list": "a list",
                  "tuple": "a tuple", "optional": "None or a value"}.get(kind, spelled)
    return f"{python} (Kiln type {spelled})"


def _python_scalar(name: str) -> str:
    return "bool" if name == "Bool" else "float" if name.startswith("Float") else "int"


def _spelling(desc) -> str:
    return desc[-1] if desc[0] != "scalar" else desc[1]


def _described(value) -> str:
    if isinstance(value, (tuple, list)):
        return f"a {type(value).__name__} of {len(value)} item{'s' * (len(value) != 1)}"
    fmt = ""
    try:
        with memoryview(value) as view:
            fmt = f" of element format {view.format!r}"
    except TypeError:
        pass
    return type(value).__name__ + fmt


def _call_text(group: Group, values, kwnames) -> str:
    skip = 1 if group.candidates and all(c.skip_self for c in group.candidates) else 0
    npos = len(values) - len(kwnames)
    parts = [type(v).__name__ for v in values[skip:npos]]
    parts += [f"{k}={type(v).__name__}" for k, v in zip(kwnames, values[npos:])]
    return f"({', '.join(parts)})"


def _why_not(cand: Candidate, values, kwnames, classes) -> str:
    slots = _binding(cand, len(values), kwnames)
    if isinstance(slots, str):
        return slots
    for (pname, desc), at in zip(cand.params, slots):
        if _rank(values[at], desc, classes) is None:
            return f"argument '{pname}' must be {_expected(desc)}, not {_described(values[at])}"
    return "matches"


def _no_match(group: Group, values, kwnames, classes) -> str:
    lines = [f"no overload of {group.name}() accepts the arguments {_call_text(group, values, kwnames)}; "
             f"candidates:"]
    lines += [f"  {c.signature}: {_why_not(c, values, kwnames, classes)}" for c in group.candidates]
    return "\n".join(lines)


def _ambiguous(group: Group, values, kwnames, best: list[Candidate]) -> str:
    lines = [f"call to {group.name}{_call_text(group, values, kwnames)} is ambiguous: "
             f"these overloads match equally well:"]
    lines += [f"  {cand.signature}" for cand in best]
    lines.append("pass values of the exact Kiln types (e.g. float(x)) or rename one overload")
    return "\n".join(lines)


def _parse(description: str) -> Group:
    raw = json.loads(description)
    cands = tuple(Candidate(c["sig"], tuple((p[0], _tuple(p[1])) for p in c["params"]),
                            c["self"], c.get("reason", ""), tuple(p[0] for p in c["params"]))
                  for c in raw["candidates"])
    return Group(raw["name"], cands)


def _tuple(desc):
    """JSON lists back to (hashable, comparable) tuples, recursively."""
    return tuple(_tuple(d) if isinstance(d, list) else d for d in desc)
