"""Builder methods for expressions (one per `-> alias` in kiln.lark)."""
from __future__ import annotations

import ast

from . import nodes
from .build_base import LOAD, Group, at, u
from .literals import LiteralError, number_value
from .strings import build_string

_BINOPS = {
    "+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "%": ast.Mod,
    "//": ast.FloorDiv, "@": ast.MatMult, "**": ast.Pow, "<<": ast.LShift,
    ">>": ast.RShift, "|": ast.BitOr, "^": ast.BitXor, "&": ast.BitAnd,
}
BINOP_OF = {k: v() for k, v in _BINOPS.items()}
BINOP_OF.update({k + "=": v() for k, v in _BINOPS.items()})
_UNARY = {"+": ast.UAdd(), "-": ast.USub(), "~": ast.Invert(), "not": ast.Not()}
_COMPARE = {"<": ast.Lt(), ">": ast.Gt(), "==": ast.Eq(), ">=": ast.GtE(), "<=": ast.LtE(),
            "!=": ast.NotEq(), "in": ast.In(), "notin": ast.NotIn(), "is": ast.Is(),
            "isnot": ast.IsNot()}
_CONSTS = {"...": Ellipsis, "None": None, "True": True, "False": False}
_AND, _OR = ast.And(), ast.Or()


class KwSubscript:
    """The inside of `x[a, width=8]` until `subscript` builds a ParamSubscript."""

    __slots__ = ("args", "keywords")

    def __init__(self, args, keywords):
        self.args = args
        self.keywords = keywords


class CallGenexp:
    """`f(x for x in y)`: the GeneratorExp takes the call's parentheses."""

    __slots__ = ("elt", "generators")

    def __init__(self, elt, generators):
        self.elt = elt
        self.generators = generators


