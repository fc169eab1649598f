"""Statements of an `fn` body (mixin of FnChecker).

Each `stmt_*` returns True when control cannot continue after the statement
(return, raise, break, continue, or a branch whose every arm ends so); that
drives "missing return" (K0380) and "unreachable code" (K0383).
"""
from __future__ import annotations

import ast

from ..diagnostics.diagnostic import Note
from ..syntax import nodes as K
from .entities import TraitRef
from .locals import MOVED, UNINIT, ComptimeEntry
from .symbols import SymbolKind
from .type_ops import a_type
from .types import (BOOL, ERROR, INT, NONE, RANGE, STRING, STRING_LITERAL, UNKNOWN, ListType,
                    ParamRef, Type, UnknownType)

_PYTHON_ONLY_STMTS = {
    ast.With: "`with` statements", ast.AsyncWith: "`async with`", ast.Global: "`global`",
    ast.Nonlocal: "`nonlocal`", ast.Delete: "`del`", ast.ClassDef: "a `class`",
    ast.FunctionDef: "a `def`", ast.AsyncFunctionDef: "an `async def`", ast.AsyncFor: "`async for`",
    ast.Match: "`match` statements", ast.Import: "`import`", ast.ImportFrom: "`import`",
}


class StmtMixin:
    # -- blocks --------------------------------------------------------------------------
    def check_block(self, stmts: list[ast.stmt], *, new_scope: bool = True, loop: bool = False) -> bool:
        if new_scope:
            self.push_block(stmts, loop=loop)
        terminated = False
        warned = False
        for s in stmts:
            if terminated and not warned and self.record and not isinstance(s, (ast.Pass, K.ErrorStmt)):
                span = self.span(s).cover(self.span(stmts[-1]))
                self.warning("K0383", span, "unreachable code",
                             hint="nothing after `return`, `raise`, `break` or `continue` runs",
                             tags=("unnecessary",))
                warned = True
            if self.stmt(s):
                terminated = True
        if new_scope:
            self.pop_block()
        return terminated

    def stmt(self, s: ast.stmt) -> bool:
        method = getattr(self, "stmt_" + type(s).__name__, None)
        if method is not None:
            return bool(method(s))
        what = _PYTHON_ONLY_STMTS.get(type(s))
        if what is not None:
            self.error("K0503", s, f"{what} cannot be used in an `fn`",
                       hint="this is Python-only; move the code to a `def`")
            if isinstance(s, (ast.Import, ast.ImportFrom)):
                for alias in s.names:      # reported once: uses of the names are not errors too
                    if alias.name != "*":
                        bound = alias.asname or (alias.name if isinstance(s, ast.ImportFrom)
                                                 else alias.name.split(".")[0])
                        # the alias, so the local's name span is `time`, not the statement
                        self._declare_unknown(bound, alias if getattr(alias, "lineno", None) else s)
        return False

    # -- simple statements -------------------------------------------------------------------
    def stmt_Pass(self, s) -> bool:
        return False

    def stmt_ErrorStmt(self, s) -> bool:
        """A broken statement still declares what it would have bound (the
        parser lists the names), so later uses are not undefined."""
        for target in getattr(s, "targets", None) or ():
            self._declare_unknown(target.id, target)
        return False

    def _declare_unknown(self, name: str, node: ast.AST) -> None:
        if name in self.block.names:
            return
        from .typed_model import Binding
        var = self.declare_local(name, "var", UNKNOWN, node, self.span(node))
        if isinstance(node, ast.Name):
            self.set_type(node, UNKNOWN)
            self.bind_name(node, Binding("local", var))

    def stmt_Expr(self, s: ast.Expr) -> bool:
        if isinstance(s.value, ast.Constant) and isinstance(s.value.value, str):
            return False          # docstring
        if isinstance(s.value, ast.Constant) and s.value.value is Ellipsis:
            return False
        self.expr(s.value)
        return False

    def stmt_VarDecl(self, s: K.VarDecl) -> bool:
        targets = s.target.elts if isinstance(s.target, ast.Tuple) else [s.target]
        declared = self.annotation(s.annotation) if s.annotation is not None else None
        if s.value is None:
            for t in targets:
                if declared is None:
                    self.error("K0210", t, f"cannot infer the type of `{_name(t)}`",
                               hint=f"give it a type (`{s.kind} {_name(t)}: Int`) or a value")
                self._declare_target(t, s, declared or UNKNOWN, initialised=False)
            return False
        if len(targets) > 1:
            vt = self.expr(s.value)
            elems = getattr(vt, "elements", None)
            for i, t in enumerate(targets):
                et = elems[i] if elems and i < len(elems) else UNKNOWN
                self._declare_target(t, s, declared or et)
            return False
        if declared is not None:
            self.expr_value(s.value, declared, "K0201")
            t = declared
        else:
            t = self.materialize(self.expr(s.value), s.value)
        self.note_copy(s.value, t)
        self._declare_target(targets[0], s, t)
        return False

    def materialize(self, t: Type, node: ast.AST) -> Type:
        """The type a variable gets from an initializer without annotation."""
        if t == STRING_LITERAL:
            self.inst.conversions[node] = STRING
            return STRING
        if t == NONE:
            return NONE
        from .entities import ENTITY_TYPES
        if isinstance(t, ENTITY_TYPES) or isinstance(t, ParamRef) and isinstance(t.kind, TraitRef) is False and t.kind is None:
            if not isinstance(t, ParamRef):
                self.error("K0201", node, "this is not a value that a variable can hold")
                return UNKNOWN
        return t

    def _declare_target(self, target: ast.expr, s: K.VarDecl, t: Type, initialised: bool = True) -> None:
        if not isinstance(target, ast.Name):
            self.error("K0201", target, "a `var`/`let` declares plain names")
            return
        var = self.declare_local(target.id, s.kind, t, target, self.span(target),
                                 initialised=initialised)
        self.set_type(target, t)
        from .typed_model import Binding
        self.bind_name(target, Binding("local", var))

    def stmt_AliasDef(self, s: K.AliasDef) -> bool:
        from .decls import AliasDecl
        decl = self.ctx.declarer.declare(s, self.block_scope(), self.decl.symbol)
        al = self.ctx.decls.decl_of(s)
        value = self.ctx.alias_value(al, self.lookup) if isinstance(al, AliasDecl) else UNKNOWN
        value = self.subst(value)
        self.block.names[s.name] = ComptimeEntry(s.name, value, None, decl)
        self._scope_name(s.name, decl)
        return False

    def stmt_Assign(self, s: ast.Assign) -> bool:
        if len(s.targets) == 1 and isinstance(s.targets[0], ast.Name) and s.targets[0].id == "_":
            self.expr(s.value)
            return False
        for target in s.targets:
            self.assign(target, s.value, s)
        return False

    def stmt_AnnAssign(self, s: ast.AnnAssign) -> bool:
        if isinstance(s.target, ast.Name) and self.lookup(s.target.id) is None:
            self.undeclared(s.target, s)
            return False
        self.error("K0102", s.target, "an annotated assignment does not declare a variable in an `fn`",
                   hint="declare it with `var name: Type = value`")
        return False

    def stmt_AugAssign(self, s: ast.AugAssign) -> bool:
        self.aug_assign(s)
        return False

    def stmt_Return(self, s: ast.Return) -> bool:
        expected = self.result_type
        if s.value is None:
            if expected != NONE and not isinstance(expected, UnknownType):
                self.error("K0203", s, f"`fn {self.decl.name}` must return a `{expected}`",
                           hint="return a value: `return ...`")
            return True
        if expected == NONE:
            t = self.expr(s.value)
            if t != NONE and not isinstance(t, UnknownType):
                self.error("K0203", s.value, f"`fn {self.decl.name}` returns nothing, but this "
                           f"returns a `{t}`", hint="declare the result type: `-> " + f"{t}`")
            return True
        self.expr_value(s.value, expected, "K0203")
        self.note_copy(s.value, expected)
        return True

    def stmt_Raise(self, s: ast.Raise) -> bool:
        if not self.decl.raises and self.handled == 0:
            fix = self.raises_fix()
            self.error("K0341", s, f"`raise` in `fn {self.decl.name}`, which is not `raises`",
                       hint=f"declare `fn {self.decl.name}(...) raises`, or handle the error here",
                       fixes=[fix] if fix else [])
        if s.exc is not None:
            t = self.expr(s.exc)
            if t not in (ERROR, UNKNOWN) and not isinstance(t, UnknownType):
                hint = "raise an `Error`: `raise Error(\"message\")`"
                self.error("K0342", s.exc, f"cannot raise a `{t}`: only `Error` values are raised",
                           hint=hint)
        return True

    def stmt_Break(self, s) -> bool:
        if self.loop_depth == 0:
            word = "break" if isinstance(s, ast.Break) else "continue"
            self.error("K0381", s, f"`{word}` outside a loop")
        return True

    stmt_Continue = stmt_Break

    def stmt_Assert(self, s: ast.Assert) -> bool:
        self.condition(s.test)
        if s.msg is not None:
            self.expr(s.msg)
        return False

    # -- control flow ------------------------------------------------------------------------
    def condition(self, node: ast.expr) -> None:
        t = self.expr(node, BOOL)
        if not self.boolable(t):
            self.error("K0211", node, f"a condition must be a `Bool`, not `{t}`",
                       hint="compare it (`x != 0`) or define `__bool__` on the struct")

    def stmt_If(self, s: ast.If) -> bool:
        self.condition(s.test)
        return self.branches([s.body, s.orelse])

    def branches(self, arms: list[list[ast.stmt]]) -> bool:
        """Check alternative arms; merge flow facts; True if every arm ends."""
        before = dict(self.flow)
        outcomes = []
        for arm in arms:
            self.flow = dict(before)
            ended = self.check_block(arm) if arm else False
            outcomes.append((dict(self.flow), ended))
        live = [f for f, ended in outcomes if not ended]
        self.flow = _merge(live) if live else dict(before)
        return all(ended for _, ended in outcomes)

    def stmt_While(self, s: ast.While) -> bool:
        self.condition(s.test)
        infinite = isinstance(s.test, ast.Constant) and s.test.value is True
        broke = self.loop_body(s.body)
        else_ends = self.check_block(s.orelse) if s.orelse else False
        return (infinite or else_ends) and not broke

    def loop_body(self, body: list[ast.stmt], before_declare=None) -> bool:
        """Check a loop body; returns whether it contains a `break` for this loop."""
        entry = dict(self.flow)
        self.loop_depth += 1
        self.loop_moves.append({})
        self.push_block(body, loop=True)
        if before_declare is not None:
            before_declare()
        self.check_block(body, new_scope=False)
        self.pop_block()
        moves = self.loop_moves.pop()
        self.loop_depth -= 1
        for var, span in moves.items():
            mark = self.flow.get(var)
            if mark is not None and mark.state == MOVED and var not in entry:
                self.error("K0322", span, f"`{var.name}` is moved here in one iteration and used "
                           "again in the next", notes=[Note("the loop repeats this move")],
                           hint=f"assign `{var.name}` a new value before the next iteration, or copy it")
        self.flow = _merge([entry, self.flow])
        return _has_break(body)

    def stmt_For(self, s: ast.For) -> bool:
        self.pending_next = None
        self.current_for = s
        elem = self.iteration_type(s.iter)
        self.current_for = None
        if self.pending_next is not None:
            elem = self.call_method(s.target, self.pending_next, None, "__next__", [], "iteration")
            self.pending_next = None
        target = s.target

        def declare():
            if isinstance(target, ast.Name):
                if target.id == "_":
                    return
                var = self.declare_local(target.id, "for", elem, target, self.span(target))
                self.set_type(target, elem)
                from .typed_model import Binding
                self.bind_name(target, Binding("local", var))
            else:
                self.error("K0503", target, "a `for` loop in an `fn` binds one name",
                           hint="unpack inside the loop body")
        broke = self.loop_body(s.body, declare)
        else_ends = self.check_block(s.orelse) if s.orelse else False
        return else_ends and not broke

    def iteration_type(self, node: ast.expr) -> Type:
        t = self.expr(node)
        if t == RANGE:
            return INT
        if isinstance(t, ListType):
            return t.element
        if t in (STRING, STRING_LITERAL):
            return STRING
        if isinstance(t, UnknownType):
            return UNKNOWN
        elem = self.struct_iteration(t, node)
        if elem is not None:
            return elem
        self.error("K0212", node, f"{a_type(t)} is not iterable",
                   hint="iterate over `range(...)`, a `List`, a `String`, or a struct with `__iter__`")
        return UNKNOWN

    def stmt_Try(self, s: ast.Try) -> bool:
        has_handlers = bool(s.handlers)
        before = dict(self.flow)
        if has_handlers:
            self.handled += 1
        body_ended = self.check_block(s.body)
        if has_handlers:
            self.handled -= 1
        outcomes = [(dict(self.flow), body_ended)]
        if s.orelse:
            ended = self.check_block(s.orelse)
            outcomes[0] = (dict(self.flow), ended)
        for h in s.handlers:
            self.flow = _merge([before, outcomes[0][0]])
            outcomes.append((None, self.handler(h)))
            outcomes[-1] = (dict(self.flow), outcomes[-1][1])
        live = [f for f, ended in outcomes if not ended]
        self.flow = _merge(live) if live else dict(before)
        ended = all(e for _, e in outcomes)
        if s.finalbody:
            fin = self.check_block(s.finalbody)
            ended = ended or fin
        return ended

    def handler(self, h: ast.ExceptHandler) -> bool:
        self.push_block(h.body)
        name_node = None
        if h.name:
            name = h.name
            if h.type is not None:
                self.type_expr_check(h.type)
        elif isinstance(h.type, ast.Name) and self.lookup(h.type.id) is None:
            name, name_node = h.type.id, h.type      # Mojo's `except e:`
        else:
            name = None
            if h.type is not None:
                self.type_expr_check(h.type)
        if name:
            if name_node is not None:
                span = self.span(name_node)
            else:
                from .name_spans import find_word
                hs = self.span(h)
                start = self.span(h.type).end if h.type is not None else hs.start
                span = find_word(self.ctx.source, name, start, hs.end) or hs
            var = self.declare_local(name, "except", ERROR, name_node or h, span)
            self.inst.handler_vars[h] = var
            if name_node is not None:
                self.set_type(name_node, ERROR)
                from .typed_model import Binding
                self.bind_name(name_node, Binding("local", var))
        ended = self.check_block(h.body, new_scope=False)
        self.pop_block()
        return ended

    def type_expr_check(self, node: ast.expr) -> None:
        t = self.expr(node)
        from .types import TypeType
        if isinstance(t, TypeType) and t.instance == ERROR:
            return
        if not isinstance(t, UnknownType):
            self.error("K0204", node, "only `Error` can be caught in an `fn`",
                       hint="write `except e:` or `except Error as e:`")

    # -- nested declarations -----------------------------------------------------------------
    def stmt_FnDef(self, s: K.FnDef) -> bool:
        self.nested_fn(s)
        return False

    def stmt_StructDef(self, s) -> bool:
        self.error("K0503", s, "a `struct` cannot be declared inside an `fn`",
                   hint="declare it at module level")
        return False

    stmt_TraitDef = stmt_StructDef

    def stmt_CompileTime(self, s: K.CompileTime) -> bool:
        inner = s.body[0] if isinstance(s.body, list) and s.body else s.body
        if isinstance(inner, ast.If):
            return self.parameter_if(s, inner)
        if isinstance(inner, ast.For):
            return self.parameter_for(s, inner)
        if isinstance(inner, K.FnDef):
            self.nested_fn(inner)
            return False
        if inner is not None:
            return self.stmt(inner)
        return False

    def parameter_if(self, s: K.CompileTime, node: ast.If) -> bool:
        """`@parameter if`: a concrete condition picks the one arm that is checked."""
        chain: list[tuple[ast.expr | None, list[ast.stmt]]] = []
        cur: ast.If | None = node
        while cur is not None:
            chain.append((cur.test, cur.body))
            if len(cur.orelse) == 1 and isinstance(cur.orelse[0], ast.If):
                cur = cur.orelse[0]
            else:
                if cur.orelse:
                    chain.append((None, cur.orelse))
                cur = None
        for index, (test, body) in enumerate(chain):
            if test is None:
                self.inst.param_ifs[s] = index
                return self.check_block(body)
            value = self.comptime_condition(test)
            if value is True:
                self.inst.param_ifs[s] = index
                return self.check_block(body)
            if value is False:
                continue
            # not decidable in this (generic) check: every remaining arm may be taken
            for later, _ in chain[index + 1:]:
                if later is not None:
                    self.comptime_condition(later)
            arms = [b for _, b in chain[index:]]
            if chain[-1][0] is not None:
                arms.append([])
            return self.branches(arms)
        self.inst.param_ifs[s] = -1
        return False

    def parameter_for(self, s: K.CompileTime, node: ast.For) -> bool:
        values = self.comptime_range(node.iter)
        target = node.target
        if values is not None:
            self.inst.unrolls[s] = values
        from .types import ParamRef

        def declare():
            if isinstance(target, ast.Name):
                sym = self._local_symbol(target.id, SymbolKind.COMPTIME_PARAMETER,
                                         self.span(target), target, INT)
                value = ParamRef(target.id, self.decl.decl_id + ".@for", INT)
                self.block.names[target.id] = ComptimeEntry(target.id, value, INT, sym)
                self._scope_name(target.id, sym)
                self.set_type(target, INT)
        self.loop_body(node.body, declare)
        return False


