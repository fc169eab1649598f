"""DWARF emission for the native tier (llvmlite.ir debug metadata).

`unit.DebugUnit` owns the compile unit, files, subprograms, scopes and
locations of one LLVM module; `types.DebugTypes` maps Kiln types to DWARF
types. gdb, py-spy and perf read the result as `.kiln` files and lines.
`reading` reads it back (pyelftools) for fault tracebacks and the profiler;
it must not need llvmlite, so this package imports the emitters lazily.
"""


def __getattr__(name: str):
    if name == "DebugUnit":
        from .unit import DebugUnit
        return DebugUnit
    if name == "DebugTypes":
        from .types import DebugTypes
        return DebugTypes
    raise AttributeError(name)


__all__ = ["DebugUnit", "DebugTypes"]
