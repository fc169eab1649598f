"""Completion: the names visible at an offset (by tier), keywords, and the
members of the value before a `.`.

The receiver before a `.` is read from the text, not the tree: while the user
types `p.` the line does not parse, but `p` still resolves through the scopes
of the last analysis.
"""
from __future__ import annotations

import keyword
import os
import re

from . import prelude
from .builtin_calls import LIST_ATTRS, LIST_METHODS, OPTIONAL_METHODS, POINTER_METHODS, SIMD_METHODS, STRING_METHODS
from .cursor_context import in_comment_or_string
from .decls import StructDecl
from .query_types import Completion
from .scopes import Scope
from .stdlib_intrinsics import STDLIB_MODULES, intrinsic_exports
from .symbols import Symbol, SymbolKind
from .type_ops import is_string, simd_parts, subst, key as ref_key
from .types import DTYPES, FnType, ListType, OptionalType, ParamRef, PointerType, StructType, Type, TypeType

KILN_KEYWORDS = ("fn", "struct", "trait", "var", "let", "alias", "inout", "owned", "borrowed",
                 "raises")
COMPILED_PY_BUILTINS = ("print", "len", "range", "str", "abs", "min", "max", "round", "pow")
_IDENT_TAIL = re.compile(rb"[\w\x80-\xff]*$")
# `a.b.c.` and calls in the chain (`make().`, `p.twice().`, arguments nested one level)
_SEGMENT = rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*(?:\s*\((?:[^()]|\([^()]*\))*\))?"
_CHAIN = re.compile(rb"((?:" + _SEGMENT + rb"\s*\.\s*)*" + _SEGMENT + rb")\s*\.\s*$")
_NAMING = re.compile(rb"^\s*(?:async\s+)?(?:fn|def|struct|trait|class|alias|var|let)\s+[\w\x80-\xff]*$")
_IMPORT = re.compile(rb"^\s*(?:import|from)\s+[\w\x80-\xff]*$")
_FROM_IMPORT = re.compile(rb"^\s*from\s+(\.*)([\w.]*)\s+import\s+\(?[\w\s,]*$")
_TOP_LEVEL_LINE = re.compile(rb"\n[^\s#]")
_CALL = re.compile(r"\s*\(.*\)$", re.S)


def completions(ws, path: str, offset: int) -> list[Completion]:
    analysis = ws.analysis(path)
    if analysis is None:
        return []
    data = analysis.source.data[:offset]
    if in_comment_or_string(analysis, offset):
        return []
    prefix = _IDENT_TAIL.search(data)
    before = data[:prefix.start()] if prefix else data
    line = data[data.rfind(b"\n") + 1:]
    if _NAMING.search(line):
        return []           # a new name is being typed: nothing existing fits
    from_import = _FROM_IMPORT.search(before[before.rfind(b"\n") + 1:])
    if from_import:
        return _importable_names(ws, path, from_import)
    if _IMPORT.search(line):
        return _module_names(ws, path)
    if before.rstrip().endswith(b".") and not before.rstrip().endswith(b".."):
        return members_of(ws, path, offset)
    scope = scope_at(analysis, offset)
    compiled = _in_compiled(scope)
    out: dict[str, Completion] = {}
    for name, sym in scope.visible_names(offset).items():
        out[name] = _item(name, sym)
    for name, sym in analysis.link.star_exports.items() if analysis.link else ():
        out.setdefault(name, _item(name, sym))
    builtins = prelude.KILN_NAMES | set(COMPILED_PY_BUILTINS) if compiled else \
        prelude.PYTHON_BUILTINS | set(prelude.KILN_TYPES)
    for name in sorted(builtins):
        sym = prelude.builtin_symbol(name)
        if sym is not None and not name.startswith("__"):
            out.setdefault(name, _item(name, sym))
    words = list(KILN_KEYWORDS) + (["True", "False", "None", "if", "elif", "else", "for", "while",
                                    "return", "raise", "try", "except", "finally", "pass", "break",
                                    "continue", "and", "or", "not", "in", "is"]
                                   if compiled else keyword.kwlist)
    for w in words:
        out.setdefault(w, Completion(w, "keyword"))
    return list(out.values())


def _importable_names(ws, path: str, m: re.Match) -> list[Completion]:
    """`from m import |`: what module `m` exports (nothing for a Python
    module, whose names only running it would tell)."""
    target = ws._resolve_import(path, m.group(2).decode("utf-8", "replace"), len(m.group(1)))
    names = target.public if target is not None and target.names is not None else {}
    return [_item(n, s) for n, s in sorted(names.items()) if not n.startswith("_")]


def _module_names(ws, path: str) -> list[Completion]:
    """`import |` / `from | import`: the `.kiln` modules beside the file that the
    workspace knows, and the compiled standard library's modules."""
    here = os.path.dirname(path)
    names = {os.path.basename(f)[:-len(".kiln")] for f in [*ws.files(), *ws.analysed_paths()]
             if f.endswith(".kiln") and os.path.dirname(f) == here and f != path}
    names |= {m for m in STDLIB_MODULES if "." not in m and m != "builtin"}
    return [Completion(n, SymbolKind.MODULE, "module") for n in sorted(names) if n.isidentifier()]


