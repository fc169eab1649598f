"""Quick fixes for undefined names that a sibling `.kiln` module defines:
"import `name` from `sibling`". Only siblings already analysed are
consulted, so asking for diagnostics never analyses the whole folder."""
from __future__ import annotations

import ast
import os
import re
from dataclasses import replace

from ..diagnostics.diagnostic import Diagnostic, Fix, TextEdit
from ..syntax.source import Span
from .symbols import SymbolKind

_UNDEFINED = re.compile(r"undefined name `([^`]+)`")


def with_sibling_imports(ws, analysis, diags: list[Diagnostic]) -> list[Diagnostic]:
    wanted = [d for d in diags if d.code == "K0101"]
    if not wanted:
        return diags
    siblings = _siblings(ws, analysis.path)
    if not siblings:
        return diags
    offset = None
    out = []
    for d in diags:
        m = _UNDEFINED.match(d.message) if d.code == "K0101" else None
        module = _provider(siblings, m.group(1)) if m else None
        if module is None:
            out.append(d)
            continue
        if offset is None:
            offset = _insert_offset(analysis)
        name = m.group(1)
        edit = TextEdit(Span(analysis.path, offset, offset), f"from {module} import {name}\n")
        out.append(replace(d, fixes=d.fixes + (Fix(f"import `{name}` from `{module}`", (edit,)),)))
    return out


def _siblings(ws, path: str):
    folder = os.path.dirname(path)
    out = []
    for other in ws.analysed_paths():
        if other != path and other.endswith(".kiln") and os.path.dirname(other) == folder:
            a = ws._analyses.get(other)
            if a is not None:
                out.append((os.path.splitext(os.path.basename(other))[0], a))
    return sorted(out, key=lambda item: item[0])


def _provider(siblings, name: str) -> str | None:
    for module, a in siblings:
        sym = a.names.get(name)
        if sym is not None and sym.kind is not SymbolKind.IMPORT and module.isidentifier():
            return module
    return None


def _insert_offset(analysis) -> int:
    body = analysis.parse.module.body
    source = analysis.source
    last = None
    for stmt in body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            last = stmt
        elif last is None and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
                and isinstance(stmt.value.value, str) and stmt is body[0]:
            last = stmt
        elif last is not None or not isinstance(stmt, ast.Expr):
            break
    if last is None:
        return 0
    end_line = last.end_lineno or last.lineno
    return source.line_start(end_line + 1) if end_line < source.line_count else len(source.data)
