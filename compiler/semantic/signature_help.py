"""Signature help: the signatures of the function whose argument list the
cursor is in, and which parameter is active.

Like completion after `.`, this reads the text around the cursor (a call
being typed does not parse) and resolves the callee through the scopes of
the last analysis.
"""
from __future__ import annotations

import ast
import re

from .query_types import ParameterInfo, SignatureHelp, SignatureInfo
from .stdlib_intrinsics import intrinsic_exports, stdlib_module_of
from .symbols import Symbol, SymbolKind
from .types import StructType

_CALLEE = re.compile(rb"((?:[A-Za-z_\x80-\xff][\w\x80-\xff]*\s*\.\s*)*[A-Za-z_\x80-\xff][\w\x80-\xff]*)\s*(?:\[[^\[\]]*\])?\s*$")
_BUILTIN_SIGNATURES = {
    "print": ["print(*values, sep: String = \" \", end: String = \"\\n\")"],
    "len": ["len(x) -> Int"],
    "range": ["range(stop: Int)", "range(start: Int, stop: Int, step: Int = 1)"],
    "min": ["min(a, b)"], "max": ["max(a, b)"], "abs": ["abs(x)"], "str": ["str(x) -> String"],
}


def signature_help(ws, path: str, offset: int) -> SignatureHelp | None:
    analysis = ws.analysis(path)
    if analysis is None:
        return None
    data = analysis.source.data
    open_at, commas = _open_paren(data, offset)
    if open_at is None:
        return None
    m = _CALLEE.search(data[:open_at])
    if m is None:
        return None
    chain = [p.strip().decode("utf-8", "replace") for p in m.group(1).split(b".")]
    labels, docs = _signatures(ws, analysis, chain, offset)
    if not labels:
        return None
    sigs = [SignatureInfo(label, _parameters(label), docs) for label in labels]
    active = _resolved_overload(analysis, m.end(1) - 1, len(sigs))
    if active is None:
        active = next((i for i, s in enumerate(sigs) if len(s.parameters) > commas), 0)
    return SignatureHelp(sigs, active, _active_parameter(data, open_at, offset, sigs[active], commas))


def _resolved_overload(analysis, callee_at: int, count: int) -> int | None:
    """Which overload the checker resolved the call to (the callee's name
    refers to it once the call parses), as an index among the `count` labels."""
    ref = analysis.table.reference_at(callee_at)
    decl = ref.symbol.resolved().decl if ref is not None else None
    module = getattr(decl, "module", None)
    if module is None or not hasattr(module, "overloads"):
        return None
    group = module.overloads.get(decl.decl_id.split("#")[0], [decl])
    if len(group) != count or len(group) < 2:
        return None
    return next((i for i, fn in enumerate(group) if fn is decl), None)


def _active_parameter(data: bytes, open_at: int, offset: int, sig: SignatureInfo,
                      commas: int) -> int:
    """The parameter the argument under the cursor goes to: by name after
    `name=`, else by position."""
    start, depth = open_at + 1, 0
    for i in range(open_at + 1, offset):
        c = data[i:i + 1]
        depth += (c in b"([{") - (c in b")]}")
        if c == b"," and depth == 0:
            start = i + 1
    named = re.match(rb"\s*([A-Za-z_][\w]*)\s*=(?!=)", data[start:offset])
    if named:
        name = named.group(1).decode()
        for i, p in enumerate(sig.parameters):
            if re.match(rf"(?:inout |owned |borrowed )?\*{{0,2}}{re.escape(name)}\b", p.label):
                return i
    return commas


def _open_paren(data: bytes, offset: int) -> tuple[int | None, int]:
    """The unmatched `(` before offset on the current statement, and how many
    top-level commas lie between it and the offset."""
    depth = 0
    commas = 0
    i = min(offset, len(data)) - 1
    limit = max(0, i - 4000)
    while i >= limit:
        c = data[i:i + 1]
        if c in b")]}":
            depth += 1
        elif c in b"([{":
            if depth == 0:
                return (i, commas) if c == b"(" else (None, 0)
            depth -= 1
        elif c == b"," and depth == 0:
            commas += 1
        elif c == b":" and depth == 0 and data[i - 1:i] != b"=":
            return None, 0
        i -= 1
    return None, 0


