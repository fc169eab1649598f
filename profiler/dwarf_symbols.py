"""Compiled functions of a Kiln module, read from its DWARF with pyelftools.

py-spy symbolizes compiled frames through the same DWARF, and usually gives
each one its `.kiln` file and line. When it does not (a frame comes back as
`kiln.bridge.hot_loop` in `module.so`, line 0), this fills in what the
debug info knows without an address: the `fn` behind a symbol and the line
where it is declared.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

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
            files = _file_names(dwarf, cu)
            for die in cu.iter_DIEs():
                if die.tag != "DW_TAG_subprogram":
                    continue
                entry = _function(die, files)
                if entry is not None:
                    functions.setdefault(entry.name, entry)
    return functions


def _file_names(dwarf, cu) -> list[str]:
    top = cu.get_top_DIE()
    comp_dir = _text(top.attributes.get("DW_AT_comp_dir")) or ""
    program = dwarf.line_program_for_CU(cu)
    if program is None:
        return []
    dirs = [_text_value(d) for d in program["include_directory"]]
    names = []
    for entry in program["file_entry"]:
        directory = dirs[entry.dir_index] if entry.dir_index < len(dirs) else ""
        names.append(os.path.normpath(os.path.join(comp_dir, directory, _text_value(entry.name))))
    return names


def _function(die, files: list[str]) -> CompiledFunction | None:
    name = _text(die.attributes.get("DW_AT_name"))
    line = die.attributes.get("DW_AT_decl_line")
    file_index = die.attributes.get("DW_AT_decl_file")
    if not name or line is None or file_index is None:
        return None
    # DWARF 5 numbers files from 0; older versions from 1 (index 0 is unused).
    index = file_index.value if die.cu.header["version"] >= 5 else file_index.value - 1
    if not 0 <= index < len(files) or not files[index].endswith(".kiln"):
        return None
    return CompiledFunction(name, files[index], line.value)


def _text(attribute) -> str | None:
    return None if attribute is None else _text_value(attribute.value)


def _text_value(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
