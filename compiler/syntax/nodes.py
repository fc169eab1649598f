"""Kiln-only AST node classes.

Everything Python has is represented by Python's own `ast` classes, with
CPython's exact shapes and positions (so the Python tier of a pure-Python file
is literally CPython's tree). The classes below cover what Kiln adds. They
subclass `ast.AST`, so `ast.NodeVisitor`, `ast.walk`, `ast.iter_child_nodes`
and `ast.dump` work on mixed trees.

Every node, Python or Kiln, carries `lineno`, `col_offset`, `end_lineno`,
`end_col_offset` (1-based lines, 0-based UTF-8 byte columns, like CPython);
`SourceFile.span_of(node)` turns them into byte-offset `Span`s. Nodes CPython
leaves without positions (`arguments`, `comprehension`, `withitem`,
`match_case`, operators, contexts) stay without them.

Declarations also carry `name_span = (lineno, col_offset, end_lineno,
end_col_offset)` of their name, for go-to-definition and rename: the Kiln
FnDef/StructDef/TraitDef/AliasDef/Param, and CPython's FunctionDef,
AsyncFunctionDef and ClassDef (a plain attribute outside `_fields` and
`_attributes`, so `ast.dump` and `compile` ignore it).
"""
from __future__ import annotations

import ast

_POS = ("lineno", "col_offset", "end_lineno", "end_col_offset")


class KilnNode(ast.AST):
    """Base of the Kiln-only nodes. Subclasses set `_fields`; positions always."""

    _fields: tuple[str, ...] = ()
    _attributes = _POS


class KilnStmt(KilnNode, ast.stmt):
    _attributes = _POS


class KilnExpr(KilnNode, ast.expr):
    _attributes = _POS


# -- declarations ---------------------------------------------------------------

class Param(KilnNode):
    """One parameter of an `fn` (or a compile-time parameter in `[...]`).

    arg: str; annotation: expr | None (required for runtime params of an fn,
    checked by the semantic model, not the parser); default: expr | None;
    convention: "borrowed" | "inout" | "owned" | None (None = default borrowed);
    kind: "positional" | "posonly" | "vararg" | "kwonly" | "kwarg".
    The span covers the whole parameter including convention and default
    (and the `*`/`**` of a vararg/kwarg); `name_span` holds the
    (lineno, col_offset, end_lineno, end_col_offset) of the name alone.
    """

    _fields = ("arg", "annotation", "default", "convention", "kind")


class FnDef(KilnStmt):
    """`fn name[comptime_params](params) raises -> returns: body`

    name_span holds (lineno, col_offset, end_lineno, end_col_offset) of the name
    token, for go-to-definition and rename.
    """

    _fields = ("name", "comptime_params", "params", "returns", "raises",
               "body", "decorator_list")


class StructDef(KilnStmt):
    """`struct Name[comptime_params](Trait1, Trait2): body` (fields are VarDecl).
    The span starts at `struct` (decorators have their own spans, as for
    CPython's ClassDef); `name_span` as in FnDef."""

    _fields = ("name", "comptime_params", "bases", "body", "decorator_list")


class TraitDef(KilnStmt):
    """`trait Name(ParentTrait): body` (method signatures with `...` bodies).
    `name_span` as in FnDef."""

    _fields = ("name", "comptime_params", "bases", "body", "decorator_list")


class AliasDef(KilnStmt):
    """`alias Name[comptime_params]: annotation = value`; `name_span` as in FnDef."""

    _fields = ("name", "comptime_params", "annotation", "value")


class VarDecl(KilnStmt):
    """`var x: T = value` / `let x = value`.

    kind: "var" | "let"; target: expr (Name, or Tuple of Names);
    annotation and value may each be None (not both for `let`).
    """

    _fields = ("kind", "target", "annotation", "value")


class CompileTime(KilnStmt):
    """A statement under `@parameter`: `@parameter if ...` / `@parameter for ...`.
    `decorator` is the decorator expression (usually Name('parameter'));
    `body` is a one-element list holding the `If`/`For`. The span runs from
    the `@` to the end of that statement."""

    _fields = ("decorator", "body")


# -- expressions -----------------------------------------------------------------

class Transfer(KilnExpr):
    """The move operator: `value^` (as in `take(s^)`)."""

    _fields = ("value",)


class ParamSubscript(KilnExpr):
    """A subscript whose brackets hold keyword arguments, which Python's
    subscript syntax cannot express: `p.load[width=8](i)`.

    value: expr; args: list[expr]; keywords: list[ast.keyword]. Subscripts
    without keywords stay plain `ast.Subscript`.
    """

    _fields = ("value", "args", "keywords")


# -- recovery --------------------------------------------------------------------

class ErrorStmt(KilnStmt):
    """Stands where a statement failed to parse; its span covers the skipped text.
    The matching diagnostic is in the parse result, not in the tree.

    targets: list[ast.Name] (ctx Store), the names the statement would have
    bound as far as its text shows (`def f(` -> f, `import a.b as c` -> c,
    `for i, j in` -> i, j), so later uses of them are not reported as
    undefined. Generic visitors see them as ordinary store targets."""

    _fields = ("targets",)


class ErrorExpr(KilnExpr):
    """Stands where an expression failed to parse; its span covers the text
    that was skipped. Recovery keeps the statement around it (`var y = x +`
    is a VarDecl whose value is `x + <ErrorExpr>`, `return z +* 2` a Return).
    Consumers give it an unknown type and report nothing about it: its
    diagnostic is in the parse result."""

    _fields = ()


KILN_NODE_TYPES = (Param, FnDef, StructDef, TraitDef, AliasDef, VarDecl,
                   CompileTime, Transfer, ParamSubscript, ErrorStmt, ErrorExpr)
