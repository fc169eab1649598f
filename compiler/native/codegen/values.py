"""Small value types of the function emitter."""
from __future__ import annotations

from dataclasses import dataclass, field

from llvmlite import ir

from ...semantic import types as T
from ...semantic.locals import LocalVar


@dataclass
class Val:
    """An evaluated expression. `owned` marks a temporary this statement owns
    (a call result, a constructed value): whoever consumes it takes it over;
    otherwise it is destroyed when the statement ends. Values read from a
    variable or field are borrowed (`owned=False`) and copied if consumed."""

    value: ir.Value
    type: T.Type
    owned: bool = False


@dataclass
class OwnedLocal:
    var: LocalVar
    slot: ir.Value
    flag: ir.Value              # i1 slot: does the variable hold a live value?
    type: T.Type


@dataclass
class Scope:
    di_scope: ir.DIValue
    owned: list[OwnedLocal] = field(default_factory=list)


@dataclass
class LoopTargets:
    break_to: ir.Block
    continue_to: ir.Block
    depth: int                  # scope depth at the loop statement
    try_depth: int


@dataclass
class TryFrame:
    handler: ir.Block | None    # where a raised Error goes (faults pass by); None in an
                                # `except` body, which only needs the `finally`
    error_slot: ir.Value        # ptr slot receiving the error
    depth: int
    finally_body: list | None