def scope_at(analysis, offset: int) -> Scope:
    """The scope at the cursor. On a blank line after a block, the cursor's
    indentation decides: typing at the end of a function body is inside it."""
    data = analysis.source.data
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset]
    if before.strip(b" \t"):
        here = analysis.module_scope.innermost(offset)
        # Error recovery may end a block before a half-typed expression at its
        # end (`return v.`): the line's first word is still inside the block.
        first = line_start + len(before) - len(before.lstrip(b" \t"))
        deeper = analysis.module_scope.innermost(first)
        return deeper if _is_inside(deeper, here) else here
    indent = len(before)
    q = offset - len(before) - 1
    while q > 0 and data[q:q + 1] in b" \t\r\n":
        q -= 1
    scope = analysis.module_scope.innermost(max(q, 0))
    while scope.parent is not None and _indent_of(data, scope.start) >= indent:
        scope = scope.parent
    return scope


def _is_inside(scope: Scope, outer: Scope) -> bool:
    while scope.parent is not None:
        scope = scope.parent
        if scope is outer:
            return True
    return False


def _indent_of(data: bytes, offset: int) -> int:
    start = data.rfind(b"\n", 0, offset) + 1
    line = data[start:offset + 1]
    return len(line) - len(line.lstrip(b" \t"))


def _in_compiled(scope: Scope | None) -> bool:
    while scope is not None:
        if scope.kind.is_compiled:
            return True
        scope = scope.parent
    return False


def _item(name: str, sym: Symbol) -> Completion:
    target = sym.resolved()
    detail = target.signature or (str(target.type) if target.type is not None else None)
    return Completion(name, target.kind, detail, target.doc)


# -- members -------------------------------------------------------------------------------------

def members_of(ws, path: str, offset: int) -> list[Completion]:
    analysis = ws.analysis(path)
    if analysis is None:
        return []
    data = analysis.source.data[:offset]
    prefix = _IDENT_TAIL.search(data)
    before = data[:prefix.start()] if prefix else data
    m = _CHAIN.search(before)
    if m is None:
        return []
    chain = _segments(m.group(1).decode("utf-8", "replace"))
    if chain is None:
        return []
    scope = scope_at(analysis, offset)
    first, called = chain[0]
    sym = scope.visible_names(offset).get(first) or analysis.context.lookup(first)
    if first == "Self" and (sym is None or sym.path == prelude.BUILTIN_PATH):
        sym = _enclosing_struct(analysis, offset) or sym
    if not isinstance(sym, Symbol):
        return []
    if first == "DType" and sym.path == prelude.BUILTIN_PATH and len(chain) == 1 and not called:
        return [Completion(n, SymbolKind.FIELD, "DType") for n in DTYPES]
    thing: object = sym.resolved()
    if thing.kind is SymbolKind.PY_VARIABLE and not called:
        thing = _python_struct_value(ws, analysis, scope, offset, thing) or thing
    if called:
        thing = _call_result(ws, thing)
    for attr, called in chain[1:]:
        if thing is None:
            return []
        thing = _method_result(ws, thing, attr) if called else _member_type(ws, thing, attr)
    return _members(ws, thing) if thing is not None else []


def _enclosing_struct(analysis, offset: int) -> Symbol | None:
    """The innermost struct whose declaration holds `offset` (what `Self` names)."""
    found = None
    for sym in analysis.table.symbols:
        span = sym.full_span
        if sym.kind is SymbolKind.STRUCT and span is not None and span.start <= offset \
                and (found is None or span.start >= found.full_span.start):
            found = sym
    if found is None or offset <= found.full_span.end:
        return found
    # The line being typed does not parse, so the struct's tree may end before
    # it: still inside while no line at column 0 comes in between.
    between = analysis.source.data[found.full_span.end:offset]
    return None if _TOP_LEVEL_LINE.search(between) else found


def _python_struct_value(ws, analysis, scope: Scope, offset: int, sym: Symbol) -> object | None:
    """`p` in Python code bound once, by `p = Point(...)` of a compiled
    struct: an instance of it (as the resolver sees `p.x`)."""
    import ast
    value = analysis.bound.sole_values.get(sym)
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
        return None
    callee = scope.visible_names(offset).get(value.func.id) or analysis.context.lookup(value.func.id)
    callee = callee.resolved() if isinstance(callee, Symbol) else None
    if callee is None or callee.kind is not SymbolKind.STRUCT:
        return None
    return _call_result(ws, callee)


def _segments(chain: str) -> list[tuple[str, bool]] | None:
    """`a.b(x).c` -> [("a", False), ("b", True), ("c", False)]."""
    parts, depth, current = [], 0, ""
    for ch in chain:
        depth += (ch == "(") - (ch == ")")
        if ch == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    out = []
    for part in parts:
        called = _CALL.search(part)
        name = (part[:called.start()] if called else part).strip()
        if not name.isidentifier():
            return None
        out.append((name, called is not None))
    return out


