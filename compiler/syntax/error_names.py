"""The names a statement that failed to parse would have bound.

Recovery replaces such a statement by an `ErrorStmt`; its `targets` list
these names (as `Name` nodes in Store context, with their positions), so the
semantic model binds them and later uses are not reported as undefined: one
syntax error, one diagnostic. The statement is only read as far as its tokens
show the names (`def f(` binds `f`, `import a.b as c,` binds `c`).
"""
from __future__ import annotations

import ast

from .build_base import STORE, at
from .lexer import Token

_DEFINITIONS = {"def", "class", "fn", "struct", "trait", "alias"}
_OPENERS = {"(", "[", "{"}
_CLOSERS = {")", "]", "}"}


def bound_names(tokens: list[Token]) -> list[ast.Name]:
    toks = [t for t in tokens if t.type not in ("SKIP", "INDENT", "DEDENT", "NEWLINE")]
    if toks and _word(toks[0]) == "async":
        toks = toks[1:]
    if not toks:
        return []
    head = _word(toks[0])
    if head in _DEFINITIONS:
        return _names(toks[1:2])
    if head in ("var", "let"):
        return _names(_until(_comma_separated(toks[1:]), {":", "="}))
    if head == "import":
        return _import_names(toks[1:])
    if head == "from":
        rest = [t for t in toks if _word(t) == "import"]
        if not rest:
            return []
        return _import_names(toks[toks.index(rest[0]) + 1:])
    if head == "for":
        return _target_names(_until(toks[1:], {"in"}))
    if head in ("with", "except"):
        return _names([toks[k + 1] for k, t in enumerate(toks[:-1]) if _word(t) == "as"])
    return _assigned_names(toks)


def _word(tok: Token) -> str | None:
    """A token's text when it is a keyword, operator or name (not a string)."""
    return None if tok.type in ("STRING", "NUMBER", "ERRORTOKEN") else tok.value


def _names(toks: list[Token]) -> list[ast.Name]:
    return [at(ast.Name(t.value, STORE), t, t) for t in toks
            if t.type == "NAME" and t.value.isidentifier()]


def _until(toks: list[Token], stops: set[str]) -> list[Token]:
    for k, t in enumerate(toks):
        if _word(t) in stops:
            return toks[:k]
    return toks


def _comma_separated(toks: list[Token]) -> list[Token]:
    """`a, b, c ...`: the names before the first token that breaks the pattern."""
    out = []
    for k, t in enumerate(toks):
        if k % 2 == 0 and t.type == "NAME":
            out.append(t)
        elif k % 2 == 1 and t.value == ",":
            continue
        else:
            break
    return out


def _import_names(toks: list[Token]) -> list[ast.Name]:
    """`a.b as c, d` binds c and a (`from m import x as y, z` binds y and z)."""
    names: list[Token] = []
    item: list[Token] = []
    for t in toks + [None]:
        if t is None or t.value == ",":
            words = [x.value for x in item]
            if "as" in words[1:-1]:
                names.append(item[words.index("as", 1) + 1])
            elif item:
                names.append(item[0])  # `a.b` binds `a`; a broken item its first name
            item = []
        elif t.value not in ("(", ")"):
            item.append(t)
    return _names(names)


def _target_names(toks: list[Token]) -> list[ast.Name]:
    """Plain names of an assignment target list (`a, (b, c)`, not `a.b` or `a[i]`)."""
    picked = []
    for k, t in enumerate(toks):
        before = toks[k - 1].value if k else None
        after = toks[k + 1].value if k + 1 < len(toks) else None
        if t.type == "NAME" and before != "." and after not in (".", "(", "["):
            picked.append(t)
    return _names(picked)


def _assigned_names(toks: list[Token]) -> list[ast.Name]:
    """The targets before the last top-level `=` (or an annotation's `:`)."""
    depth = 0
    cut = None
    for k, t in enumerate(toks):
        word = _word(t)
        if word in _OPENERS:
            depth += 1
        elif word in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and word in ("=", ":") and t.type != "AUGASSIGN":
            cut = k
            if word == ":":
                break
    return [] if cut is None else _target_names(toks[:cut])
