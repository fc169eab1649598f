"""Compiled functions of a Kiln module, read from its DWARF with pyelftools.

py-spy symbolizes compiled frames through the same DWARF, and usually gives
each one its `.kiln` file and line. When it does not (a frame comes back as
`kiln.bridge.hot_loop` in `module.so`, line 0), this fills in what the
debug info knows without an address: the `fn` behind a symbol and the line
where it is declared.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..compiler.native.dwarf.reading import file_at, file_names, text
from .frame_kinds import BRIDGE_PREFIX


@dataclass(frozen=True)
class CompiledFunction:
    name: str       # the DWARF name: `hot_loop`, `Matrix.load`, `spread.work`
    file: str       # absolute `.kiln` path
    line: int       # the declaration's line


@dataclass(frozen=True)
class ModuleSymbols:
    path: str
    functions: dict[str, CompiledFunction]   # by DWARF name

    def lookup(self, symbol: str) -> CompiledFunction | None:
        """The `fn` a symbol stands for: a bridge wrapper stands for the fn it
        calls (which is usually inlined into it)."""
        if symbol.startswith(BRIDGE_PREFIX):
            found = self.functions.get(symbol[len(BRIDGE_PREFIX):])
            if found is not None:
                return found
        return self.functions.get(symbol)


@lru_cache(maxsize=64)
def read_module_symbols(path: str) -> ModuleSymbols:
    """Never raises: an unreadable object has no symbols."""
    try:
        return ModuleSymbols(path, _read(path))
    except Exception:  # pyelftools raises many kinds on foreign or truncated files
        return ModuleSymbols(path, {})


def _read(path: str) -> dict[str, CompiledFunction]:
    from elftools.elf.elffile import ELFFile
    functions: dict[str, CompiledFunction] = {}
    with open(path, "rb") as fh:
        elf = ELFFile(fh)
        if not elf.has_dwarf_info():
            return functions
        dwarf = elf.get_dwarf_info()
        for cu in dwarf.iter_CUs():
            files = file_names(dwarf, cu)
            for die in cu.iter_DIEs():
                if die.tag != "DW_TAG_subprogram":
                    continue
                entry = _function(die, files)
                if entry is not None:
                    functions.setdefault(entry.name, entry)
    return functions


def _function(die, files: list[str]) -> CompiledFunction | None:
    name = text(die.attributes.get("DW_AT_name"))
    line = die.attributes.get("DW_AT_decl_line")
    file_index = die.attributes.get("DW_AT_decl_file")
    if not name or line is None or file_index is None:
        return None
    path = file_at(files, die.cu, file_index.value)
    if not path.endswith(".kiln"):
        return None
    return CompiledFunction(name, path, line.value)