def _merge(states: list[dict]) -> dict:
    if not states:
        return {}
    out = dict(states[0])
    for st in states[1:]:
        for var, mark in st.items():
            prev = out.get(var)
            if prev is None or (prev.state == UNINIT and mark.state == MOVED):
                out[var] = mark
    return out


def _has_break(body: list[ast.stmt]) -> bool:
    """Does a `break` of this loop occur in its body (not in a nested loop)?
    Only statements can hold one, so expressions are not walked."""
    for s in body:
        if isinstance(s, ast.Break):
            return True
        if isinstance(s, ast.If):
            if _has_break(s.body) or _has_break(s.orelse):
                return True
        elif isinstance(s, (ast.Try, ast.TryStar)):
            if _has_break(s.body) or _has_break(s.orelse) or _has_break(s.finalbody) or \
                    any(_has_break(h.body) for h in s.handlers):
                return True
        elif isinstance(s, ast.With):
            if _has_break(s.body):
                return True
        elif isinstance(s, K.CompileTime):
            inner = s.body if isinstance(s.body, list) else [s.body]
            if any(isinstance(i, ast.If) and _has_break([i]) for i in inner):
                return True
        elif isinstance(s, (ast.For, ast.While)):
            if _has_break(s.orelse):
                return True
    return False


def _name(t: ast.expr) -> str:
    return t.id if isinstance(t, ast.Name) else "?"
