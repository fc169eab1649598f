"""Reading back the DWARF the native tier wrote, with pyelftools: the pieces
that both the bridge's fault tracebacks (bridge/native_frames.py) and the
profiler's symbol table (profiler/dwarf_symbols.py) need, so the two read
file tables the same way."""
from __future__ import annotations

import os


def text(value) -> str:
    """An attribute's (or a raw form's) string; "" for a missing attribute."""
    if value is None:
        return ""
    value = getattr(value, "value", value)
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def file_names(dwarf, cu) -> list[str]:
    """The absolute paths of the compile unit's line-table files, in order."""
    comp_dir = text(cu.get_top_DIE().attributes.get("DW_AT_comp_dir"))
    program = dwarf.line_program_for_CU(cu)
    if program is None:
        return []
    dirs = [text(d) for d in program["include_directory"]]
    names = []
    for entry in program["file_entry"]:
        directory = dirs[entry.dir_index] if entry.dir_index < len(dirs) else ""
        names.append(os.path.normpath(os.path.join(comp_dir, directory, text(entry.name))))
    return names


def file_at(files: list[str], cu, number: int) -> str:
    """The path of file `number` as a DIE or line-table row names it: DWARF 5
    numbers files from 0, older versions from 1. "" when out of range."""
    index = number if cu.header["version"] >= 5 else number - 1
    return files[index] if 0 <= index < len(files) else ""
