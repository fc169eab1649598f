"""Builder methods for `match` statements and their patterns."""
from __future__ import annotations

import ast

from .build_base import LOAD, Group, at, u

_SINGLETONS = {"None": None, "True": True, "False": False}


class PatternBuilder:
    def match_stmt(self, c):
        cases = c[5]
        return at(ast.Match(u(c[1]), cases), c[0], self.last(cases[-1].body))

    def case_block(self, c):
        guard = u(c[3]) if c[3] is not None else None
        return ast.match_case(u(c[1]), guard, c[5])

    def open_patterns(self, c):
        items = c[0]
        if len(items) == 1 and len(c) == 1:
            only = u(items[0])
            if only.__class__ is ast.MatchStar:
                self.report(only, only, "can't use starred pattern here", code="K0009")
            return only
        last = c[1] if len(c) > 1 else items[-1]
        return at(ast.MatchSequence([u(p) for p in items]), items[0], last)

    def star_pattern(self, c):
        name = c[1].value
        return at(ast.MatchStar(None if name == "_" else name), c[0], c[1])

    def as_pattern(self, c):
        name = c[2].value
        if name == "_":
            self.report(c[2], c[2], "cannot use '_' as a target", code="K0009")
        return at(ast.MatchAs(u(c[0]), name), c[0], c[2])

    def or_pattern(self, c):
        left, right = c[0], c[2]
        if left.__class__ is ast.MatchOr:
            left.patterns.append(u(right))
            left.end_lineno = right.end_lineno
            left.end_col_offset = right.end_col_offset
            return left
        return at(ast.MatchOr([u(left), u(right)]), left, right)

    def capture_pattern(self, c):
        t = c[0]
        name = None if t.value == "_" else t.value
        return at(ast.MatchAs(None, name), t, t)

    def value_pattern(self, c):
        return at(ast.MatchValue(c[0]), c[0], c[0])

    def paren_pattern(self, c):
        items = c[1]
        if len(items) == 1:
            only = u(items[0])
            if only.__class__ is ast.MatchStar:
                self.report(only, only, "can't use starred pattern here", code="K0009")
            return Group(only, c[0], c[2])
        return at(ast.MatchSequence([u(p) for p in items]), c[0], c[-1])

    def paren_seq_pattern(self, c):
        items = c[1] if len(c) > 2 else []
        return at(ast.MatchSequence([u(p) for p in items]), c[0], c[-1])

    list_pattern = paren_seq_pattern

    def mapping_pattern(self, c):
        keys, patterns, rest = [], [], None
        for item in (c[1] if len(c) > 2 else []):
            if rest is not None:
                self.report(c[0], c[-1], "a '**' pattern must come last in a mapping pattern",
                            code="K0009")
            if item[0] == "**":
                rest = item[1].value
            else:
                keys.append(item[0])
                patterns.append(u(item[1]))
        return at(ast.MatchMapping(keys, patterns, rest), c[0], c[-1])

    def mapping_item(self, c):
        return u(c[0]), c[2]

    def mapping_rest(self, c):
        return "**", c[1]

    def class_pattern(self, c):
        patterns, attrs, kw_patterns = [], [], []
        for arg in (c[2] if len(c) > 3 else []):
            if arg.__class__ is tuple:
                attrs.append(arg[0].value)
                kw_patterns.append(u(arg[1]))
            else:
                if attrs:
                    self.report(arg, arg, "positional patterns follow keyword patterns",
                                code="K0009")
                patterns.append(u(arg))
        return at(ast.MatchClass(u(c[0]), patterns, attrs, kw_patterns), c[0], c[-1])

    def keyword_pattern(self, c):
        return c[0], c[2]

    def name_load(self, c):
        t = c[0]
        return at(ast.Name(t.value, LOAD), t, t)

    def attr_load(self, c):
        return at(ast.Attribute(u(c[0]), c[2].value, LOAD), c[0], c[2])

    def literal_pattern(self, c):
        value = c[0]
        if value.__class__ is list:  # adjacent string tokens
            value = self.string(c)
        if value.__class__ is ast.JoinedStr:
            self.report(value, value, "patterns may only match literals and attribute lookups",
                        code="K0009")
        return at(ast.MatchValue(value), value, value)

    def complex_key(self, c):
        left, op, right = c[0], c[1], self.number(c[2:])
        if not isinstance(right.value, complex):
            self.report(right, right, "imaginary number required in complex literal", code="K0009")
        real = left.operand if left.__class__ is ast.UnaryOp else left
        if isinstance(real.value, complex):
            self.report(left, left, "real number required in complex literal", code="K0009")
        node_op = ast.Add() if op.value == "+" else ast.Sub()
        return at(ast.BinOp(left, node_op, right), left, right)

    def complex_pattern(self, c):
        value = self.complex_key(c)
        return at(ast.MatchValue(value), value, value)

    def singleton_pattern(self, c):
        t = c[0]
        return at(ast.MatchSingleton(_SINGLETONS[t.value]), t, t)
