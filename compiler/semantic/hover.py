"""Hover (signature, type, docstring of the thing under the cursor) and
inlay hints (inferred types of `var`/`let`, parameter names at call sites)."""
from __future__ import annotations

import ast

from ..syntax import nodes as K
from .prelude import BUILTIN_PATH
from .query_types import Hover, InlayHint
from .symbols import Symbol, SymbolKind
from .types import DTYPES, Type, UnknownType

_BUILTIN_DOCS = {
    "print": "print(*values, sep=\" \", end=\"\\n\"): write the values' text to stdout",
    "len": "len(x) -> Int: the number of elements (String, List, or a struct with __len__)",
    "range": "range(stop) / range(start, stop[, step]): integers for a `for` loop",
    "Int": "Int: 64-bit signed integer (the default integer type)",
    "Float64": "Float64: IEEE 754 double precision", "Float32": "Float32: IEEE 754 single precision",
    "SIMD": "SIMD[dtype, width]: a vector of `width` lanes of `dtype`",
    "String": "String: an owned UTF-8 string", "Bool": "Bool: True or False",
    "UnsafePointer": "UnsafePointer[T]: a raw pointer; alloc/free, p[i], load/store[width=]",
    "List": "List[T]: a growable, owning list",
    "simdwidthof": "simdwidthof[dtype]() -> Int: this machine's native SIMD width for dtype",
}


def hover(ws, path: str, offset: int) -> Hover | None:
    analysis = ws.analysis(path)
    if analysis is None:
        return None
    ref = analysis.table.reference_at(offset)
    if ref is not None:
        sym = ref.symbol.resolved()
        struct = _python_struct_of(analysis, sym)
        if struct is not None:
            return Hover(ref.span, f"```kiln\n(python variable) {sym.name}: {struct.name}\n```",
                         sym, sym.type)
        return Hover(ref.span, _markdown(sym), sym, sym.type)
    found = _expression_at(analysis, offset)
    if found is None:
        return None
    node, t = found
    return Hover(analysis.source.span_of(node), f"```kiln\n{t}\n```", None,
                 t if isinstance(t, Type) else None)


def _python_struct_of(analysis, sym: Symbol) -> Symbol | None:
    """The compiled struct a Python variable holds when its one binding is
    `p = Struct(...)` (what `p.x` navigation and completion use too)."""
    if sym.kind is not SymbolKind.PY_VARIABLE or sym.path != analysis.path:
        return None
    value = analysis.bound.sole_values.get(sym)
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Name):
        return None
    callee = analysis.table.reference_at(
        analysis.source.offset(value.func.lineno, value.func.col_offset))
    struct = callee.symbol.resolved() if callee is not None else None
    return struct if struct is not None and struct.kind is SymbolKind.STRUCT else None


def _markdown(sym: Symbol) -> str:
    head = describe(sym)
    doc = sym.doc or (_BUILTIN_DOCS.get(sym.name) if sym.path == BUILTIN_PATH else None)
    text = f"```kiln\n{head}\n```"
    if sym.container is not None and sym.kind in (SymbolKind.FIELD, SymbolKind.METHOD):
        text += f"\n\nin `{sym.container.qualified_name}`"
    if doc:
        text += f"\n\n---\n\n{doc}"
    return text


def describe(sym: Symbol) -> str:
    """One line that declares the symbol, as it would be written in Kiln."""
    t = sym.type
    typed = f": {t}" if t is not None and not isinstance(t, UnknownType) else ""
    kind = sym.kind
    if kind in (SymbolKind.FN, SymbolKind.METHOD, SymbolKind.STRUCT, SymbolKind.ALIAS,
                SymbolKind.BUILTIN) and sym.signature:
        return sym.signature
    if kind in (SymbolKind.DEF_FUNCTION, SymbolKind.CLASS) or (kind is SymbolKind.METHOD and sym.tier == "python"):
        return _python_signature(sym)
    words = {
        SymbolKind.LOCAL_VAR: "var", SymbolKind.LOCAL_LET: "let", SymbolKind.FIELD: "var",
        SymbolKind.PARAMETER: "param", SymbolKind.COMPTIME_PARAMETER: "comptime param",
        SymbolKind.PY_VARIABLE: "(python variable)", SymbolKind.TRAIT: "trait",
        SymbolKind.MODULE: "module", SymbolKind.IMPORT: "(import)", SymbolKind.BUILTIN: "(builtin)",
        SymbolKind.STRUCT: "struct", SymbolKind.ALIAS: "alias",
    }
    return f"{words.get(kind, kind.value)} {sym.name}{typed}"


