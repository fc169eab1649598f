"""`.kiln` frames for machine addresses: the return addresses a fault
recorded when it jumped over the fn frames (runtime/fault.py), mapped
through the DWARF of the shared object they belong to (found with dladdr),
inlined calls included: an address inside an inlined fn gives the inlined
fn's line and then, for each enclosing level, the line of the call.

Imported only when such a fault reaches Python (pyelftools, ctypes)."""
from __future__ import annotations

import bisect
import ctypes
import os
from dataclasses import dataclass, field
from functools import lru_cache

from ..dwarf.reading import file_at, file_names, text

Frame = tuple[str, str, int, int, int]      # file, function, line, column, end column


class _DlInfo(ctypes.Structure):
    _fields_ = [("dli_fname", ctypes.c_char_p), ("dli_fbase", ctypes.c_void_p),
                ("dli_sname", ctypes.c_char_p), ("dli_saddr", ctypes.c_void_p)]


_libc = ctypes.CDLL(None)
_libc.dladdr.argtypes = [ctypes.c_void_p, ctypes.POINTER(_DlInfo)]


def frames_for(pcs: list[int], fault_pc: int) -> list[Frame]:
    """The `.kiln` frames of `pcs` (innermost first, as recorded), outermost
    first. `fault_pc` is the faulting instruction itself; every other
    address is a return address, looked up one byte back (the call)."""
    frames: list[Frame] = []
    for pc in pcs:
        where = _object_of(pc)
        if where is None:
            continue
        path, base = where
        table = _table(path)
        if table is None:
            continue
        frames.extend(reversed(table.frames(pc - base if pc == fault_pc else pc - 1 - base)))
    frames.reverse()
    return [_whole_line(f) for f in frames]


def _whole_line(frame: Frame) -> Frame:
    """DWARF gives a start column only: the traceback shows the line without
    carets (they would underline an arbitrary width)."""
    import linecache
    file, function, line, _, _ = frame
    text = linecache.getline(file, line).rstrip()
    start = len(text) - len(text.lstrip()) + 1
    return file, function, line, start, len(text) + 1


def _object_of(pc: int) -> tuple[str, int] | None:
    info = _DlInfo()
    if not pc or not _libc.dladdr(ctypes.c_void_p(pc), ctypes.byref(info)) or not info.dli_fname:
        return None
    path = os.fsdecode(info.dli_fname)
    return (path, info.dli_fbase or 0) if path.endswith(".so") else None


@dataclass
class _Scope:
    """A subprogram or an inlined call: its address ranges and what it inlines."""
    name: str
    ranges: list[tuple[int, int]]
    call: tuple[str, int, int] | None = None           # where it is inlined (file, line, column)
    children: list["_Scope"] = field(default_factory=list)

    def contains(self, address: int) -> bool:
        return any(lo <= address < hi for lo, hi in self.ranges)


@dataclass
class _Table:
    rows: list[tuple[int, str, int, int]]               # (address, file, line, column), sorted
    ends: list[int]                                      # end_sequence addresses
    scopes: list[_Scope]

    def frames(self, address: int) -> list[Frame]:
        """Outermost first, for one address."""
        line = self._line(address)
        if line is None:
            return []
        chain = self._chain(address)
        if not chain:
            return []
        file, number, column = line
        frames = []
        for outer, inner in zip(chain, chain[1:]):
            call_file, call_line, call_column = inner.call or (file, number, column)
            frames.append((call_file, outer.name, call_line, call_column, call_column))
        frames.append((file, chain[-1].name, number, column, column))
        return [f for f in frames if f[0].endswith(".kiln") and not f[1].startswith("kiln.")]

    def _line(self, address: int):
        i = bisect.bisect_right(self.rows, (address, "\uffff")) - 1
        if i < 0:
            return None
        start, file, line, column = self.rows[i]
        end = self.ends[bisect.bisect_right(self.ends, start)] if bisect.bisect_right(self.ends, start) < len(self.ends) else None
        if end is not None and address >= end or line == 0:
            return None
        return file, line, column

    def _chain(self, address: int) -> list[_Scope]:
        chain: list[_Scope] = []
        scopes = self.scopes
        while True:
            inner = next((s for s in scopes if s.contains(address)), None)
            if inner is None:
                return chain
            chain.append(inner)
            scopes = inner.children


