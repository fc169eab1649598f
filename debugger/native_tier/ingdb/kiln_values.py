"""Typed values of compiled frames, read through gdb and shown the way
Kiln (and Python) prints them: `26`, `2.5`, `True`, `Point(x=3.0, y=4.0)`,
`[1.5, 1.5, 7.0, 1.5]` for SIMD lanes, `0x7f..` for pointers, `'text'` for
String. Types are named as in Kiln source: the DWARF the native back end
emits names them so (`Int`, `Float64`, `SIMD[float32, 4]`, `Point`)."""
from __future__ import annotations

import struct

import gdb

SUMMARY_ITEMS = 16            # elements shown inline in a summary
MAX_CHILDREN = 1000           # children listed for one list
MAX_STRING_BYTES = 4096


def type_name(t) -> str:
    return t.name or str(t)


def plain(value):
    """The value a reference refers to (closures capture by reference)."""
    while value.type.strip_typedefs().code in (gdb.TYPE_CODE_REF, gdb.TYPE_CODE_RVALUE_REF):
        value = value.referenced_value()
    return value


def _code(value) -> int:
    return value.type.strip_typedefs().code


def is_list(t) -> bool:
    return type_name(t).startswith("List[") and _field_names(t)[:2] == ["data", "size"]


def is_string(t) -> bool:
    return type_name(t) in ("String", "StringLiteral") and _field_names(t)[:2] == ["data", "length"]


def _field_names(t) -> list[str]:
    try:
        return [f.name for f in t.strip_typedefs().fields()]
    except (TypeError, gdb.error):
        return []


def float_text(value: float, bits: int) -> str:
    """Python's repr for Float64; the shortest round-tripping text in 32
    bits for Float32 (what Kiln's print writes)."""
    if bits == 32 and value == value and value not in (float("inf"), float("-inf")):
        for digits in range(1, 10):
            short = float("%.*g" % (digits, value))
            if struct.unpack("f", struct.pack("f", short))[0] == value:
                return repr(short)
    return repr(value)


def scalar_text(value) -> str:
    t = value.type.strip_typedefs()
    if t.code == gdb.TYPE_CODE_BOOL:
        return "True" if int(value) else "False"
    if t.code == gdb.TYPE_CODE_FLT:
        return float_text(float(value), t.sizeof * 8)
    if t.code in (gdb.TYPE_CODE_INT, gdb.TYPE_CODE_CHAR, gdb.TYPE_CODE_ENUM):
        return str(int(value))
    if t.code == gdb.TYPE_CODE_PTR:
        return "0x%x" % int(value)
    return str(value)


def summary(value, depth: int = 0) -> str:
    """One line of text for a value (recursing a little into aggregates)."""
    try:
        value = plain(value)
        t = value.type.strip_typedefs()
        if is_string(value.type):
            return repr(string_text(value))
        if is_list(value.type):
            return _sequence_summary([v for _, v in list_items(value, SUMMARY_ITEMS + 1)], "[", "]", depth)
        if t.code == gdb.TYPE_CODE_STRUCT:
            return _struct_summary(value, depth)
        if t.code == gdb.TYPE_CODE_ARRAY:
            return _sequence_summary([v for _, v in array_items(value)], "[", "]", depth)
        return scalar_text(value)
    except gdb.MemoryError as exc:
        return f"<unreadable: {exc}>"
    except gdb.error as exc:
        return f"<error: {exc}>"


def _sequence_summary(items, open_: str, close: str, depth: int) -> str:
    shown = [summary(v, depth + 1) if depth < 2 else "..." for v in items[:SUMMARY_ITEMS]]
    if len(items) > SUMMARY_ITEMS:
        shown.append("...")
    return open_ + ", ".join(shown) + close


def _struct_summary(value, depth: int) -> str:
    name = type_name(value.type)
    fields = struct_items(value)
    if name.startswith("Optional[") and [n for n, _ in fields][:2] == ["has_value", "value"]:
        return summary(fields[1][1], depth) if int(fields[0][1]) else "None"
    if name.startswith("Tuple["):
        return _sequence_summary([v for _, v in fields], "(", ")", depth)
    if depth >= 2:
        return f"{name}(...)"
    inner = ", ".join(f"{n}={summary(v, depth + 1)}" for n, v in fields)
    return f"{name}({inner})"


def string_text(value) -> str:
    length = int(value["length"])
    if length <= 0:
        return ""
    data = value["data"]
    raw = gdb.selected_inferior().read_memory(int(data), min(length, MAX_STRING_BYTES)).tobytes()
    text = raw.decode("utf-8", errors="replace")
    return text + ("..." if length > MAX_STRING_BYTES else "")


def struct_items(value) -> list:
    t = value.type.strip_typedefs()
    return [(f.name, value[f]) for f in t.fields() if f.name]


def array_items(value) -> list:
    low, high = value.type.strip_typedefs().range()
    return [(f"[{i - low}]", value[i]) for i in range(low, high + 1)]


def list_items(value, limit: int) -> list:
    size = max(0, int(value["size"]))
    data = value["data"]
    return [(f"[{i}]", (data + i).dereference()) for i in range(min(size, limit))]


def pointer_items(value) -> list:
    t = value.type.strip_typedefs()
    target = t.target().strip_typedefs()
    if int(value) == 0 or target.code == gdb.TYPE_CODE_VOID or target.sizeof == 0:
        return []
    return [("[0]", value.dereference())]


def children(value) -> list:
    """(name, value) pairs a client can expand into."""
    value = plain(value)
    t = value.type.strip_typedefs()
    if is_string(value.type):
        return []
    if is_list(value.type):
        return list_items(value, MAX_CHILDREN)
    if t.code == gdb.TYPE_CODE_STRUCT:
        return struct_items(value)
    if t.code == gdb.TYPE_CODE_ARRAY:
        return array_items(value)
    if t.code == gdb.TYPE_CODE_PTR:
        return pointer_items(value)
    return []


def child(value, key: str):
    """The child of `value` named `key` (a field name, `[i]`)."""
    value = plain(value)
    t = value.type.strip_typedefs()
    if key.startswith("[") and key.endswith("]"):
        index = int(key[1:-1])
        if is_list(value.type):
            if not 0 <= index < int(value["size"]):
                raise gdb.error(f"index {index} is out of range (size {int(value['size'])})")
            return (value["data"] + index).dereference()
        if t.code == gdb.TYPE_CODE_PTR:
            return (value + index).dereference()
        if t.code == gdb.TYPE_CODE_ARRAY:
            low, high = t.range()
            if not 0 <= index <= high - low:
                raise gdb.error(f"lane {index} is out of range (width {high - low + 1})")
            return value[low + index]
        raise gdb.error(f"a {type_name(value.type)} has no elements")
    if t.code == gdb.TYPE_CODE_PTR and key not in _field_names(t):
        value = value.dereference()
    return value[key]


def child_count(value) -> int:
    try:
        value = plain(value)
        t = value.type.strip_typedefs()
        if is_string(value.type):
            return 0
        if is_list(value.type):
            return min(max(0, int(value["size"])), MAX_CHILDREN)
        if t.code == gdb.TYPE_CODE_STRUCT:
            return len(struct_items(value))
        if t.code == gdb.TYPE_CODE_ARRAY:
            low, high = t.range()
            return high - low + 1
        if t.code == gdb.TYPE_CODE_PTR:
            return len(pointer_items(value))
    except gdb.error:
        return 0
    return 0


def describe(name: str, value) -> dict:
    """The MI tuple for one variable."""
    value = plain(value)
    return {"name": name, "value": summary(value), "type": type_name(value.type),
            "children": str(child_count(value))}
