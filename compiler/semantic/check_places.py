"""Places and ownership (mixin of FnChecker): assignment targets, `var`/
`let` rules, argument conventions (`inout` needs a mutable place, borrowed
values are read-only), the move operator `^`, and nested `fn`s (closures)
with their specialisations."""
from __future__ import annotations

import ast

from ..diagnostics.diagnostic import Fix, Note, TextEdit
from ..syntax import nodes as K
from ..syntax.source import Span
from .locals import MOVED, UNINIT, ComptimeEntry, LocalVar, Mark
from .symbols import Symbol
from .type_ops import a_type, make_simd, simd_parts
from .typed_model import Binding, FnKey
from .types import UNKNOWN, ListType, ParamRef, PointerType, StructType, TupleType, Type, UnknownType


class PlaceMixin:
    # -- assignment ------------------------------------------------------------------------------
    def assign(self, target: ast.expr, value: ast.expr | None, stmt: ast.stmt,
               value_type: Type | None = None) -> None:
        if isinstance(target, ast.Name):
            self.assign_name(target, value, stmt, value_type)
        elif isinstance(target, ast.Attribute):
            self.assign_field(target, value, value_type)
        elif isinstance(target, ast.Subscript):
            self.assign_item(target, value, value_type)
        elif isinstance(target, (ast.Tuple, ast.List)):
            vt = self.expr(value) if value is not None else value_type
            elems = vt.elements if isinstance(vt, TupleType) and len(vt.elements) == len(target.elts) else None
            if elems is None and not isinstance(vt, UnknownType):
                self.error("K0201", value if value is not None else target,
                           f"cannot unpack a `{vt}` into {len(target.elts)} names")
            for i, t in enumerate(target.elts):
                self.assign(t, None, stmt, elems[i] if elems else UNKNOWN)
        else:
            self.error("K0503", target, "this assignment target cannot be used in an `fn`")

    def _value(self, value, value_type, expected: Type, code: str = "K0201") -> None:
        if value is not None:
            self.expr_value(value, expected, code)
        elif value_type is not None and self.assignable(value_type, expected) is None:
            self.error(code, self.current_stmt_span, f"expected `{expected}`, found `{value_type}`")

    def assign_name(self, target: ast.Name, value, stmt, value_type) -> None:
        found = self.lookup(target.id)
        span = self.span(target)
        self.current_stmt_span = span
        if found is None:
            self.undeclared(target, stmt)
            if value is not None:
                self.expr(value)
            return
        self.reference(span, found, write=True)
        if isinstance(found, LocalVar):
            self.set_type(target, found.type)
            mark = self.flow.get(found)
            first_init = mark is not None and mark.state == UNINIT
            if not first_init:
                self.require_mutable_var(found, target)
            self._value(value, value_type, found.type)
            if value is not None:
                self.note_copy(value, found.type)
            self.flow.pop(found, None)
            self.pending_copies.pop(found, None)
            kind = "param" if found.kind == "param" else "local"
            if found.owner_fn is not self.decl:
                kind = "capture"
                if found not in self.inst.captures:
                    self.inst.captures.append(found)
            self.bind_name(target, Binding(kind, found))
            return
        if isinstance(found, ComptimeEntry):
            self.error("K0103", target, f"`{target.id}` is a compile-time value and cannot be "
                       "assigned", hint=f"declare a runtime variable: `var {target.id}2 = {target.id}`")
        elif isinstance(found, Symbol) and found.decl is not None and type(found.decl).__name__ == "AliasDecl":
            self.error("K0103", target, f"`{target.id}` is an `alias` and cannot be assigned",
                       notes=[Note(f"`alias {target.id}` declared here", found.span)] if found.span else [])
        elif isinstance(found, Symbol) and found.tier == "python" and found.path != "<builtin>":
            self.error("K0502", target, f"`fn {self.decl.name}` cannot assign the Python-tier "
                       f"variable `{target.id}`", hint="return the value and assign it in a `def`")
        else:
            self.undeclared(target, stmt)
        if value is not None:
            self.expr(value)

    def note_copy(self, value: ast.expr, t: Type) -> None:
        """A non-copyable struct read from a variable is moved implicitly if this
        is its last use; remember it, and report K0226 if it is used again."""
        if not isinstance(value, ast.Name) or not isinstance(t, StructType):
            return
        var = self.lookup(value.id)
        if not isinstance(var, LocalVar) or self.struct_has_method(t, "__copyinit__"):
            return
        if not var.owned:
            # a borrowed value belongs to the caller: it can only be copied
            self.error("K0226", value, f"`{var.name}` would be copied here, but `{t}` has no "
                       "`__copyinit__`, and a borrowed value cannot be moved",
                       hint=f"take the parameter `owned {var.name}` and move it with "
                            f"`{var.name}^`, or give `{t}` a `__copyinit__` (or `@value`)")
            return
        if var.owner_fn is self.decl:
            self.pending_copies[var] = value

    def setitem_mutates(self, t: Type) -> bool:
        """`s[i] = v` mutates `s` only if `__setitem__` takes `inout self`; one that
        takes a borrowed `self` writes through a pointer field (Mojo's Matrix)."""
        for fn in self.struct_methods(t, "__setitem__"):
            if fn.params and fn.params[0].name == "self" and fn.params[0].convention == "inout":
                return True
        return False

    def require_mutable_var(self, var: LocalVar, node: ast.AST, *, field_of: bool = False) -> bool:
        if var.mutable:
            return True
        what = f"`{var.name}`" if not field_of else f"a field of `{var.name}`"
        if var.kind == "let":
            fix = self._let_fix(var)
            self.error("K0103", node, f"cannot assign to {what}: it is declared with `let`",
                       notes=[Note(f"`{var.name}` declared here", var.span)],
                       hint=f"declare it with `var {var.name}` to make it mutable",
                       fixes=[fix] if fix else [])
            return False
        if var.kind == "param":
            if var.name == "self":
                self.error("K0320", node, f"cannot assign to {what}: `self` is borrowed (read-only) "
                           f"in `fn {self.decl.name}`", hint="declare the method `fn "
                           f"{self.decl.name}(inout self, ...)` to modify `self`")
                return False
            fix = self._inout_fix(var)
            self.error("K0320", node, f"cannot assign to {what}: parameters are borrowed "
                       "(read-only) by default",
                       notes=[Note(f"`{var.name}` declared here", var.span)],
                       hint=f"declare it `inout {var.name}` (the caller sees the change) or "
                            f"`owned {var.name}` (a local copy)", fixes=[fix] if fix else [])
            return False
        return True

    def _let_fix(self, var: LocalVar) -> Fix | None:
        if var.span is None:
            return None
        data = self.ctx.source.data
        start = data.rfind(b"let", 0, var.span.start)
        if start < 0 or data[start:var.span.start].strip() != b"let":
            return None
        return Fix("declare it with `var`", (TextEdit(Span(self.ctx.path, start, start + 3), "var"),))

    def _inout_fix(self, var: LocalVar) -> Fix | None:
        if var.span is None:
            return None
        param = var.symbol.node if var.symbol is not None else None
        start = var.span.start
        if param is not None and getattr(param, "convention", None):
            start = self.span(param).start          # replace the written `borrowed`
        return Fix(f"make `{var.name}` `inout`",
                   (TextEdit(Span(self.ctx.path, start, var.span.start), "inout "),))

    def undeclared(self, target: ast.Name, stmt: ast.stmt) -> None:
        fixes = []
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and stmt.targets[0] is target:
            start = self.span(stmt).start
            fixes.append(Fix(f"declare `{target.id}` with `var`",
                             (TextEdit(Span(self.ctx.path, start, start), "var "),)))
        self.error("K0102", target, f"`{target.id}` is not declared",
                   hint=f"declare it with `var` first: `var {target.id} = ...`", fixes=fixes)

    def assign_field(self, target: ast.Attribute, value, value_type) -> None:
        base_t = self.expr(target.value)
        span = self.ctx.attr_span(target)
        self.current_stmt_span = span
        if isinstance(base_t, UnknownType):
            if value is not None:
                self.expr(value)
            return
        field_t = self.struct_member(base_t, target, span) if isinstance(base_t, StructType) else None
        if field_t is None or not isinstance(field_t, Type) or hasattr(field_t, "decls"):
            self.error("K0220", span, f"`{base_t}` has no field `{target.attr}`")
            if value is not None:
                self.expr(value)
            return
        self.set_type(target, field_t)
        is_init_self = self.init_fields is not None and isinstance(target.value, ast.Name) \
            and target.value.id == "self"
        if is_init_self:
            self.init_fields.add(target.attr)
            pseudo = self.field_vars.get(target.attr)
            if pseudo is not None:
                self.flow.pop(pseudo, None)
        else:
            self.require_mutable_place(target.value)
        self._value(value, value_type, field_t)

    def assign_item(self, target: ast.Subscript, value, value_type) -> None:
        base_t = self.expr(target.value)
        args = target.slice.elts if isinstance(target.slice, ast.Tuple) else [target.slice]
        self.current_stmt_span = self.span(target)
        if isinstance(base_t, PointerType):
            self.expr_value(args[0], _INT(), "K0202", "as an index")
            self.set_type(target, base_t.pointee)
            self._value(value, value_type, base_t.pointee)
            return
        if isinstance(base_t, ListType) or (simd_parts(base_t) is not None and len(args) == 1):
            self.require_mutable_place(target.value)
            elem = base_t.element if isinstance(base_t, ListType) else \
                make_simd(simd_parts(base_t)[0], 1)
            self.expr_value(args[0], _INT(), "K0202", "as an index")
            self.set_type(target, elem)
            self._value(value, value_type, elem)
            return
        if isinstance(base_t, (StructType, ParamRef)) and self.struct_methods(base_t, "__setitem__"):
            if self.setitem_mutates(base_t):
                self.require_mutable_place(target.value)
            from .call_matching import Arg
            call_args = [self.arg(a) for a in args]
            if value is not None:
                call_args.append(self.arg(value))
            else:
                call_args.append(Arg(None, value_type))
            self.call_method(target, base_t, target.value, "__setitem__", call_args, "subscript")
            return
        if not isinstance(base_t, UnknownType):
            self.error("K0241", target, f"{a_type(base_t)} does not support item assignment",
                       hint="define `fn __setitem__(inout self, i: Int, value: T)` on the struct"
                       if isinstance(base_t, StructType) else None)
        if value is not None:
            self.expr(value)

    def aug_assign(self, s: ast.AugAssign) -> None:
        target = s.target
        if isinstance(target, ast.Name) and self.lookup(target.id) is None:
            self.undeclared(target, s)
            self.expr(s.value)
            return
        tt = self.expr(target)
        if isinstance(target, ast.Name):
            found = self.lookup(target.id)
            self.mark_last_reference_write(self.span(target))
            if isinstance(found, LocalVar):
                self.require_mutable_var(found, target)
            elif isinstance(found, ComptimeEntry):
                self.error("K0103", target, f"`{target.id}` is a compile-time value and cannot be assigned")
        elif isinstance(target, ast.Attribute):
            self.require_mutable_place(target.value)
        elif isinstance(target, ast.Subscript):
            base_t = self.inst.expr_types.get(target.value)
            if isinstance(base_t, (StructType, ParamRef)):
                if self.setitem_mutates(base_t):
                    self.require_mutable_place(target.value)
            elif not isinstance(base_t, PointerType):
                self.require_mutable_place(target.value)
        vt = self.expr(s.value, tt if self.is_literal(s.value) else None)
        if isinstance(tt, (StructType, ParamRef)):
            from . import operators as ops
            from .call_matching import Arg
            found = self.call_method(s, tt, target, ops.INPLACE[type(s.op)], [Arg(s.value, vt)], "operator")
            if found is not None:
                return
        result = self.binary_result(s, s.op, tt, vt, target, s.value)
        if not isinstance(result, UnknownType) and not isinstance(tt, UnknownType) \
                and self.assignable(result, tt) is None:
            self.error("K0201", s, f"`{tt} {_sym(s.op)}= {vt}` gives a `{result}`, which does not "
                       f"fit back into `{tt}`", hint="convert explicitly")

    # -- mutability of places ----------------------------------------------------------------------
    def require_mutable_place(self, node: ast.expr) -> bool:
        """For `x.f = v`, `x[i] = v`: the root variable must be mutable."""
        if isinstance(node, ast.Name):
            found = self.lookup(node.id)
            if isinstance(found, LocalVar):
                return self.require_mutable_var(found, node, field_of=True)
            return True
        if isinstance(node, ast.Attribute):
            return self.require_mutable_place(node.value)
        if isinstance(node, ast.Subscript):
            if isinstance(self.inst.expr_types.get(node.value), PointerType):
                return True
            return self.require_mutable_place(node.value)
        return True

    def check_inout_arg(self, node: ast.expr, receiver: bool = False) -> None:
        root = node
        while isinstance(root, (ast.Attribute, ast.Subscript)):
            if isinstance(root, ast.Subscript) and isinstance(self.inst.expr_types.get(root.value), PointerType):
                return
            root = root.value
        what = "the receiver of this method" if receiver else "an `inout` argument"
        if isinstance(root, ast.Name):
            found = self.lookup(root.id)
            if isinstance(found, LocalVar):
                if found.mutable:
                    return
                why = "declared with `let`" if found.kind == "let" else \
                    "a borrowed (read-only) parameter" if found.kind == "param" else "immutable"
                self.error("K0321", node, f"{what} must be a mutable variable; `{found.name}` is {why}",
                           notes=[Note(f"`{found.name}` declared here", found.span)] if found.span else [],
                           hint=f"use a `var`, or declare the parameter `inout {found.name}`")
                return
            if isinstance(found, (ComptimeEntry, Symbol)):
                self.error("K0321", node, f"{what} must be a mutable variable, not `{root.id}`")
            return
        self.error("K0321", node, f"{what} must be a mutable variable, not a temporary value",
                   hint="store the value in a `var` first")

    # -- moves ---------------------------------------------------------------------------------------
    def _refuse_param_move(self, node: K.Transfer, param: LocalVar) -> None:
        if param.convention == "inout":
            self.error("K0323", node, f"cannot move out of `{param.name}`: an `inout` parameter "
                       "must still hold a value when the fn returns",
                       hint=f"copy it (`{param.name}`) instead of moving it")
            return
        self.error("K0323", node, f"cannot move out of `{param.name}`: a borrowed "
                   "parameter belongs to the caller",
                   hint=f"declare it `owned {param.name}`, or pass a copy")

    def transfer(self, node: K.Transfer, expected: Type | None) -> Type:
        inner = node.value
        if isinstance(inner, ast.Name):
            found = self.lookup(inner.id)
            if isinstance(found, LocalVar):
                t = self.expr(inner, expected)
                if not found.owned:
                    self._refuse_param_move(node, found)
                    return t
                if found.owner_fn is not None and found.owner_fn is not self.decl:
                    self.error("K0323", node, f"cannot move `{found.name}` out of a nested fn: "
                               f"it belongs to `fn {found.owner_fn.name}`, and this fn may run again",
                               hint=f"copy it, or move it in `fn {found.owner_fn.name}` itself")
                    return t
                span = self.span(node)
                self.flow[found] = Mark(MOVED, span)
                self.inst.moves.add(node)
                for frame in self.loop_moves:
                    frame[found] = span
                return t
        if self._moveinit_field(inner):
            return self._move_field(node, inner, expected)
        t = self.expr(inner, expected)
        if not isinstance(t, UnknownType):
            self.error("K0323", node, "only a variable the function owns can be moved with `^`",
                       hint="move the whole variable, or copy the value")
        return t

    def _moveinit_field(self, inner: ast.expr) -> bool:
        """`existing.f^` in `__moveinit__`: `existing` is consumed without its
        destructor, so each of its fields may be moved out (once)."""
        if self.decl.name != "__moveinit__" or self.decl.owner is None \
                or not isinstance(inner, ast.Attribute) or not isinstance(inner.value, ast.Name):
            return False
        found = self.lookup(inner.value.id)
        return isinstance(found, LocalVar) and found.kind == "param" and found.convention == "owned"

    def _move_field(self, node: K.Transfer, inner: ast.Attribute, expected: Type | None) -> Type:
        t = self.expr(inner, expected)
        if inner.attr in self.moved_fields:
            self.error("K0322", node, f"`{ast.unparse(inner)}` is moved twice",
                       hint=f"move each field of `{inner.value.id}` once")
        self.moved_fields.add(inner.attr)
        self.inst.moves.add(node)
        return t

    # -- nested fns ----------------------------------------------------------------------------------
    def nested_fn(self, node: K.FnDef) -> None:
        decl = self.ctx.decls.decl_of(node)
        if decl is None:
            decl = self.ctx.declarer.declare_fn(node, self.decl.symbol, None, parent_fn=self.decl)
        self.block.names[decl.name] = decl.symbol
        self._scope_name(decl.name, decl.symbol)
        self.closure_blocks[id(decl)] = self.block
        if decl.comptime:
            if self.record:
                from .fn_checker import FnChecker
                checker = FnChecker(self.ctx, decl, self.bindings, record=True, outer=self,
                                    closure_block=self.block, diags=self.diags)
                checker.run()
            return
        from .fn_checker import FnChecker
        checker = FnChecker(self.ctx, decl, self.bindings, record=self.record, outer=self,
                            closure_block=self.block, diags=self.diags)
        self.closures_in_progress.add(checker.inst.key)      # a call to itself must not check it again
        try:
            inst = checker.run()
        finally:
            self.closures_in_progress.discard(checker.inst.key)
        self.inst.nested.append(inst.key)
        self.inst.closures.append(inst)

    def specialise_body(self, decl, own_values: tuple) -> FnKey:
        """vectorize/parallelize need `decl` specialised for `own_values`."""
        if decl.parent_fn is None:
            values = tuple(own_values)
            bindings = {(decl.decl_id, p.name): v for p, v in zip(decl.comptime, values)}
            key = FnKey(decl.decl_id, values)
            if values:
                self.inst.requests.append((key, decl, bindings))
            return key
        bindings = dict(self.bindings)
        for p, v in zip(decl.comptime, own_values):
            bindings[(decl.decl_id, p.name)] = v
        key = FnKey(decl.decl_id, tuple(bindings.get(self._owner_key(decl, p))
                                        for p in decl.all_comptime))
        self.instantiate_closure(decl, key, bindings)
        return key

    def closure_instance(self, key: FnKey):
        checker = self
        while checker is not None:
            for inst in checker.inst.closures:
                if inst.key == key:
                    return inst
            checker = checker.outer
        return None

    def absorb_captures(self, key: FnKey) -> None:
        """Calling a closure uses what it captures: capture that too."""
        inst = self.closure_instance(key)
        if inst is None:
            return
        for var in inst.captures:
            if var.owner_fn is not self.decl and var not in self.inst.captures:
                self.inst.captures.append(var)

    def instantiate_closure(self, decl, key: FnKey, bindings: dict) -> None:
        if self.closure_instance(key) is not None:
            return
        checker_self = self
        block = None
        while checker_self is not None:
            block = checker_self.closure_blocks.get(id(decl))
            if block is not None:
                break
            checker_self = checker_self.outer
        if block is None or key in checker_self.closures_in_progress:
            return          # a (mutually) recursive call: its signature is all the caller needs
        from .fn_checker import FnChecker
        temp = []
        checker = FnChecker(self.ctx, decl, bindings, record=False, outer=checker_self,
                            closure_block=block, diags=temp)
        checker_self.closures_in_progress.add(key)
        try:
            inst = checker.run()
        finally:
            checker_self.closures_in_progress.discard(key)
        seen = {(d.code, d.span.start) for d in self.diags}
        self.diags.extend(d for d in temp if (d.code, d.span.start) not in seen)
        self.inst.nested.append(inst.key)
        self.inst.closures.append(inst)


def _INT():
    from .types import INT
    return INT


def _sym(op) -> str:
    from .operators import SYMBOLS
    return SYMBOLS.get(type(op), "?")


__all__ = ["PlaceMixin"]
