"""From what the engine saw to what the user wrote: raw stacks -> `Profile`.

Each raw frame is classified (`frame_kinds.classify`); interpreter and glue
frames are dropped. A `.kiln` frame's tier comes from two witnesses:

- the source: when the innermost `fn`/`def` around the frame's line has
  the frame's name, its kind decides (an `fn` body never runs in CPython, a
  `def` body is never compiled);
- otherwise the stack's shape: compiled code is entered through a bridge
  wrapper, a `parallelize` task or the runtime, so a `.kiln` frame after
  such glue is compiled (a frame with line 0, a source edited since).

Compiled frames py-spy could not give a line for (`kiln.bridge.f` in
`module.so`) are resolved through the module's DWARF to the `fn` they stand
for, with line 0: the function is known, the line is not.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from .dwarf_symbols import ModuleSymbols, read_module_symbols
from .frame_kinds import BRIDGE_PREFIX, RUNTIME_PREFIX, SHIM_FUNCTION, TASK_SUFFIX, Kind, Places, classify
from .model import Frame, Profile, StackSample, ThreadInfo, Tier
from .raw_samples import RawFrame, RawProfile, RawThreadSamples
from .source_index import SourceCache, SourceIndex

SymbolLoader = Callable[[str], ModuleSymbols]


@dataclass
class AttributionContext:
    program: str                         # the profiled .kiln file (absolute)
    main_pid: int                        # the program's process id (= its main thread's id)
    places: Places
    sources: SourceCache = field(default_factory=SourceCache)
    load_symbols: SymbolLoader = read_module_symbols


def attribute(raw: RawProfile, ctx: AttributionContext) -> Profile:
    attributor = _Attributor(ctx)
    samples: list[StackSample] = []
    threads: dict[int, ThreadInfo] = {}
    outside = 0
    for thread in raw.threads:
        threads[thread.thread.tid] = _thread_info(thread, ctx.main_pid)
        for stack in thread.stacks:
            frames = attributor.frames(stack.frames, stack.count)
            if frames:
                samples.append(StackSample(thread.thread.tid, frames, stack.count))
            else:
                outside += stack.count
    used = {s.thread for s in samples}
    profile = Profile(ctx.program, raw.rate, _merge(samples),
                      {tid: info for tid, info in threads.items() if tid in used}, outside)
    profile.notes.extend(attributor.notes(profile.total))
    return profile


class _Attributor:
    def __init__(self, ctx: AttributionContext):
        self.ctx = ctx
        self.line_zero_samples = 0      # a compiled frame at line 0 of the DWARF line table
        self.unsymbolized_samples = 0   # a compiled frame py-spy gave no file:line for
        self.unresolved_samples = 0     # a compiled frame DWARF does not know either
        self._line_zero = self._unsymbolized = self._unresolved = False
        self._kinds: dict[RawFrame, Kind] = {}     # frames repeat across stacks: classify once

    def source(self, path: str) -> SourceIndex | None:
        return self.ctx.sources.get(path)

    def frames(self, raw_frames: tuple[RawFrame, ...], count: int) -> tuple[Frame, ...]:
        self._line_zero = self._unsymbolized = self._unresolved = False
        out = self._attribute(raw_frames)
        if out:
            self.line_zero_samples += count if self._line_zero else 0
            self.unsymbolized_samples += count if self._unsymbolized else 0
            self.unresolved_samples += count if self._unresolved else 0
        return out

    def _attribute(self, raw_frames: tuple[RawFrame, ...]) -> tuple[Frame, ...]:
        out: list[Frame] = []
        in_compiled = False
        bridged: Frame | None = None     # the fn a bridge wrapper above was entered for
        for raw in raw_frames:
            kind = self._kinds.get(raw)
            if kind is None:
                kind = self._kinds[raw] = classify(raw.name, raw.file, raw.line, self.ctx.places)
            if kind is Kind.DROPPED:
                in_compiled = in_compiled or _enters_compiled(raw)
                bridged = self._bridged_fn(raw) or bridged
                continue
            frame = self._frame(raw, kind, in_compiled)
            if frame is None:
                continue
            if bridged is not None and frame.tier is Tier.COMPILED and frame.function != bridged.function:
                out.append(bridged)   # the fn's own frame was lost (see _bridged_fn)
            bridged = None
            in_compiled = frame.tier is Tier.COMPILED
            if frame.tier is Tier.NATIVE and out and out[-1] == frame:
                continue     # one unsymbolized library: one frame, however deep
            out.append(frame)
        return tuple(out)

    def _bridged_fn(self, raw: RawFrame) -> Frame | None:
        """`kiln.bridge.f` at f's declaration line stands for a call of fn f.
        py-spy names the callee's caller by the return address, which can lie
        just past f's code (a call that ends f): then f's own frame is missing
        between the wrapper and f's callees, and is put back, with line 0."""
        if not raw.name.startswith(BRIDGE_PREFIX) or not raw.line:
            return None
        index = self.source(raw.file)
        span = index.function_at(raw.line) if index is not None else None
        if span is None or span.tier is not Tier.COMPILED or span.start != raw.line:
            return None
        return Frame(span.qualname, raw.file, 0, Tier.COMPILED)

    def _frame(self, raw: RawFrame, kind: Kind, in_compiled: bool) -> Frame | None:
        if kind is Kind.KILN_SOURCE:
            return self._kiln_frame(raw, in_compiled)
        if kind is Kind.PYTHON_LIBRARY:
            return Frame(raw.name, raw.file, raw.line, Tier.PYTHON)
        if kind is Kind.COMPILED_NO_LINE:
            return self._lineless_compiled(raw)
        name = f"[{os.path.basename(raw.file)}]" if raw.name.startswith("0x") else raw.name
        return Frame(name, raw.file, raw.line, Tier.NATIVE)

    def _kiln_frame(self, raw: RawFrame, in_compiled: bool) -> Frame:
        index = self.source(raw.file)
        said = _tier_from_source(index, raw) if index is not None else None
        compiled = said is Tier.COMPILED if said is not None else in_compiled
        if compiled and raw.line == 0:
            self._line_zero = True
        return Frame(raw.name, raw.file, raw.line, Tier.COMPILED if compiled else Tier.PYTHON)

    def _lineless_compiled(self, raw: RawFrame) -> Frame | None:
        found = self.ctx.load_symbols(raw.file).lookup(raw.name)
        if found is None:
            self._unresolved = True
            return None
        index = self.source(found.file)
        span = index.function_at(found.line) if index is not None else None
        name = span.qualname if span is not None and span.tier is Tier.COMPILED else found.name
        self._unsymbolized = True
        return Frame(name, found.file, 0, Tier.COMPILED)

    def notes(self, total: int) -> list[str]:
        notes = []
        if self.line_zero_samples:
            notes.append(f"{_percent(self.line_zero_samples, total)} of samples were in compiled code "
                         "that the DWARF line table gives no line (line 0: code the optimizer "
                         "merged from several lines); they count for their fn, not for a line")
        if self.unsymbolized_samples:
            notes.append(f"{_percent(self.unsymbolized_samples, total)} of samples reached compiled "
                         "code py-spy gave no file:line for; they count for the fn the module's "
                         "DWARF names, not for a line")
        if self.unresolved_samples:
            notes.append(f"{_percent(self.unresolved_samples, total)} of samples passed through "
                         "compiled code that matches no function of its module's DWARF")
        return notes


