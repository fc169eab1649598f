"""What the bridge needs to know about an exported fn (typed, from codegen)."""
from __future__ import annotations

from dataclasses import dataclass

from llvmlite import ir

from ...semantic import types as T


@dataclass(frozen=True)
class BridgeParam:
    name: str
    type: T.Type
    convention: str = "borrowed"     # borrowed | inout | owned


@dataclass(frozen=True)
class BridgeFn:
    """One `fn` callable from Python.

    `native` follows the native calling convention: borrowed and owned
    arguments by value, inout ones by pointer; the result by value, or
    `{result, ptr error}` (just `ptr error` for None) when `may_fail`.
    """

    python_name: str
    display_name: str            # for messages: `add`, `Pair.sum`
    native: ir.Function
    params: tuple[BridgeParam, ...]
    result: T.Type
    may_fail: bool
    prints: bool
    doc: str = ""
    source: tuple[str, int] | None = None     # (.kiln path, line of the fn) for DWARF
    guarded: bool = False        # may overflow the stack or touch raw memory: call under a landing

    def text_signature(self) -> str:
        names = ", ".join(p.name for p in self.params)
        return f"{self.python_name}({names})\n--\n\n"
