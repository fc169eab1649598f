"""One-shot entry points: all diagnostics of a program (`check_program`) and
its typed model (`build_typed_program`), from in-memory texts."""
from __future__ import annotations

from ..diagnostics.diagnostic import Diagnostic
from .loader import MemoryLoader
from .program_context import TargetInfo
from .workspace import Workspace


def check_program(files: dict[str, str], entry: str,
                  target: TargetInfo | None = None) -> list[Diagnostic]:
    """Syntax and semantic diagnostics of `entry` and of the `.kiln` modules it
    imports (transitively) among `files`, sorted by file and position."""
    ws = Workspace(MemoryLoader(files), target)
    return program_diagnostics(ws, entry)


def build_typed_program(files: dict[str, str], entry: str, target: TargetInfo | None = None):
    """The typed model of `entry` and its imports (typed_model.TypedProgram)."""
    ws = Workspace(MemoryLoader(files), target)
    return ws.typed_program(entry)


def program_diagnostics(ws: Workspace, entry: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    for path in reachable(ws, entry):
        analysis = ws.analysis(path)
        if analysis is None:
            continue
        for d in analysis.diagnostics:
            ident = (d.code, d.span.file, d.span.start, d.message)
            if ident not in seen:
                seen.add(ident)
                out.append(d)
    out.sort(key=lambda d: (d.span.file != entry, d.span.file, d.span.start, d.code))
    return out


def reachable(ws: Workspace, entry: str) -> list[str]:
    """`entry` and the `.kiln` modules it imports, transitively, in import order."""
    order: list[str] = []
    stack = [entry]
    while stack:
        path = stack.pop()
        if path in order:
            continue
        analysis = ws.analysis(path)
        if analysis is None:
            continue
        order.append(path)
        deps = sorted(analysis.link.deps) if analysis.link else []
        stack.extend(reversed(deps))
    return order