def _percent(part: int, total: int) -> str:
    share = 100.0 * part / total if total else 0.0
    return "<0.1%" if share < 0.05 else f"{share:.1f}%"


def _enters_compiled(raw: RawFrame) -> bool:
    """Glue after which every `.kiln` frame is compiled code."""
    return (raw.name.startswith((BRIDGE_PREFIX, RUNTIME_PREFIX)) or raw.name.endswith(TASK_SUFFIX)
            or raw.name == SHIM_FUNCTION)


def _tier_from_source(index: SourceIndex, raw: RawFrame) -> Tier | None:
    """The tier of the function the frame is in, if the source names it so.
    (A `<module>` frame binding `f = <native f>` stands on the fn's own line.)"""
    span = index.function_at(raw.line) if raw.line else index.compiled(raw.name)
    if span is None:
        return Tier.PYTHON if raw.name == "<module>" else None
    if raw.name == span.qualname or span.qualname.endswith("." + raw.name):
        return span.tier
    return None


def _thread_info(thread: RawThreadSamples, main_pid: int) -> ThreadInfo:
    raw = thread.thread
    names = {f.name for s in thread.stacks for f in s.frames}
    if raw.tid == main_pid:
        label = "main thread"
    elif SHIM_FUNCTION in names or "kiln_parallel_worker" in names:
        label = "parallelize worker"
    else:
        label = raw.name or "thread"
    if raw.process and raw.process != main_pid:
        label = f"process {raw.process}: {label}"
    return ThreadInfo(raw.tid, label, raw.process or main_pid)


def _merge(samples: list[StackSample]) -> list[StackSample]:
    """Stacks that differ only in dropped frames are one stack now."""
    counts: dict[tuple[int, tuple[Frame, ...]], int] = {}
    for s in samples:
        key = (s.thread, s.frames)
        counts[key] = counts.get(key, 0) + s.count
    return [StackSample(tid, frames, n) for (tid, frames), n in counts.items()]
