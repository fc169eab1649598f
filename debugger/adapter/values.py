"""gdb's values (from the in-gdb MI commands) as DAP variables."""
from __future__ import annotations

import re

_POINTER = re.compile(r"^(.*\S)\s*\*$")


def display_type(gdb_type: str) -> str:
    """Kiln's spelling of a type: gdb names pointer types `T *`."""
    match = _POINTER.match(gdb_type or "")
    return f"UnsafePointer[{display_type(match.group(1))}]" if match else gdb_type


def evaluate_name(path: tuple[str, ...]) -> str:
    out = path[0]
    for key in path[1:]:
        out += key if key.startswith("[") else f".{key}"
    return out


def native_variable(item: dict, path: tuple[str, ...], reference: int) -> dict:
    return {"name": item["name"], "value": item["value"], "type": display_type(item.get("type", "")),
            "variablesReference": reference, "evaluateName": evaluate_name(path)}


def python_from_gdb_variable(item: dict) -> dict:
    return {"name": item["name"], "value": item["value"], "type": item.get("type", ""),
            "variablesReference": 0, "evaluateName": item["name"]}
