"""Statement lowering (a mixin of FunctionEmitter). One `stmt_<Node>` method
per statement kind; every statement gets its source location first and
releases the temporaries it created last."""
from __future__ import annotations

import ast

from llvmlite import ir

from ...semantic import types as T
from ...semantic.locals import LocalVar
from ...syntax import nodes as K
from ..layout import I1, I32, I64, PTR
from ..runtime.errors import ASSERTION, RAISED, VALUE
from ..runtime.base import alloca_entry
from .values import LoopTargets, TryFrame, Val

NULL = ir.Constant(PTR, None)


class StatementsMixin:
    def block(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if self.b.block.is_terminated:
                break               # code after return/break/raise is unreachable
            self.statement(stmt)

    def statement(self, node: ast.stmt) -> None:
        self.at(node)
        method = getattr(self, f"stmt_{type(node).__name__}", None)
        if method is None:
            raise self.unsupported(f"statement `{type(node).__name__}` is not supported in compiled code yet", node)
        method(node)
        if not self.b.block.is_terminated:
            self.release_temps()
        else:
            self.temps.clear()

    def scoped_block(self, stmts: list[ast.stmt], owner: ast.AST) -> None:
        self.push_scope(owner)
        self.block(stmts)
        self.pop_scope()

    # -- simple statements -----------------------------------------------------
    def stmt_Pass(self, node) -> None:
        pass

    def stmt_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return                  # a docstring
        self.expr(node.value)

    def stmt_FnDef(self, node) -> None:
        pass                        # nested fns are compiled as their own instances

    def stmt_StructDef(self, node) -> None:
        pass

    def stmt_AliasDef(self, node) -> None:
        pass                        # compile-time only

    def stmt_Import(self, node) -> None:
        pass

    def stmt_ImportFrom(self, node) -> None:
        pass

    def _var_of_target(self, target: ast.AST, decl: ast.AST | None = None):
        binding = self.inst.names.get(target)
        if binding is not None and binding.var is not None:
            return binding.var
        var = self.inst.local_of.get(target) or (self.inst.local_of.get(decl) if decl is not None else None)
        if var is None:
            raise self.internal(f"no variable recorded for `{ast.unparse(target)}`", target)
        return var

    def stmt_VarDecl(self, node: K.VarDecl) -> None:
        targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
        variables = [self._var_of_target(t, node) for t in targets]
        value = self.expr(node.value) if node.value is not None else None
        for var, target in zip(variables, targets):
            self.declare_local(var, target)
        if value is None:
            return
        if len(variables) == 1:
            self.store_var(variables[0], value, initial=True)
            return
        for i, var in enumerate(variables):
            part = self.b.extract_value(self.take(value), i) if i == 0 else self.b.extract_value(value.value, i)
            self.store_var(var, Val(part, var.type, owned=True), initial=True)

    def stmt_AnnAssign(self, node: ast.AnnAssign) -> None:
        var = self._var_of_target(node.target, node)
        self.declare_local(var, node.target)
        if node.value is not None:
            self.store_var(var, self.expr(node.value), initial=True)

    def stmt_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple) \
                and isinstance(node.value, ast.Tuple):
            values = [self.owned(self.expr(v)) for v in node.value.elts]   # all read before any write
            for target, value in zip(node.targets[0].elts, values):
                self.assign(target, value)
            return
        value = self.owned(self.expr(node.value))
        for i, target in enumerate(node.targets):
            last = i == len(node.targets) - 1
            self.assign(target, value if last else Val(self.life.copy(self.b, value.value, value.type),
                                                       value.type, owned=True))

    def owned(self, val: Val) -> Val:
        return Val(self.take(val), val.type, owned=True)

    def _is_discard(self, target: ast.AST) -> bool:
        return isinstance(target, ast.Name) and target.id == "_" and target not in self.inst.names \
            and target not in self.inst.local_of

    def assign(self, target: ast.AST, val: Val) -> None:
        if self._is_discard(target):
            if val.owned and self.life.needs_destroy(val.type):
                self.life.destroy(self.b, val.value, val.type)     # `_ = f()` drops the value now
            return
        if isinstance(target, ast.Name):
            self.store_var(self._var_of_target(target), val)
        elif isinstance(target, ast.Tuple):
            value = self.take(val)
            for i, elt in enumerate(target.elts):
                self.assign(elt, Val(self.b.extract_value(value, i), self.type_of(elt), owned=True))
        elif isinstance(target, ast.Subscript):
            self.store_subscript(target, val)
        elif isinstance(target, ast.Attribute):
            ptr, t = self.address(target)
            value = self.take(val)
            if self.life.needs_destroy(t):
                self.replace_field(target, ptr, value, t)
            else:
                self.b.store(value, ptr)
        else:
            raise self.internal(f"cannot assign to `{ast.unparse(target)}`", target)

    def stmt_AugAssign(self, node: ast.AugAssign) -> None:
        target = self.inst.calls.get(node)
        if target is not None:
            self.augmented_dunder(node, target)
            return
        if isinstance(node.target, ast.Name):
            var = self._var_of_target(node.target)
            current = Val(self.b.load(self.slot_of(var), typ=self.layout.llvm(var.type)), var.type)
            result = self.binary(node.op, current, self.expr(node.value), var.type, node)
            self.store_var(var, result)
            return
        if isinstance(node.target, ast.Subscript) and node.target in self.inst.calls:
            self.augmented_subscript(node)
            return
        if isinstance(node.target, ast.Subscript) and self._is_simd_lane(node.target):
            current = self.expr(node.target)
            result = self.binary(node.op, current, self.expr(node.value), current.type, node)
            self.store_subscript(node.target, result)
            return
        ptr, t = self.address(node.target)
        current = Val(self.b.load(ptr, typ=self.layout.llvm(t)), t)
        result = self.binary(node.op, current, self.expr(node.value), t, node)
        value = self.take(result)
        if self.life.needs_destroy(t):
            self.life.destroy(self.b, current.value, t)
        self.b.store(value, ptr)

    def _is_simd_lane(self, node: ast.Subscript) -> bool:
        return isinstance(self.type_of(node.value), T.SIMDType)

    # -- control flow ------------------------------------------------------------
    def stmt_If(self, node: ast.If) -> None:
        cond = self.condition(node.test)
        then = self.b.append_basic_block("if.then")
        other = self.b.append_basic_block("if.else") if node.orelse else None
        after = self.b.append_basic_block("if.end")
        self.b.cbranch(cond, then, other or after)
        self.b.position_at_end(then)
        self.scoped_block(node.body, node)
        if not self.b.block.is_terminated:
            self.b.branch(after)
        if other is not None:
            self.b.position_at_end(other)
            self.scoped_block(node.orelse, node.orelse[0])
            if not self.b.block.is_terminated:
                self.b.branch(after)
        self.b.position_at_end(after)

    def stmt_While(self, node: ast.While) -> None:
        head = self.b.append_basic_block("while.head")
        body = self.b.append_basic_block("while.body")
        otherwise = self.b.append_basic_block("while.else") if node.orelse else None
        after = self.b.append_basic_block("while.end")
        self.b.branch(head)
        self.b.position_at_end(head)
        self.at(node)
        cond = self.condition(node.test)
        self.release_temps()
        self.b.cbranch(cond, body, otherwise or after)
        self.b.position_at_end(body)
        self._loop_body(node, head, after)
        self._loop_else(node, otherwise, after)

    def _loop_body(self, node, continue_to, break_to) -> None:
        self.loops.append(LoopTargets(break_to, continue_to, len(self.scopes), len(self.tries)))
        self.scoped_block(node.body, node)
        self.loops.pop()
        if not self.b.block.is_terminated:
            self.b.branch(continue_to)

    def _loop_else(self, node, otherwise, after) -> None:
        if otherwise is not None:
            self.b.position_at_end(otherwise)
            self.scoped_block(node.orelse, node.orelse[0])
            if not self.b.block.is_terminated:
                self.b.branch(after)
        self.b.position_at_end(after)

    def stmt_Break(self, node) -> None:
        loop = self.loops[-1]
        self._run_finally_blocks(loop.try_depth)
        self.destroy_scopes(loop.depth)
        self.b.branch(loop.break_to)

    def stmt_Continue(self, node) -> None:
        loop = self.loops[-1]
        self._run_finally_blocks(loop.try_depth)
        self.destroy_scopes(loop.depth)
        self.b.branch(loop.continue_to)

    def stmt_For(self, node: ast.For) -> None:
        iter_type = self.type_of(node.iter)
        if iter_type == T.RANGE or (isinstance(node.iter, ast.Call) and isinstance(node.iter.func, ast.Name)
                                    and node.iter.func.id == "range"):
            self._for_range(node)
        elif isinstance(iter_type, T.ListType):
            self._for_list(node, iter_type)
        elif node in self.inst.calls and node.target in self.inst.calls:
            self._for_iterator(node)
        else:
            raise self.unsupported(f"`for` over {iter_type} is not supported in compiled code yet", node.iter)

    def _range_bounds(self, call: ast.Call):
        args = [self.scalar_int(self.expr(a)) for a in call.args]
        if len(args) == 1:
            return I64(0), args[0], I64(1), 1
        step_node = call.args[2] if len(call.args) == 3 else None
        step = args[2] if step_node is not None else I64(1)
        known = 1
        if step_node is not None:
            known = self.constant_int(step_node)
        return args[0], args[1], step, known

    def _for_range(self, node: ast.For) -> None:
        b = self.b
        start, stop, step, known_step = self._range_bounds(node.iter)
        if not known_step:                  # unknown, or a literal 0: Python's ValueError
            zero = b.icmp_signed("==", step, I64(0)) if known_step is None else ir.Constant(ir.IntType(1), 1)
            with b.if_then(zero, likely=known_step == 0):
                self.fault(VALUE, "range() arg 3 must not be zero", node.iter)
            known_step = None if known_step is None else 1
        var = None if self._is_discard(node.target) else self._var_of_target(node.target, node)
        self.push_scope(node)
        if var is not None:
            self.declare_local(var, node.target)
        counter = alloca_entry(b, I64, "range.i")
        b.store(start, counter)
        head = b.append_basic_block("for.head")
        body = b.append_basic_block("for.body")
        latch = b.append_basic_block("for.next")
        otherwise = b.append_basic_block("for.else") if node.orelse else None
        after = b.append_basic_block("for.end")
        b.branch(head)
        b.position_at_end(head)
        i = b.load(counter, typ=I64)
        if known_step is not None:
            cond = b.icmp_signed("<" if known_step > 0 else ">", i, stop)
        else:
            cond = b.select(b.icmp_signed(">", step, I64(0)), b.icmp_signed("<", i, stop),
                            b.icmp_signed(">", i, stop))
        b.cbranch(cond, body, otherwise or after)
        b.position_at_end(body)
        if var is not None:
            b.store(self.int_to(i, var.type), self.slot_of(var))
        self._loop_body(node, latch, after)
        b.position_at_end(latch)
        if known_step in (1, -1):           # i < stop, so i + 1 cannot overflow
            b.store(b.add(b.load(counter, typ=I64), step), counter)
            b.branch(head)
        else:                               # a step past the Int range ends the range, as in Python
            sadd = self.intrinsic("llvm.sadd.with.overflow", ir.LiteralStructType([I64, I1]), [I64], [I64, I64])
            stepped = b.call(sadd, [b.load(counter, typ=I64), step])
            b.store(b.extract_value(stepped, 0), counter)
            b.cbranch(b.extract_value(stepped, 1), otherwise or after, head)
        self._loop_else(node, otherwise, after)
        self.scopes.pop()

    def _for_list(self, node: ast.For, list_type: T.ListType) -> None:
        b = self.b
        if self._stable_place(node.iter):
            # read the list through its variable each round: an `append` in the
            # body may move the buffer (a snapshot then read freed memory)
            holder, _ = self.address(node.iter)
        else:
            holder = alloca_entry(b, self.layout.list, "iter")
            b.store(self.expr(node.iter).value, holder)
        var = None if self._is_discard(node.target) else self._var_of_target(node.target, node)
        self.push_scope(node)
        if var is not None:
            self.declare_local(var, node.target)
        counter = alloca_entry(b, I64, "list.i")
        b.store(I64(0), counter)
        head, body, latch = (b.append_basic_block(n) for n in ("for.head", "for.body", "for.next"))
        otherwise = b.append_basic_block("for.else") if node.orelse else None
        after = b.append_basic_block("for.end")
        b.branch(head)
        b.position_at_end(head)
        i = b.load(counter, typ=I64)
        current = b.load(holder, typ=self.layout.list)
        b.cbranch(b.icmp_signed("<", i, b.extract_value(current, 1)), body, otherwise or after)
        b.position_at_end(body)
        elem_ty = self.layout.llvm(list_type.element)
        item = b.load(b.gep(b.extract_value(current, 0), [i], source_etype=elem_ty), typ=elem_ty)
        if var is not None:
            self.store_var(var, Val(item, list_type.element))
        self._loop_body(node, latch, after)
        b.position_at_end(latch)
        b.store(b.add(b.load(counter, typ=I64), I64(1)), counter)
        b.branch(head)
        self._loop_else(node, otherwise, after)
        self.pop_scope_after_loop()

    def _stable_place(self, node: ast.AST) -> bool:
        """A variable or a field path of one: storage that no statement of the
        loop body can move (a list element could: its list may grow)."""
        if isinstance(node, ast.Attribute):
            return self.addressable(node) and self._stable_place(node.value)
        return isinstance(node, ast.Name) and self.addressable(node)

    def _for_iterator(self, node: ast.For) -> None:
        """`for x in s` on a struct: `it = s.__iter__()`, then while `len(it) > 0`:
        `x = it.__next__()` (Mojo's iterator protocol)."""
        b = self.b
        iterator = self.call_node(node)             # `__iter__`, recorded on the For node
        it_type = iterator.type
        length = self.method_of(it_type, "__len__")
        if length is None:
            raise self.unsupported(f"iterating over `{it_type}` needs `fn __len__(self) -> Int` "
                                   "(items left) on the iterator", node.iter)
        slot = alloca_entry(b, self.layout.llvm(it_type), "iterator")
        b.store(self.take(iterator), slot)
        var = None if self._is_discard(node.target) else self._var_of_target(node.target, node)
        self.push_scope(node)
        if var is not None:
            self.declare_local(var, node.target)
        head, body = b.append_basic_block("for.head"), b.append_basic_block("for.body")
        otherwise = b.append_basic_block("for.else") if node.orelse else None
        after = b.append_basic_block("for.end")
        b.branch(head)
        b.position_at_end(head)
        current = Val(b.load(slot, typ=self.layout.llvm(it_type)), it_type)
        left = self.call_method_value(length, current, [], node.iter).value
        b.cbranch(b.icmp_signed(">", left, I64(0)), body, otherwise or after)
        b.position_at_end(body)
        nxt = self.inst.calls[node.target]
        element = self.invoke(self.ctx.declared(nxt.instance), [slot], node.target)
        if var is not None:
            self.store_var(var, element)
        self.release_temps()
        self._loop_body(node, head, after)
        self._loop_else(node, otherwise, after)
        self.pop_scope_after_loop()
        if self.life.needs_destroy(it_type) and not b.block.is_terminated:
            self.life.destroy(b, b.load(slot, typ=self.layout.llvm(it_type)), it_type)

    def pop_scope_after_loop(self) -> None:
        if not self.b.block.is_terminated:
            self._destroy_scope(self.scopes[-1])
        self.scopes.pop()

    # -- returns, errors -----------------------------------------------------------
    def stmt_Return(self, node: ast.Return) -> None:
        value = None
        if node.value is not None:
            value = self._return_value(node.value)
            if not self.sig.returns_value:
                value = None        # `return self.store(...)` in a fn returning None (Mojo allows it)
        self.release_temps()
        self._run_finally_blocks(0)
        self.destroy_scopes(0)
        self._del_self_fields()
        self.ret(value)

    def _owned_local(self, expr: ast.expr):
        """The variable, if `expr` names a local that owns its value."""
        binding = self.inst.names.get(expr) if isinstance(expr, ast.Name) else None
        if binding is not None and binding.var is not None and binding.var in self.flags \
                and expr not in self.inst.conversions:
            return binding.var
        return None

    def _return_value(self, expr: ast.expr) -> ir.Value:
        var = self._owned_local(expr)
        if var is not None:
            return self.move_out(var)              # returning a local moves it out
        return self.take(self.expr(expr))

    def _run_finally_blocks(self, down_to: int) -> None:
        saved = self.tries
        for depth in range(len(saved) - 1, down_to - 1, -1):
            frame = saved[depth]
            if frame.finally_body:
                self.tries = saved[:depth]
                self.block(frame.finally_body)
        self.tries = saved

    def stmt_Raise(self, node: ast.Raise) -> None:
        if node.exc is None:
            err = self.b.load(self.current_error_slot(node), typ=PTR)
            err = self.b.call(self.ctx.runtime.get("kiln_error_copy"), [err])
        elif self._owned_local(node.exc) is not None:
            err = self.move_out(self._owned_local(node.exc))     # `raise e` gives e away
        else:
            err = self.error_value(self.expr(node.exc), node.exc)
        self.b.call(self.ctx.runtime.get("kiln_error_push"), [err, self.site_of(node)])
        self.release_temps()
        self.propagate(err)

    def current_error_slot(self, node) -> ir.Value:
        slots = getattr(self, "_handling", [])
        if not slots:
            raise self.internal("bare `raise` outside an `except` block", node)
        return slots[-1]

    def stmt_Assert(self, node: ast.Assert) -> None:
        cond = self.condition(node.test)
        fail = self.b.append_basic_block("assert.fail")
        ok = self.b.append_basic_block("assert.ok")
        self.b.cbranch(cond, ok, fail)
        self.b.position_at_end(fail)
        with self.isolated_temps():
            if node.msg is None:
                self.fault(ASSERTION, "", node)
            else:
                message = self.expr(node.msg)
                self.fault_with_text(ASSERTION, self.to_string(message), node)
        self.b.position_at_end(ok)

    def stmt_Try(self, node: ast.Try) -> None:
        b = self.b
        handler = b.append_basic_block("try.except")
        after = b.append_basic_block("try.end")
        err_slot = alloca_entry(b, PTR, "error", init=NULL)
        frame = TryFrame(handler, err_slot, len(self.scopes), node.finalbody or None)
        self.tries.append(frame)
        self.scoped_block(node.body, node)
        self.tries.pop()
        if not b.block.is_terminated:
            if node.orelse:
                self.scoped_block(node.orelse, node.orelse[0])
            if not b.block.is_terminated:
                self.block(node.finalbody)
                if not b.block.is_terminated:
                    b.branch(after)
        b.position_at_end(handler)
        self._except_handlers(node, err_slot, after)
        b.position_at_end(after)

    def _except_handlers(self, node: ast.Try, err_slot, after) -> None:
        b = self.b
        if not node.handlers:
            if not self.sig.may_fail:
                b.unreachable()         # nothing in this fn can fail, so no error arrives here
                return
            err = b.load(err_slot, typ=PTR)
            self.block(node.finalbody)
            if not b.block.is_terminated:
                self.propagate(err)
            return
        h = node.handlers[0]            # Kiln's single `except e:` catches every Error
        self.push_scope(h)
        # returns and breaks inside the handler still run the `finally` body
        self.tries.append(TryFrame(None, err_slot, len(self.scopes), node.finalbody or None))
        handling = getattr(self, "_handling", [])
        self._handling = handling + [err_slot]
        var = self.inst.handler_vars.get(h)      # `except e:` (Mojo) or `except Error as e:`
        if var is None and h.name:
            var = self.inst.local_of.get(h) or self._handler_var(h)
        if var is not None:
            self.declare_local(var, h)
            self.store_var(var, Val(b.load(err_slot, typ=PTR), T.ERROR, owned=True), initial=True)
        else:
            # a bare `except:` still owns the error: freed however the handler
            # ends (`continue`/`break`/`return` skipped the free; bare `raise` copies)
            self._own(LocalVar("<error>", "except", T.ERROR, None, None), err_slot, T.ERROR)
        self.block(h.body)
        self._handling = handling
        self.tries.pop()
        self.pop_scope()
        if not b.block.is_terminated:
            self.block(node.finalbody)
            if not b.block.is_terminated:
                b.branch(after)

    def _handler_var(self, h: ast.ExceptHandler):
        for var in self.inst.locals:
            if var.kind == "except" and var.name == h.name and var.span is not None \
                    and self.source.position(var.span.start).line == h.lineno:
                return var
        raise self.internal(f"no variable recorded for `except {h.name}`", h)

    # -- compile-time statements -------------------------------------------------------
    def stmt_CompileTime(self, node: K.CompileTime) -> None:
        inner = node.body
        if isinstance(inner, list):
            for stmt in inner:
                self._compile_time(node, stmt)
            return
        self._compile_time(node, inner)

    def _compile_time(self, node: K.CompileTime, inner: ast.stmt) -> None:
        if isinstance(inner, ast.If):
            index = self.inst.param_ifs.get(node, self.inst.param_ifs.get(inner))
            if index is None:
                raise self.internal("no branch recorded for `@parameter if`", node)
            chosen = self._parameter_branch(inner, index)
            if chosen is not None:
                self.scoped_block(chosen, node)
        elif isinstance(inner, ast.For):
            values = self.inst.unrolls.get(node, self.inst.unrolls.get(inner))
            if values is None:
                raise self.internal("no iterations recorded for `@parameter for`", node)
            name = inner.target.id if isinstance(inner.target, ast.Name) else None
            saved = self.comptime_values.get(name)
            for value in values:
                self.comptime_values[name] = value
                self.scoped_block(inner.body, inner)
                if self.b.block.is_terminated:
                    break
            if saved is not None:
                self.comptime_values[name] = saved
        else:
            self.statement(inner)

    def _parameter_branch(self, node: ast.If, index: int):
        if index < 0:
            return None
        current: ast.If | None = node
        position = 0
        while current is not None:
            if position == index:
                return current.body
            position += 1
            orelse = current.orelse
            if len(orelse) == 1 and isinstance(orelse[0], ast.If):
                current = orelse[0]
            else:
                return orelse if position == index and orelse else None
        return None
