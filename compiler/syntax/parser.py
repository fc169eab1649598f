"""`parse(text, path) -> ParseResult`: the front door of the syntax package.

text -> lexer.Lexer (raw tokens, CPython positions) -> indenter.Indenter
(NEWLINE/INDENT/DEDENT) -> driver.Driver (LALR tables from tables.py, soft
keywords decided from the parser state) -> builder.Builder (CPython `ast`
nodes plus nodes.py's Kiln nodes). Errors are collected as `Problem`s by the
builder and by recovery.py and become `Diagnostic`s here. Nothing in here
raises on user input: a bug inside the parser becomes a K0900 diagnostic.
"""
from __future__ import annotations

import ast
import gc
import os
from dataclasses import replace

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from .build_base import Problem
from .builder import Builder
from .depth_guard import guard
from .driver import Driver
from .error_messages import FIELD_END
from .hints import hint_for
from .indenter import Indenter
from .lexer import Lexer, normalize_newlines
from .recovery import Recovery
from .result import ParseResult
from .source import SourceFile
from .tables import Tables, load_tables

_STATE: dict[str, object] = {}


def _machinery() -> tuple[Tables, Driver, Indenter]:
    if not _STATE:
        tables = load_tables()
        _STATE["t"] = (tables, Driver(tables), Indenter(tables.literals))
    return _STATE["t"]  # type: ignore[return-value]


def parse(text: str, path: str = "<string>") -> ParseResult:
    """Parse Python 3.11 + Kiln source. Never raises on any input."""
    source = SourceFile(path, text)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the parse allocates ~10 objects per token and frees none
    try:
        module, problems = _parse_module(text)
    except Exception as e:  # a bug in Kiln, not in the user's code
        if os.environ.get("KILN_PARSER_DEBUG"):
            raise
        module, problems = ast.Module([], []), [Problem(1, 0, 1, 0, (
            f"internal error in the parser ({type(e).__name__}: {e}); "
            "please report it"), "K0900")]
    finally:
        if gc_was_enabled:
            gc.enable()
    return ParseResult(source, module, [_diagnostic(source, p) for p in problems])


def _parse_module(text: str) -> tuple[ast.Module, list[Problem]]:
    tables, driver, indenter = _machinery()
    text = normalize_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    long_lines: list[int] = []
    toks = indenter.process(Lexer(text, tables.literals).tokens(), long_lines)
    builder = Builder()
    builder.subparse = _SubParser(builder, driver, indenter, tables)
    builder.cbs = driver.callbacks(builder)
    module = driver.run(toks, builder, Recovery(builder.problems))
    if long_lines:
        guard(module, long_lines, builder.problems)
    return module, builder.problems


class _SubParser:
    """Parses the `(expr)` of an f-string field at a given origin, reusing the
    enclosing parse's builder (and so its problem list)."""

    def __init__(self, builder, driver, indenter, tables):
        self.builder, self.driver, self.indenter, self.tables = builder, driver, indenter, tables

    def __call__(self, text: str, line: int, col: int):
        toks = self.indenter.process(Lexer(text, self.tables.literals).tokens())
        for t in toks:
            if t.lineno == 1:
                t.col_offset += col
            if t.end_lineno == 1:
                t.end_col_offset += col
            t.lineno += line - 1
            t.end_lineno += line - 1
        for t in reversed(toks):  # the `)` closing `(expr)` is the end of the field
            if t.type == "RPAR":
                t.value = FIELD_END
                break
        problems = self.builder.problems
        before = len(problems)
        module = self.driver.run(toks, self.builder, Recovery(problems))
        body = module.body
        broken = len(problems) > before
        for k in range(before, len(problems)):
            if not problems[k].message.startswith("f-string"):
                problems[k] = replace(problems[k], message="f-string: " + problems[k].message)
        if broken or len(body) != 1 or not isinstance(body[0], ast.Expr):
            return None
        return body[0].value


def _diagnostic(source: SourceFile, p: Problem) -> Diagnostic:
    size = len(source.data)
    start = min(max(source.offset(p.lineno, p.col), 0), size)
    end = min(max(source.offset(p.end_lineno, p.end_col), start), size)
    hint = p.hint or hint_for(p.message, p.code)
    return make.error(p.code, source.span(start, end), p.message, hint=hint)
