"""Editor navigation over the symbol tables: definition, type definition,
references (across files), highlights, rename."""
from __future__ import annotations

import keyword

from ..diagnostics.diagnostic import TextEdit
from ..syntax.source import Span
from .prelude import BUILTIN_PATH
from .query_types import Location, RenameResult
from .symbols import Reference, Symbol, SymbolKind
from .trait_methods import method_family
from .types import ListType, OptionalType, PointerType, StructType, Type, TypeType

KILN_KEYWORDS = frozenset({"fn", "struct", "trait", "var", "let", "alias", "inout", "owned",
                           "borrowed", "raises"})


def reference_at(ws, path: str, offset: int) -> Reference | None:
    analysis = ws.analysis(path)
    if analysis is None:
        return None
    return analysis.table.reference_at(offset)


def symbol_at(ws, path: str, offset: int) -> Symbol | None:
    ref = reference_at(ws, path, offset)
    return ref.symbol.resolved() if ref is not None else None


def definition(ws, path: str, offset: int) -> list[Location]:
    ref = reference_at(ws, path, offset)
    if ref is None:
        return []
    sym = ref.symbol.resolved()
    if sym.kind is SymbolKind.MODULE:
        target = sym.module_path
        if target and not target.startswith("<") and ws.source(target) is not None:
            return [Location(target, Span(target, 0, 0))]
        return []
    if sym.span is None or sym.path == BUILTIN_PATH:
        return []
    return [Location(sym.path, sym.span)]


def type_definition(ws, path: str, offset: int) -> list[Location]:
    sym = symbol_at(ws, path, offset)
    if sym is None:
        return []
    t = sym.type
    if sym.kind in (SymbolKind.STRUCT, SymbolKind.TRAIT):
        return [Location(sym.path, sym.span)] if sym.span else []
    st = _struct_in(t)
    if st is None:
        return []
    decl = ws.program.struct_decl(st)
    if decl is None or decl.symbol.span is None:
        return []
    return [Location(decl.symbol.path, decl.symbol.span)]


def _struct_in(t: Type | None) -> StructType | None:
    while True:
        if isinstance(t, StructType):
            return t
        if isinstance(t, TypeType):
            t = t.instance
        elif isinstance(t, PointerType):
            t = t.pointee
        elif isinstance(t, (ListType, OptionalType)):
            t = t.element
        else:
            return None


def _candidate_files(ws, sym: Symbol) -> list[str]:
    if _keyword_target(sym):
        pass                # `f(t=...)` in another module names this parameter
    elif sym.kind in (SymbolKind.LOCAL_VAR, SymbolKind.LOCAL_LET, SymbolKind.PARAMETER,
                      SymbolKind.COMPTIME_PARAMETER) or (sym.container is not None and sym.container.kind in (
                          SymbolKind.FN, SymbolKind.DEF_FUNCTION) and sym.kind is not SymbolKind.FN):
        return [sym.path]
    files = list(dict.fromkeys([sym.path, *ws.files(), *ws.analysed_paths()]))
    return [f for f in files if not f.startswith("<")]


def _keyword_target(sym: Symbol) -> bool:
    """A parameter of a compiled function callers elsewhere can name."""
    return sym.kind is SymbolKind.PARAMETER and sym.container is not None and \
        sym.container.kind in (SymbolKind.FN, SymbolKind.METHOD) and \
        (sym.container.container is None or sym.container.container.kind is SymbolKind.STRUCT)


def references(ws, path: str, offset: int, include_declaration: bool = True) -> list[Reference]:
    sym = symbol_at(ws, path, offset)
    if sym is None or sym.path == BUILTIN_PATH:
        return []
    out: list[Reference] = []
    seen: set[tuple[str, int, int]] = set()
    files = _candidate_files(ws, sym)
    family = method_family(ws, sym, files)
    for f in files:
        analysis = ws.analysis(f)
        if analysis is None:
            continue
        for ref in analysis.table.sorted_references():
            if ref.symbol not in family and ref.symbol.resolved() not in family:
                continue
            if ref.is_definition and not include_declaration and ref.symbol is sym:
                continue
            ident = (ref.span.file, ref.span.start, ref.span.end)
            if ident in seen:
                continue
            seen.add(ident)
            out.append(ref)
    out.sort(key=lambda r: (r.span.file, r.span.start))
    return out


def document_highlights(ws, path: str, offset: int) -> list[Reference]:
    sym = symbol_at(ws, path, offset)
    if sym is None:
        return []
    analysis = ws.analysis(path)
    out, seen = [], set()
    for ref in analysis.table.sorted_references():
        if ref.symbol is sym or ref.symbol.resolved() is sym:
            if (ref.span.start, ref.span.end) not in seen:
                seen.add((ref.span.start, ref.span.end))
                out.append(ref)
    return out


def prepare_rename(ws, path: str, offset: int) -> Span | None:
    ref = reference_at(ws, path, offset)
    if ref is None:
        return None
    sym = ref.symbol.resolved()
    if not _renameable(sym) or _fixed_name(ws, sym):
        return None
    return ref.span


def _renameable(sym: Symbol) -> bool:
    if sym.span is None or sym.path.startswith("<") or sym.kind in (SymbolKind.MODULE, SymbolKind.BUILTIN):
        return False
    return "/compiler/stdlib/" not in sym.path.replace("\\", "/")


def _fixed_name(ws, sym: Symbol) -> str | None:
    """Why a name the language itself looks up cannot be renamed (renaming it
    would give code that no longer checks or means something else)."""
    compiled = sym.tier == "compiled"
    if compiled and sym.kind is SymbolKind.PARAMETER and sym.name == "self":
        return "`self` names a method's receiver and cannot be renamed"
    if compiled and sym.kind is SymbolKind.METHOD and sym.name.startswith("__") and sym.name.endswith("__"):
        return f"`{sym.name}` is a special method Kiln finds by its name and cannot be renamed"
    if sym.kind is SymbolKind.IMPORT and sym.span is not None:
        source = ws.source(sym.path)
        line = source.line_text(source.position(sym.span.start).line) if source is not None else ""
        if line.lstrip().startswith("from __future__ "):
            return f"`{sym.name}` is a `__future__` feature and cannot be renamed"
    return None


def rename(ws, path: str, offset: int, new_name: str) -> RenameResult:
    ref = reference_at(ws, path, offset)
    if ref is None:
        return RenameResult(None, "there is no symbol to rename here")
    sym = ref.symbol.resolved()
    if not _renameable(sym):
        return RenameResult(None, f"`{sym.name}` is defined by Kiln or Python and cannot be renamed")
    problem = _fixed_name(ws, sym) or invalid_name(new_name, compiled=sym.tier == "compiled")
    if problem:
        return RenameResult(None, problem)
    edits = []
    for r in references(ws, path, offset, include_declaration=True):
        source = ws.source(r.span.file)
        if source is not None and source.slice(r.span) != sym.name:
            continue          # `import m as n`: the alias stays
        edits.append(TextEdit(r.span, new_name))
    return RenameResult(edits)


def invalid_name(name: str, compiled: bool) -> str | None:
    if not name.isidentifier():
        return f"`{name}` is not a valid identifier"
    if keyword.iskeyword(name):
        return f"`{name}` is a Python keyword"
    if compiled and name in KILN_KEYWORDS:
        return f"`{name}` is a Kiln keyword"
    return None