def _call_result(ws, sym: object) -> object | None:
    """The value of `name(...)`: an fn's result, or an instance of a struct."""
    if not isinstance(sym, Symbol):
        return None
    if sym.kind is SymbolKind.STRUCT and isinstance(sym.decl, StructDecl) and not sym.decl.comptime:
        return _instance_of(ws, sym.decl)
    if isinstance(sym.type, FnType):
        return sym.type.result
    return None


def _instance_of(ws, decl: StructDecl) -> object | None:
    init = decl.methods.get("__init__")
    if init:
        found = ws.program.context(decl.module.path).fn_sig(init[0]).self_type
        if isinstance(found, StructType):
            return found
    return StructType(decl.name, decl.decl_id, ())


def _method_result(ws, thing: object, attr: str) -> object | None:
    thing = _value_type(ws, thing)
    if isinstance(thing, Symbol) and thing.kind is SymbolKind.MODULE:
        return _call_result(ws, _module_exports(ws, thing).get(attr))
    if not isinstance(thing, StructType):
        return None
    decl = ws.program.struct_decl(thing)
    fns = decl.methods.get(attr) if decl is not None else None
    if not fns:
        return None
    ctx = ws.program.context(decl.module.path)
    bindings = {ref_key(r): v for r, v in zip(ctx.struct_sig(decl).refs, thing.params)}
    return subst(ctx.fn_sig(fns[0]).result, bindings)


def _value_type(ws, thing: object) -> object:
    if isinstance(thing, Symbol):
        if thing.kind is SymbolKind.MODULE:
            return thing
        if thing.kind is SymbolKind.STRUCT and thing.decl is not None:
            return thing.decl
        return thing.type
    return thing


def _member_type(ws, thing: object, attr: str) -> object | None:
    thing = _value_type(ws, thing)
    if isinstance(thing, Symbol) and thing.kind is SymbolKind.MODULE:
        exports = _module_exports(ws, thing)
        sym = exports.get(attr)
        return sym.resolved() if sym is not None else None
    if isinstance(thing, StructType):
        decl = ws.program.struct_decl(thing)
        if decl is None:
            return None
        sig = ws.program.context(decl.module.path).struct_sig(decl)
        found = sig.field(attr)
        if found is not None:
            bindings = {ref_key(r): v for r, v in zip(sig.refs, thing.params)}
            return subst(found[1], bindings)
    return None


def _module_exports(ws, sym: Symbol) -> dict[str, Symbol]:
    path = sym.module_path or ""
    if path.startswith("<stdlib>/"):
        return intrinsic_exports(path[len("<stdlib>/"):])
    analysis = ws.analysis(path) if path else None
    return dict(analysis.names) if analysis is not None else {}


def _members(ws, thing: object) -> list[Completion]:
    thing = _value_type(ws, thing)
    if isinstance(thing, Symbol) and thing.kind is SymbolKind.MODULE:
        return [_item(n, s) for n, s in sorted(_module_exports(ws, thing).items())
                if not n.startswith("_")]
    if isinstance(thing, TypeType):
        thing = thing.instance
    if isinstance(thing, StructDecl):
        return _struct_members(ws, thing, statics_only=True)
    if isinstance(thing, StructType):
        decl = ws.program.struct_decl(thing)
        return _struct_members(ws, decl) if decl is not None else []
    if isinstance(thing, ParamRef) and thing.kind is not None and getattr(thing.kind, "decl", None):
        return [Completion(n, SymbolKind.METHOD, fns[0].symbol.signature, fns[0].doc)
                for n, fns in sorted(thing.kind.decl.methods.items())]
    return _builtin_members(thing)


def _struct_members(ws, decl: StructDecl, statics_only: bool = False) -> list[Completion]:
    ctx = ws.program.context(decl.module.path)
    out = []
    if not statics_only:
        for f, t in ctx.struct_sig(decl).fields:
            out.append(Completion(f.name, SymbolKind.FIELD, str(t), None))
    for name, fns in decl.methods.items():
        if statics_only and not fns[0].is_static:
            continue
        if name.startswith("__") and name != "__init__":
            continue
        sig = ctx.fn_sig(fns[0])
        out.append(Completion(name, SymbolKind.METHOD, sig.label(), fns[0].doc))
    if statics_only:
        for name, al in decl.aliases.items():
            out.append(Completion(name, SymbolKind.ALIAS, al.symbol.signature, al.symbol.doc))
    return out


def _builtin_members(t: object) -> list[Completion]:
    if not isinstance(t, Type):
        return []
    if simd_parts(t) is not None:
        names = [n for n in SIMD_METHODS if not n.startswith("__")]
    elif isinstance(t, PointerType):
        names = list(POINTER_METHODS)
    elif isinstance(t, ListType):
        names = [n for n in LIST_METHODS if not n.startswith("__")] + list(LIST_ATTRS)
    elif is_string(t):
        names = [n for n in STRING_METHODS if not n.startswith("__")]
    elif isinstance(t, OptionalType):
        names = list(OPTIONAL_METHODS)
    else:
        return []
    return [Completion(n, SymbolKind.FIELD if n in LIST_ATTRS else SymbolKind.METHOD, str(t))
            for n in names]