class ExprBuilder:
    # -- atoms -------------------------------------------------------------------
    def name(self, c):
        t = c[0]
        return at(ast.Name(t.value, LOAD), t, t)

    def number(self, c):
        t = c[0]
        try:
            value = number_value(t.value)
        except LiteralError as e:
            self.report(t, t, str(e), code="K0006")
            value = 0
        return at(ast.Constant(value, None), t, t)

    def neg_number(self, c):
        operand = self.number(c[1:])
        return at(ast.UnaryOp(ast.USub(), operand), c[0], c[1])

    def string(self, c):
        return build_string(self, c[0])

    def const(self, c):
        t = c[0]
        return at(ast.Constant(_CONSTS[t.value], None), t, t)

    def error_expr(self, c):
        return c[0].value  # recovery puts the ErrorExpr node in the token's value

    def paren(self, c):
        return Group(c[1], c[0], c[2])

    def empty_tuple(self, c):
        return at(ast.Tuple([], LOAD), c[0], c[1])

    def paren_tuple(self, c):
        return at(ast.Tuple([u(x) for x in c[1]], LOAD), c[0], c[-1])

    def paren_tuple1(self, c):
        return at(ast.Tuple([u(c[1])], LOAD), c[0], c[-1])

    def genexp(self, c):
        return at(ast.GeneratorExp(u(c[1]), c[2]), c[0], c[3])

    def list_display(self, c):
        elts = [u(x) for x in c[1]] if len(c) > 2 else []
        return at(ast.List(elts, LOAD), c[0], c[-1])

    def list_display1(self, c):
        return at(ast.List([u(c[1])], LOAD), c[0], c[-1])

    def listcomp(self, c):
        return at(ast.ListComp(u(c[1]), c[2]), c[0], c[3])

    def set_display(self, c):
        return at(ast.Set([u(x) for x in c[1]]), c[0], c[-1])

    def set_display1(self, c):
        return at(ast.Set([u(c[1])]), c[0], c[-1])

    def setcomp(self, c):
        return at(ast.SetComp(u(c[1]), c[2]), c[0], c[3])

    def dict_display(self, c):
        keys, values = [], []
        if len(c) > 2:
            for k, v in c[1]:
                keys.append(k)
                values.append(v)
        return at(ast.Dict(keys, values), c[0], c[-1])

    def dict_pair(self, c):
        return (u(c[0]), u(c[2]))

    def dict_unpack(self, c):
        return (None, u(c[1]))

    def dictcomp(self, c):
        return at(ast.DictComp(u(c[1]), u(c[3]), c[4]), c[0], c[5])

    # -- comprehensions ------------------------------------------------------------
    def comp_for(self, c):
        is_async = 1 if c[0].type == "ASYNC" else 0
        c = c[is_async:]
        target = self.target(c[1], verb="assign to")
        return ast.comprehension(target, u(c[3]), c[4] or [], is_async)

    def comp_ifs_first(self, c):
        return [u(c[1])]

    def comp_ifs_more(self, c):
        c[0].append(u(c[2]))
        return c[0]

    # -- operators -------------------------------------------------------------------
    def starred(self, c):
        return at(ast.Starred(u(c[1]), LOAD), c[0], c[1])

    def namedexpr(self, c):
        return at(ast.NamedExpr(self.store_name(c[0]), u(c[2])), c[0], c[2])

    def ifexp(self, c):
        return at(ast.IfExp(u(c[2]), u(c[0]), u(c[4])), c[0], c[4])

    def lambdef(self, c):
        args = c[1] if c[1] is not None else self.empty_arguments()
        return at(ast.Lambda(args, u(c[3])), c[0], c[3])

    def boolop(self, c):
        left, right = c[0], c[2]
        op = _AND if c[1].value == "and" else _OR
        if left.__class__ is ast.BoolOp and left.op is op:
            left.values.append(u(right))
            left.end_lineno = right.end_lineno
            left.end_col_offset = right.end_col_offset
            return left
        return at(ast.BoolOp(op, [u(left), u(right)]), left, right)

    def unary(self, c):
        return at(ast.UnaryOp(_UNARY[c[0].value], u(c[1])), c[0], c[1])

    def comp_op(self, c):
        return _COMPARE["".join(t.value for t in c)]

    def compare(self, c):
        left, op, right = c
        if left.__class__ is ast.Compare:
            left.ops.append(op)
            left.comparators.append(u(right))
            left.end_lineno = right.end_lineno
            left.end_col_offset = right.end_col_offset
            return left
        return at(ast.Compare(u(left), [op], [u(right)]), left, right)

    def binop(self, c):
        return at(ast.BinOp(u(c[0]), BINOP_OF[c[1].value], u(c[2])), c[0], c[2])

    def await_expr(self, c):
        return at(ast.Await(u(c[1])), c[0], c[1])

    def yield_expr(self, c):
        value = u(c[1]) if len(c) > 1 else None
        return at(ast.Yield(value), c[0], c[-1])

    def yield_from(self, c):
        return at(ast.YieldFrom(u(c[2])), c[0], c[2])

    def bare_tuple(self, c):
        items = c[0]
        last = c[1] if len(c) > 1 else items[-1]  # a trailing comma belongs to the tuple
        return at(ast.Tuple([u(x) for x in items], LOAD), items[0], last)

    def bare_tuple1(self, c):
        return at(ast.Tuple([u(c[0])], LOAD), c[0], c[1])

    # -- trailers ----------------------------------------------------------------------
    def getattr(self, c):
        return at(ast.Attribute(u(c[0]), c[2].value, LOAD), c[0], c[2])

    def transfer(self, c):
        return at(nodes.Transfer(u(c[0])), c[0], c[1])

    def call(self, c):
        func = u(c[0])
        if len(c) == 3:
            return at(ast.Call(func, [], []), c[0], c[2])
        inner = c[2]
        if inner.__class__ is CallGenexp:
            gen = at(ast.GeneratorExp(inner.elt, inner.generators), c[1], c[3])
            return at(ast.Call(func, [gen], []), c[0], c[3])
        return at(ast.Call(func, inner[0], inner[1]), c[0], c[3])

    def call_genexp(self, c):
        return CallGenexp(u(c[0]), c[1])

    def call_args(self, c):
        args, keywords = [], []
        for item in c[0]:
            if item.__class__ is ast.keyword:
                keywords.append(item)
            else:
                item = u(item)
                if keywords and item.__class__ is not nodes.ErrorExpr:
                    self._check_after_keywords(item, keywords)
                args.append(item)
        return args, keywords

    def _check_after_keywords(self, item, keywords) -> None:
        unpacking = any(k.arg is None for k in keywords)
        if item.__class__ is ast.Starred:
            if unpacking:
                self.report(item, item, "iterable argument unpacking follows keyword "
                            "argument unpacking", code="K0008")
        elif unpacking:
            self.report(item, item, "positional argument follows keyword argument unpacking",
                        code="K0008")
        else:
            self.report(item, item, "positional argument follows keyword argument",
                        code="K0008")

    def kwarg(self, c):
        return at(ast.keyword(c[0].value, u(c[2])), c[0], c[2])

    def kwstar(self, c):
        return at(ast.keyword(None, u(c[1])), c[0], c[1])

    def subscript(self, c):
        index = c[2]
        if index.__class__ is KwSubscript:
            node = nodes.ParamSubscript(u(c[0]), index.args, index.keywords)
            return at(node, c[0], c[3])
        return at(ast.Subscript(u(c[0]), u(index), LOAD), c[0], c[3])

    def subscripts(self, c):
        items = c[0]
        if len(items) == 1 and len(c) == 1:
            only = items[0]
            if only.__class__ is ast.keyword:
                return KwSubscript([], [only])
            if u(only).__class__ is not ast.Starred:
                return only
        return self._subscript_tuple(items, c[1] if len(c) > 1 else items[-1])

    subscripts_trailing = subscripts

    def _subscript_tuple(self, items, last):
        if any(x.__class__ is ast.keyword for x in items):
            args = [u(x) for x in items if x.__class__ is not ast.keyword]
            return KwSubscript(args, [x for x in items if x.__class__ is ast.keyword])
        return at(ast.Tuple([u(x) for x in items], LOAD), items[0], last)

    def slice2(self, c):
        parts = [x for x in c if x is not None]
        return at(ast.Slice(_opt(c[0]), _opt(c[2]), None), parts[0], parts[-1])

    def slice3(self, c):
        parts = [x for x in c if x is not None]
        return at(ast.Slice(_opt(c[0]), _opt(c[2]), _opt(c[4])), parts[0], parts[-1])


def _opt(x):
    return None if x is None else u(x)

