"""DWARF emission for the native tier (llvmlite.ir debug metadata).

`unit.DebugUnit` owns the compile unit, files, subprograms, scopes and
locations of one LLVM module; `types.DebugTypes` maps Kiln types to DWARF
types. gdb, py-spy and perf read the result as `.kiln` files and lines.
"""
from .unit import DebugUnit
from .types import DebugTypes

__all__ = ["DebugUnit", "DebugTypes"]