def _python_signature(sym: Symbol) -> str:
    node = sym.node
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        try:
            args = ast.unparse(node.args)
        except Exception:  # recovery nodes
            args = "..."
        returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
        return f"def {sym.name}({args}){returns}"
    if isinstance(node, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        return f"class {sym.name}({bases})" if bases else f"class {sym.name}"
    return sym.name


def _expression_at(analysis, offset: int):
    """The type of the innermost expression at `offset`; None when that
    expression has none (`DType.float32` in `f[DType.float32]` is a
    compile-time value: showing the enclosing call's type would misname it)."""
    inner = _innermost_expression(analysis, offset)
    found = _smallest_typed(analysis, offset)
    if isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and \
            inner.value.id == "DType" and inner.attr in DTYPES and (found is None or found[0] is not inner):
        return inner, DTYPES[inner.attr]          # a compile-time value, typed nowhere
    if inner is None or found is None or found[0] is inner:
        return found
    span, typed = analysis.source.span_of(inner), analysis.source.span_of(found[0])
    return found if span.end - span.start >= typed.end - typed.start else None


def _innermost_expression(analysis, offset: int) -> ast.expr | None:
    source = analysis.source
    line = source.position(offset).line
    best = None
    for stmt in getattr(analysis.parse.module, "body", ()):
        if not (getattr(stmt, "lineno", 0) <= line <= (getattr(stmt, "end_lineno", 0) or 0)):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.expr) and getattr(node, "end_lineno", None) is not None:
                span = source.span_of(node)
                if span.start <= offset < span.end and \
                        (best is None or span.end - span.start < best[0]):
                    best = (span.end - span.start, node)
    return best[1] if best else None


def _smallest_typed(analysis, offset: int):
    best = None
    source = analysis.source
    for inst in analysis.checked:
        for node, t in inst.expr_types.items():
            if getattr(node, "lineno", None) is None or isinstance(t, UnknownType):
                continue
            span = source.span_of(node)
            if span.start <= offset <= span.end:
                size = span.end - span.start
                if best is None or size < best[0]:
                    best = (size, node, t)
    return (best[1], best[2]) if best else None


# -- inlay hints -------------------------------------------------------------------------------

def inlay_hints(ws, path: str, start: int = 0, end: int | None = None) -> list[InlayHint]:
    analysis = ws.analysis(path)
    if analysis is None:
        return []
    end = len(analysis.source.data) if end is None else end
    source = analysis.source
    hints: list[InlayHint] = []
    for inst in _all_checked(analysis):
        span = source.span_of(inst.node)
        if span.end < start or span.start > end:
            continue
        hints.extend(_type_hints(inst, source, start, end))
        hints.extend(_parameter_hints(ws, inst, source, start, end))
    seen, out = set(), []
    for h in sorted(hints, key=lambda h: (h.offset, h.kind)):
        if (h.offset, h.label) not in seen:
            seen.add((h.offset, h.label))
            out.append(h)
    return out


def _all_checked(analysis):
    stack = list(analysis.checked)
    while stack:
        inst = stack.pop()
        yield inst
        stack.extend(inst.closures)


def _type_hints(inst, source, start: int, end: int):
    for node in ast.walk(inst.node):
        if isinstance(node, K.VarDecl) and node.annotation is None:
            targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
        elif isinstance(node, ast.For):
            targets = [node.target]
        else:
            continue
        for target in targets:
            var = inst.local_of.get(target)
            if var is None or isinstance(var.type, UnknownType):
                continue
            span = source.span_of(target)
            if start <= span.end <= end:
                yield InlayHint(span.end, f": {var.type}", "type")


def _parameter_hints(ws, inst, source, start: int, end: int):
    for node, call in inst.calls.items():
        if not isinstance(node, ast.Call) or call.kind not in ("fn", "method", "init", "closure"):
            continue
        if call.synthesized or not node.args:
            continue
        decl = _decl_by_id(ws, call.name)
        if decl is None:
            continue
        params = [p for p in decl.params if p.name != "self"]
        for arg, p in zip(node.args, params):
            if isinstance(arg, ast.Name) and arg.id == p.name:
                continue
            if isinstance(arg, ast.Starred) or getattr(arg, "lineno", None) is None:
                continue
            span = source.span_of(arg)
            if start <= span.start <= end:
                yield InlayHint(span.start, f"{p.name}:", "parameter")


def _decl_by_id(ws, decl_id: str):
    path = decl_id.split("::", 1)[0]
    ctx = ws.program.context(path)
    if ctx is None:
        return None
    return ctx.decls.fn_by_id(decl_id)


__all__ = ["hover", "inlay_hints", "describe"]
