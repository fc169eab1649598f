"""Builder methods for Python statements (one per `-> alias` in kiln.lark)."""
from __future__ import annotations

import ast

from .build_base import DEL, STORE, Group, at, u
from .build_expr import BINOP_OF
from .nodes import ErrorExpr


class StmtBuilder:
    # -- sequences -------------------------------------------------------------------
    def module(self, c):
        return ast.Module(c[0] if c else [], [])

    def seq_first(self, c):
        x = c[0]
        return x if x.__class__ is list else [x]

    def seq_more(self, c):
        seq, x = c
        if x.__class__ is list:
            seq.extend(x)
        else:
            seq.append(x)
        return seq

    def simple_stmts(self, c):
        if len(c) == 3:  # `a; b;`: an enclosing block ends at the last ';'
            self.semi_end[id(c[0][-1])] = c[1]
        return c[0]

    def error_stmt(self, c):
        return c[0].value  # recovery puts the ErrorStmt node in the token's value

    def suite_simple(self, c):
        return c[0]

    def suite_block(self, c):
        return c[2]

    # -- simple statements -----------------------------------------------------------
    def expr_stmt(self, c):
        return at(ast.Expr(u(c[0])), c[0], c[0])

    def annassign(self, c):
        target = c[0]
        node = u(target)
        simple = 1 if node.__class__ is ast.Name and target.__class__ is not Group else 0
        if node.__class__ is ast.Tuple:
            self.report(node, node, "only single target (not tuple) can be annotated", code="K0005")
        elif node.__class__ is ast.List:
            self.report(node, node, "only single target (not list) can be annotated", code="K0005")
        elif node.__class__ is ErrorExpr:
            pass  # already reported
        elif node.__class__ not in (ast.Name, ast.Attribute, ast.Subscript):
            self.report(node, node, "illegal target for annotation", code="K0005")
        else:
            node.ctx = STORE
        value = u(c[4]) if len(c) > 3 else None
        return at(ast.AnnAssign(node, u(c[2]), value, simple), c[0], c[-1])

    def augassign(self, c):
        node = u(c[0])
        if node.__class__ in (ast.Name, ast.Attribute, ast.Subscript):
            node.ctx = STORE
        elif node.__class__ is not ErrorExpr:
            self.report(node, node, f"'{_describe(node)}' is an illegal expression "
                        "for augmented assignment", code="K0005")
        return at(ast.AugAssign(node, BINOP_OF[c[1].value], u(c[2])), c[0], c[2])

    def assign(self, c):
        targets = [self.target(t) for t in c[0]]
        return at(ast.Assign(targets, u(c[1]), None), c[0][0], c[1])

    def del_stmt(self, c):
        targets = [self.target(t, DEL, "delete") for t in c[1]]
        return at(ast.Delete(targets), c[0], c[2] if len(c) > 2 else c[1][-1])

    def pass_stmt(self, c):
        return at(ast.Pass(), c[0], c[0])

    def break_stmt(self, c):
        return at(ast.Break(), c[0], c[0])

    def continue_stmt(self, c):
        return at(ast.Continue(), c[0], c[0])

    def return_stmt(self, c):
        return at(ast.Return(u(c[1]) if len(c) > 1 else None), c[0], c[-1])

    def raise_stmt(self, c):
        exc = u(c[1]) if len(c) > 1 else None
        cause = u(c[3]) if len(c) > 3 else None
        return at(ast.Raise(exc, cause), c[0], c[-1])

    def global_stmt(self, c):
        return at(ast.Global([t.value for t in c[1]]), c[0], c[1][-1])

    def nonlocal_stmt(self, c):
        return at(ast.Nonlocal([t.value for t in c[1]]), c[0], c[1][-1])

    def assert_stmt(self, c):
        msg = u(c[3]) if len(c) > 3 else None
        return at(ast.Assert(u(c[1]), msg), c[0], c[-1])

    # -- imports -----------------------------------------------------------------------
    def import_name(self, c):
        names = c[1]
        return at(ast.Import(names), c[0], names[-1])

    def dotted_as_name(self, c):
        parts = c[0]
        name = ".".join(t.value for t in parts)
        asname = c[2].value if len(c) > 1 else None
        return at(ast.alias(name, asname), parts[0], c[-1] if len(c) > 1 else parts[-1])

    def import_from(self, c):
        level = 0
        module = None
        for x in c[1:-2]:
            if x.__class__ is list and x and x[0].type == "NAME":
                module = ".".join(t.value for t in x)
            elif x.__class__ is list:
                level = sum(len(t.value) for t in x)
        names, last = c[-1]
        return at(ast.ImportFrom(module, names, level), c[0], last)

    def import_star(self, c):
        t = c[0]
        return [at(ast.alias("*", None), t, t)], t

    def import_plain(self, c):
        return c[0], c[0][-1]

    def import_paren(self, c):
        return c[1], c[-1]

    def import_as_name(self, c):
        asname = c[2].value if len(c) > 1 else None
        return at(ast.alias(c[0].value, asname), c[0], c[-1])

    # -- compound statements ---------------------------------------------------------
    def if_stmt(self, c):
        body, orelse = c[3], c[4] or []
        return at(ast.If(u(c[1]), body, orelse), c[0], self.last(orelse or body))

    def elif_part(self, c):
        return [self.if_stmt(c)]

    def else_part(self, c):
        return c[2]

    def while_stmt(self, c):
        body, orelse = c[3], c[6] or []
        return at(ast.While(u(c[1]), body, orelse), c[0], self.last(orelse or body))

    def for_stmt(self, c):
        target = self.target(c[1])
        body, orelse = c[5], c[8] or []
        return at(ast.For(target, u(c[3]), body, orelse, None), c[0], self.last(orelse or body))

    def try_stmt(self, c):
        handlers = c[3]
        orelse, final = c[6] or [], c[9] or []
        stars = {star for star, _ in handlers}
        if len(stars) > 1:
            first = handlers[0][1]
            self.report(first, first, "cannot have both 'except' and 'except*' on the same 'try'")
        hs = [h for _, h in handlers]
        cls = ast.TryStar if True in stars and False not in stars else ast.Try
        end = self.last(final or orelse or hs)
        return at(cls(c[2], hs, orelse, final), c[0], end)

    def try_finally(self, c):
        return at(ast.Try(c[2], [], [], c[5]), c[0], self.last(c[5]))

    def except_clause(self, c):
        body = c[5]
        typ = u(c[1]) if c[1] is not None else None
        name = c[3].value if c[3] is not None else None
        return False, at(ast.ExceptHandler(typ, name, body), c[0], self.last(body))

    def except_star(self, c):
        body = c[6]
        name = c[4].value if c[4] is not None else None
        return True, at(ast.ExceptHandler(u(c[2]), name, body), c[0], self.last(body))

    def with_stmt(self, c):
        body = c[3]
        return at(ast.With(c[1], body, None), c[0], self.last(body))

    def with_paren(self, c):
        body = c[-1]
        return at(ast.With(c[2], body, None), c[0], self.last(body))

    def with_item(self, c):
        var = self.target(c[2]) if c[2] is not None else None
        return ast.withitem(u(c[0]), var)

    def async_stmt(self, c):
        node = c[1]
        cls = {ast.FunctionDef: ast.AsyncFunctionDef, ast.With: ast.AsyncWith,
               ast.For: ast.AsyncFor}.get(node.__class__)
        if cls is None:
            self.report(c[0], c[0], "invalid syntax: 'async' must precede def, with or for")
            return node
        new = cls(**{f: getattr(node, f) for f in node._fields})
        if hasattr(node, "name_span"):
            new.name_span = node.name_span
        return at(new, c[0], node)


def _describe(node) -> str:
    try:
        return ast.unparse(node)
    except Exception:
        return "expression"