@lru_cache(maxsize=16)
def _table(path: str) -> _Table | None:
    try:
        from elftools.elf.elffile import ELFFile
        with open(path, "rb") as fh:
            elf = ELFFile(fh)
            if not elf.has_dwarf_info():
                return None
            return _read(elf.get_dwarf_info())
    except Exception:       # a foreign or truncated object: no frames, not a second error
        return None


def _read(dwarf) -> _Table:
    rows, ends, scopes = [], [], []
    for cu in dwarf.iter_CUs():
        files = file_names(dwarf, cu)
        program = dwarf.line_program_for_CU(cu)
        for entry in program.get_entries() if program is not None else ():
            state = entry.state
            if state is None:
                continue
            if state.end_sequence:
                ends.append(state.address)
            else:
                rows.append((state.address, file_at(files, cu, state.file), state.line, state.column))
        for die in cu.get_top_DIE().iter_children():
            if die.tag == "DW_TAG_subprogram":
                scope = _scope(dwarf, die, files)
                if scope is not None and scope.ranges:
                    scopes.append(scope)
    rows.sort()
    ends.sort()
    return _Table(rows, ends, scopes)


def _scope(dwarf, die, files) -> _Scope | None:
    origin = die
    if "DW_AT_abstract_origin" in die.attributes:
        origin = die.get_DIE_from_attribute("DW_AT_abstract_origin")
    elif "DW_AT_specification" in die.attributes:
        origin = die.get_DIE_from_attribute("DW_AT_specification")
    name = text(origin.attributes.get("DW_AT_name")) or "?"
    scope = _Scope(name, _ranges(dwarf, die))
    if die.tag == "DW_TAG_inlined_subroutine":
        attrs = die.attributes
        file_attr = attrs.get("DW_AT_call_file")
        call_file = file_at(files, die.cu, file_attr.value) if file_attr is not None else ""
        line = attrs["DW_AT_call_line"].value if "DW_AT_call_line" in attrs else 0
        column = attrs["DW_AT_call_column"].value if "DW_AT_call_column" in attrs else 0
        scope.call = (call_file, line, column)
    stack = list(die.iter_children())
    while stack:                      # inlined calls, also inside lexical blocks
        child = stack.pop()
        if child.tag == "DW_TAG_inlined_subroutine":
            inner = _scope(dwarf, child, files)
            if inner is not None:
                scope.children.append(inner)
        elif child.tag == "DW_TAG_lexical_block":
            stack.extend(child.iter_children())
    return scope


def _ranges(dwarf, die) -> list[tuple[int, int]]:
    attrs = die.attributes
    if "DW_AT_low_pc" in attrs and "DW_AT_high_pc" in attrs:
        low = attrs["DW_AT_low_pc"].value
        high = attrs["DW_AT_high_pc"]
        return [(low, high.value if high.form == "DW_FORM_addr" else low + high.value)]
    if "DW_AT_ranges" in attrs:
        base = die.cu.get_top_DIE().attributes.get("DW_AT_low_pc")
        base = base.value if base is not None else 0
        out = []
        lists = dwarf.range_lists()
        if lists is None:
            return out
        # pyelftools resolves DW_FORM_rnglistx to the list's offset itself
        for entry in lists.get_range_list_at_offset(attrs["DW_AT_ranges"].value, cu=die.cu):
            if hasattr(entry, "base_address"):
                base = entry.base_address
            elif getattr(entry, "is_absolute", False):
                out.append((entry.begin_offset, entry.end_offset))
            else:
                out.append((base + entry.begin_offset, base + entry.end_offset))
        return out
    return []