def _signatures(ws, analysis, chain: list[str], offset: int) -> tuple[list[str], str | None]:
    from .completion import scope_at
    scope = scope_at(analysis, offset)
    sym = scope.visible_names(offset).get(chain[0]) or analysis.context.lookup(chain[0])
    if not isinstance(sym, Symbol):
        return [], None
    target = sym.resolved()
    for attr in chain[1:]:
        target = _attribute(ws, target, attr)
        if target is None:
            return [], None
    if target.path == "<builtin>":
        return _BUILTIN_SIGNATURES.get(target.name, []), None
    if target.kind is SymbolKind.BUILTIN:      # a compiled stdlib intrinsic (`sqrt`)
        return ([target.signature], target.doc) if target.signature else ([], None)
    decl = target.decl
    if target.kind in (SymbolKind.FN, SymbolKind.METHOD) and decl is not None and hasattr(decl, "module"):
        ctx = ws.program.context(decl.module.path)
        group = decl.module.overloads.get(decl.decl_id.split("#")[0], [decl])
        return [ctx.fn_sig(fn).label() for fn in group], decl.doc
    if target.kind is SymbolKind.STRUCT and decl is not None:
        ctx = ws.program.context(decl.module.path)
        inits = decl.methods.get("__init__", [])
        if inits:
            return [_init_label(decl.name, ctx.fn_sig(fn)) for fn in inits], decl.doc
        if decl.is_value:
            fields = ", ".join(f"{f.name}: {t}" for f, t in ctx.struct_sig(decl).fields)
            return [f"{decl.name}({fields})"], decl.doc
        return [], None
    if target.kind is SymbolKind.DEF_FUNCTION and isinstance(target.node, ast.FunctionDef):
        try:
            return [f"def {target.name}({ast.unparse(target.node.args)})"], target.doc
        except Exception:  # recovery nodes in the arguments
            return [], None
    return [], None


def _attribute(ws, sym: Symbol, attr: str) -> Symbol | None:
    if sym.kind is SymbolKind.MODULE and sym.module_path:
        a = ws.analysis(sym.module_path) if not sym.module_path.startswith("<") else None
        found = a.names.get(attr) if a is not None else None
        if found is None:        # `math.sqrt`: an intrinsic, not written in math.kiln
            module = stdlib_module_of(sym.module_path) or sym.module_path.removeprefix("<stdlib>/")
            found = intrinsic_exports(module).get(attr)
        return found.resolved() if found is not None else None
    for child in sym.children:
        if child.name == attr:
            return child
    t = sym.type
    if isinstance(t, StructType):
        decl = ws.program.struct_decl(t)
        if decl is not None:
            for name, fns in decl.methods.items():
                if name == attr:
                    return fns[0].symbol
            for f in decl.fields:
                if f.name == attr:
                    return f.symbol
    return None


def _init_label(name: str, sig) -> str:
    return f"{name}({', '.join(sig.param_labels())})"


def _parameters(label: str) -> list[ParameterInfo]:
    """Split the parenthesised parameter list of a label into parameters."""
    open_at = label.find("(")
    if open_at < 0:
        return []
    out = []
    depth = 0
    start = open_at + 1
    for i in range(open_at + 1, len(label)):
        c = label[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                if label[start:i].strip():
                    out.append(_param(label, start, i))
                break
            depth -= 1
        elif c == "," and depth == 0:
            out.append(_param(label, start, i))
            start = i + 1
    return out


def _param(label: str, start: int, end: int) -> ParameterInfo:
    while start < end and label[start] == " ":
        start += 1
    return ParameterInfo(label[start:end], start, end)
