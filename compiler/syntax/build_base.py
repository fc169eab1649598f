"""What every builder mixin shares: positions, parentheses, contexts, problems.

The LALR driver calls one builder method per reduced grammar alternative with
the alternative's children: `Token`s, AST nodes, Python lists (from the
`list_*` rules) and `Group`s. A `Group` is a parenthesized expression or
pattern: it carries the position of its parentheses (CPython starts `(a).b`
at the parenthesis) and is unwrapped with `u()` wherever a child is stored
in the tree. Positions are copied from the first and last child with `at()`:
tokens, nodes and groups all have CPython's four position attributes.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from .nodes import ErrorExpr

LOAD = ast.Load()
STORE = ast.Store()
DEL = ast.Del()


@dataclass(frozen=True, slots=True)
class Problem:
    """A syntax error found while building; parser.py makes it a Diagnostic."""

    lineno: int
    col: int
    end_lineno: int
    end_col: int
    message: str
    code: str = "K0001"
    hint: str | None = None


class Group:
    __slots__ = ("node", "lineno", "col_offset", "end_lineno", "end_col_offset")

    def __init__(self, node, first, last):
        self.node = node.node if node.__class__ is Group else node
        self.lineno = first.lineno
        self.col_offset = first.col_offset
        self.end_lineno = last.end_lineno
        self.end_col_offset = last.end_col_offset


def u(x):
    """The node inside a Group (or the node itself)."""
    return x.node if x.__class__ is Group else x


def at(node, first, last):
    node.lineno = first.lineno
    node.col_offset = first.col_offset
    node.end_lineno = last.end_lineno
    node.end_col_offset = last.end_col_offset
    return node


def span_name(tok) -> tuple[int, int, int, int]:
    return (tok.lineno, tok.col_offset, tok.end_lineno, tok.end_col_offset)


_TARGET_WORDS = {
    ast.Call: "function call", ast.BinOp: "expression", ast.UnaryOp: "expression",
    ast.BoolOp: "expression", ast.Compare: "comparison", ast.Constant: "literal",
    ast.JoinedStr: "f-string expression", ast.Lambda: "lambda",
    ast.IfExp: "conditional expression", ast.Await: "await expression",
    ast.Yield: "yield expression", ast.YieldFrom: "yield expression",
    ast.NamedExpr: "named expression", ast.Dict: "dict literal", ast.Set: "set display",
    ast.ListComp: "list comprehension", ast.SetComp: "set comprehension",
    ast.DictComp: "dict comprehension", ast.GeneratorExp: "generator expression",
}


class BuildBase:
    """State of one build: problems found, and the sub-parser for f-strings."""

    def __init__(self, subparse=None):
        self.problems: list[Problem] = []
        self.subparse = subparse
        self.semi_end: dict[int, object] = {}

    def last(self, body: list):
        """What a block's position ends at: its last statement, or the `;`
        after it (CPython ends blocks at their last non-blank token)."""
        node = body[-1]
        return self.semi_end.get(id(node), node)

    def report(self, first, last, message: str, hint: str | None = None,
               code: str = "K0001") -> None:
        self.problems.append(Problem(first.lineno, first.col_offset, last.end_lineno,
                                     last.end_col_offset, message, code, hint))

    # -- generic list rules ----------------------------------------------------
    def list_first(self, c):
        return [c[0]]

    def list_more(self, c):
        c[0].append(c[1])
        return c[0]

    def list_more_sep(self, c):
        c[0].append(c[2])
        return c[0]

    def list_pair(self, c):
        return [c[0], c[2]]

    def list_first_tok(self, c):
        return [c[0]]

    def list_more_tok(self, c):
        c[0].append(c[1])
        return c[0]

    # -- assignment contexts ---------------------------------------------------
    def target(self, x, ctx=STORE, verb: str = "assign to"):
        """Give an expression a Store/Del context; report what cannot be one."""
        node = u(x)
        cls = node.__class__
        if cls is ast.Name or cls is ast.Attribute or cls is ast.Subscript:
            node.ctx = ctx
        elif cls is ast.Tuple or cls is ast.List:
            node.ctx = ctx
            node.elts = [self.target(e, ctx, verb) for e in node.elts]
        elif cls is ast.Starred and ctx is STORE:
            node.ctx = ctx
            node.value = self.target(node.value, ctx, verb)
        elif cls is ErrorExpr:
            pass  # already reported
        else:
            word = _TARGET_WORDS.get(cls, "expression")
            if cls is ast.Constant and node.value is Ellipsis:
                word = "ellipsis"
            elif cls is ast.Constant and (node.value is None or node.value is True
                                          or node.value is False):
                word = repr(node.value)
            hint = "did you mean '==' instead of '='?" if verb == "assign to" else None
            self.report(node, node, f"cannot {verb} {word}", hint, code="K0005")
        return node

    def store_name(self, tok):
        return at(ast.Name(tok.value, STORE), tok, tok)
