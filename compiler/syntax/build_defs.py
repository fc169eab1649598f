"""Builder methods for definitions: def/class/lambda parameters, decorators, and
Kiln's fn/struct/trait/alias/var/let."""
from __future__ import annotations

import ast

from . import nodes
from .build_base import STORE, at, span_name, u

_DECORATED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
              nodes.FnDef, nodes.StructDef, nodes.TraitDef)


class DefsBuilder:
    # -- def / class -------------------------------------------------------------------
    def funcdef(self, c):
        args = c[3] if c[3] is not None else self.empty_arguments()
        returns = u(c[6]) if c[6] is not None else None
        body = c[8]
        node = ast.FunctionDef(c[1].value, args, body, [], returns, None)
        node.name_span = span_name(c[1])
        return at(node, c[0], self.last(body))

    def classdef(self, c):
        bases, keywords = c[3] if c[3] is not None else ([], [])
        body = c[6]
        node = ast.ClassDef(c[1].value, bases, keywords, body, [])
        node.name_span = span_name(c[1])
        return at(node, c[0], self.last(body))

    def decorator(self, c):
        return c[0], u(c[1])

    def decorated(self, c):
        decorators, node = c
        if isinstance(node, _DECORATED):
            node.decorator_list = [expr for _, expr in decorators]
            return node
        if isinstance(node, (ast.If, ast.For)) and len(decorators) == 1:
            return at(nodes.CompileTime(decorators[0][1], [node]), decorators[0][0], node)
        at_tok = decorators[0][0]
        self.report(at_tok, decorators[-1][1], "decorators are only allowed on def, class, "
                    "fn, struct and trait (and a single @parameter on if/for)", code="K0010")
        return node

    # -- Python parameters -------------------------------------------------------------
    def empty_arguments(self):
        return ast.arguments([], [], None, [], [], None, [])

    def param(self, c):
        ann = u(c[2]) if c[2] is not None else None
        arg = at(ast.arg(c[0].value, ann, None), c[0], c[2] if ann is not None else c[0])
        return ("normal", arg, u(c[4]) if c[4] is not None else None, c[0])

    def lambda_param(self, c):
        arg = at(ast.arg(c[0].value, None, None), c[0], c[0])
        return ("normal", arg, u(c[2]) if c[2] is not None else None, c[0])

    def param_slash(self, c):
        return ("slash", None, None, c[0])

    def param_star_bare(self, c):
        return ("star", None, None, c[0])

    def param_star(self, c):
        ann = u(c[3]) if c[3] is not None else None
        arg = at(ast.arg(c[1].value, ann, None), c[1], c[3] if ann is not None else c[1])
        return ("star", arg, None, c[0])

    def param_kwstar(self, c):
        ann = u(c[3]) if c[3] is not None else None
        arg = at(ast.arg(c[1].value, ann, None), c[1], c[3] if ann is not None else c[1])
        return ("kwstar", arg, None, c[0])

    def lambda_star(self, c):
        return ("star", at(ast.arg(c[1].value, None, None), c[1], c[1]), None, c[0])

    def lambda_kwstar(self, c):
        return ("kwstar", at(ast.arg(c[1].value, None, None), c[1], c[1]), None, c[0])

    def parameters(self, c):
        posonly, args, defaults, kwonly, kw_defaults = [], [], [], [], []
        vararg = kwarg = None
        star = slash = None
        for kind, arg, default, tok in c[0]:
            if kwarg is not None:
                self.report(tok, tok, "arguments cannot follow var-keyword argument", code="K0008")
            if kind == "slash":
                if slash is not None or star is not None or not args:
                    msg = ("/ must be ahead of *" if star is not None else
                           "/ may appear only once" if slash is not None else
                           "at least one argument must precede /")
                    self.report(tok, tok, msg, code="K0008")
                posonly, args, slash = posonly + args, [], tok
            elif kind == "star":
                if star is not None:
                    self.report(tok, tok, "* argument may appear only once", code="K0008")
                star, vararg = tok, arg
            elif kind == "kwstar":
                kwarg = arg
            elif star is not None:
                kwonly.append(arg)
                kw_defaults.append(default)
            else:
                args.append(arg)
                if default is not None:
                    defaults.append(default)
                elif defaults:
                    self.report(arg, arg, "non-default argument follows default argument",
                                code="K0008")
        if star is not None and vararg is None and not kwonly:
            self.report(star, star, "named arguments must follow bare *", code="K0008")
        return ast.arguments(posonly, args, vararg, kwonly, kw_defaults, kwarg, defaults)

    # -- Kiln: fn / struct / trait / alias / var / let ---------------------------------
    def fndef(self, c):
        returns = u(c[8]) if c[8] is not None else None
        body = c[10]
        node = nodes.FnDef(c[1].value, c[2] or [], c[4] or [], returns,
                           c[6] is not None, body, [])
        node.name_span = span_name(c[1])
        return at(node, c[0], self.last(body))

    def structdef(self, c):
        return self._type_def(nodes.StructDef, c)

    def traitdef(self, c):
        return self._type_def(nodes.TraitDef, c)

    def _type_def(self, cls, c):
        bases, keywords = c[4] if c[4] is not None else ([], [])
        for k in keywords:
            self.report(k, k, f"a {c[0].value} lists traits, not keyword arguments", code="K0008")
        body = c[7]
        node = cls(c[1].value, c[2] or [], bases, body, [])
        node.name_span = span_name(c[1])
        return at(node, c[0], self.last(body))

    def comptime_params(self, c):
        params = c[1] or []
        for p in params:
            if p.convention is not None:
                self.report(p, p, "compile-time parameters take no argument convention",
                            code="K0008")
        return params

    def fn_param(self, c):
        conv, name = c[0], c[1]
        ann = u(c[3]) if c[3] is not None else None
        default = u(c[5]) if c[5] is not None else None
        node = nodes.Param(name.value, ann, default, conv.value if conv is not None else None,
                           "positional")
        node.name_span = span_name(name)
        last = c[5] if default is not None else c[3] if ann is not None else name
        return at(node, conv if conv is not None else name, last)

    def fn_param_slash(self, c):
        return c[0]

    def fn_param_star_bare(self, c):
        return c[0]

    def fn_param_star(self, c):
        return self._star_param(c, "vararg")

    def fn_param_kwstar(self, c):
        return self._star_param(c, "kwarg")

    def _star_param(self, c, kind):
        ann = u(c[3]) if c[3] is not None else None
        node = nodes.Param(c[1].value, ann, None, None, kind)
        node.name_span = span_name(c[1])
        return at(node, c[0], c[3] if ann is not None else c[1])

    def fn_params(self, c):
        """Give each Param its kind from where `/` and `*` stand."""
        params: list[nodes.Param] = []
        star = False
        for item in c[0]:
            if item.__class__ is not nodes.Param:  # a `/` or `*` token
                if item.value == "/":
                    for p in params:
                        if p.kind == "positional":
                            p.kind = "posonly"
                else:
                    star = True
                continue
            if item.kind == "vararg":
                star = True
            elif star and item.kind == "positional":
                item.kind = "kwonly"
            params.append(item)
        return params

    def var_decl(self, c):
        names = c[1]
        if len(names) == 1:
            target = self.store_name(names[0])
        else:
            elts = [self.store_name(t) for t in names]
            target = at(ast.Tuple(elts, STORE), names[0], names[-1])
        ann = u(c[3]) if c[3] is not None else None
        value = u(c[5]) if c[5] is not None else None
        last = c[5] if value is not None else c[3] if ann is not None else names[-1]
        if c[0].value == "let" and ann is None and value is None:
            name = names[0].value
            self.report(c[0], names[-1], "`let` needs a type or a value",
                        hint=f"write `let {name}: Type` or `let {name} = value`")
        return at(nodes.VarDecl(c[0].value, target, ann, value), c[0], last)

    def alias_def(self, c):
        ann = u(c[4]) if c[4] is not None else None
        node = nodes.AliasDef(c[1].value, c[2] or [], ann, u(c[6]))
        node.name_span = span_name(c[1])
        return at(node, c[0], c[6])

