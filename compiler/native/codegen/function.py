"""The emitter of one fn instance: prologue (parameter slots, captures,
DWARF), variables with drop flags, scopes, error propagation, epilogue.

Statement and expression lowering live in the mixins (statements.py,
expressions.py, calls.py, builtins.py); this class holds the state they share.
"""
from __future__ import annotations

import ast
import os
from contextlib import contextmanager

from llvmlite import ir

from ...semantic import types as T
from ...semantic.locals import LocalVar
from ...semantic.typed_model import FnInstance
from ..irbuilder import Builder
from ..layout import I1, I32, I64, PTR
from ..runtime.base import alloca_entry
from ..runtime.errors import ERROR_TYPE, RAISED, site
from .calls import CallsMixin
from .context import CodegenError, Declared, ProgramContext, Unsupported
from .builtins import BuiltinsMixin
from .expressions import ExpressionsMixin
from .lifecycle import Lifecycle
from .statements import StatementsMixin
from .values import LoopTargets, OwnedLocal, Scope, TryFrame, Val

NULL = ir.Constant(PTR, None)


class FunctionEmitter(StatementsMixin, ExpressionsMixin, CallsMixin, BuiltinsMixin):
    def __init__(self, ctx: ProgramContext, declared: Declared, lifecycle: Lifecycle,
                 recursion_target: Declared | None = None):
        self.ctx = ctx
        self.recursion_target = recursion_target   # where self-calls go (unrolled recursion)
        self.inst: FnInstance = declared.instance
        self.fn = declared.function
        self.sig = declared.signature
        self.life = lifecycle
        self.layout = ctx.layout
        self.source = ctx.source(self.path)
        self.b = Builder(self.fn.append_basic_block("entry"))
        self.slots: dict[LocalVar, ir.Value] = {}
        self.flags: dict[LocalVar, ir.Value] = {}
        self.scopes: list[Scope] = []
        self.loops: list[LoopTargets] = []
        self.tries: list[TryFrame] = []
        self.temps: list[Val] = []
        self.comptime_values: dict[str, object] = {}
        self.field_flags: dict[str, ir.Value] = {}
        self.leftover_flags: dict[str, ir.Value] = {}   # __moveinit__: fields `existing` still owns
        self.env: ir.Value | None = None
        self.subprogram = None

    @property
    def path(self) -> str:
        return self.inst.key.decl_id.split("::", 1)[0]

    @property
    def name(self) -> str:
        return self.inst.key.decl_id.split("::", 1)[1]

    # -- errors in Kiln itself -----------------------------------------------
    def internal(self, message: str, node: ast.AST | None = None) -> CodegenError:
        return CodegenError(message, self.path, node)

    def unsupported(self, message: str, node: ast.AST | None = None) -> Unsupported:
        return Unsupported(message, self.path, node)

    def type_of(self, node: ast.AST) -> T.Type:
        t = self.inst.expr_types.get(node)
        if t is None:
            binding = self.inst.names.get(node)
            if binding is not None and binding.var is not None:
                return binding.var.type
            raise self.internal(f"no type recorded for `{ast.unparse(node)}`", node)
        return t

    # -- locations -------------------------------------------------------------
    def columns(self, node: ast.AST) -> tuple[int, int, int]:
        """(line, 1-based char column, 1-based end char column) of a node."""
        line = node.lineno
        text = self.source.line_text(line).encode("utf-8")
        col = len(text[:node.col_offset].decode("utf-8", "replace")) + 1
        end_line = getattr(node, "end_lineno", line)
        end = getattr(node, "end_col_offset", node.col_offset)
        end_col = len(text[:end].decode("utf-8", "replace")) + 1 if end_line == line else len(text) + 1
        return line, col, end_col

    def at(self, node: ast.AST) -> None:
        if self.subprogram is None or not hasattr(node, "lineno"):
            return
        line, col, _ = self.columns(node)
        self.b.debug_metadata = self.ctx.debug.location(line, col, self.scopes[-1].di_scope
                                                        if self.scopes else self.subprogram)

    def site_of(self, node: ast.AST) -> ir.Value:
        line, col, end_col = self.columns(node)
        return site(self.ctx.module, self.ctx.display_path(self.path), self.display_name,
                    line, col, end_col)

    @property
    def display_name(self) -> str:
        return self.name

    # -- emission ----------------------------------------------------------------
    def emit(self) -> None:
        node = self.inst.node
        self._open_subprogram(node)
        self.scopes.append(Scope(self.subprogram))
        self.b.debug_metadata = self.ctx.debug.location(node.lineno, node.col_offset + 1, self.subprogram)
        self._prologue()
        self.block(node.body)
        if not self.b.block.is_terminated:
            self._fall_off_end(node)
        self._finish_entry()

    def _open_subprogram(self, node) -> None:
        ctx = self.ctx
        dt = ctx.ditypes
        params = [self._param_ditype(p.type, p.convention) for p in self.inst.params]
        self.subprogram = ctx.debug.subprogram(
            self.fn, name=self.display_name, path=ctx.display_path(self.path), line=node.lineno,
            result=dt.of(self.inst.result), params=params, local=True,
            optimized=ctx.options.opt_level > 0)

    def _param_ditype(self, t: T.Type, convention: str):
        base = self.ctx.ditypes.of(t)
        if convention != "inout":
            return base
        return self.ctx.module.add_debug_info("DIDerivedType", {
            "tag": ir.DIToken("DW_TAG_reference_type"), "baseType": base, "size": 64})

    def _prologue(self) -> None:
        # The spills carry no line, as clang's: the first located instruction
        # (the prologue end gdb stops at after `step`/`break fn`) is then the
        # first body line, where every parameter already holds its value.
        located, self.b.debug_metadata = self.b.debug_metadata, None
        try:
            self._bind_params()
        finally:
            self.b.debug_metadata = located

    def _bind_params(self) -> None:
        args = list(self.fn.args)
        if self.sig.has_env:
            self.env = args.pop(0)
            used = set(self.inst.captures)
            captured = self.ctx.environment_of(self.inst.enclosing)
            for i, var in enumerate(captured):
                cell = self.b.gep(self.env, [I64(i)], source_etype=PTR)
                self.slots[var] = self.b.load(cell, typ=PTR, name=f"{var.name}.ref")
                if var in used:
                    self._declare_capture(var, self.slots[var])
            for i, var in enumerate(self.life.flagged(captured), start=len(captured)):
                cell = self.b.gep(self.env, [I64(i)], source_etype=PTR)
                self.flags[var] = self.b.load(cell, typ=PTR, name=f"{var.name}.live.ref")
        for index, (p, arg) in enumerate(zip(self.inst.params, args)):
            self._bind_param(index, p, arg)
        for name, value in self.inst.comptime.items():
            self.comptime_values.setdefault(name, value)
        self._open_field_flags()

    _CONSTRUCTORS = (".__init__", ".__copyinit__", ".__moveinit__")

    def _open_field_flags(self) -> None:
        """A constructor's `self` starts uninitialised: the first assignment of
        a field must not destroy the garbage it holds (that ran `__del__` on
        stack junk). One flag per destructible field, set once it holds a value."""
        params = self.inst.params
        if self.inst.owner is None or not params or params[0].convention != "inout" \
                or not self.name.endswith(self._CONSTRUCTORS):
            return
        moveinit = self.name.endswith(".__moveinit__") and len(params) > 1
        for f in self.ctx.structs[self.inst.owner].fields:
            if self.life.needs_destroy(f.type):
                self.field_flags[f.name] = alloca_entry(self.b, I1, f"self.{f.name}.set", init=I1(0))
                if moveinit:
                    self.leftover_flags[f.name] = alloca_entry(self.b, I1, f"existing.{f.name}.owned",
                                                               init=I1(1))

    def field_moved_out(self, inner: ast.Attribute) -> None:
        """`existing.f^` in `__moveinit__`: `existing` no longer owns `f`."""
        flag = self.leftover_flags.get(inner.attr)
        binding = self.inst.names.get(inner.value) if isinstance(inner.value, ast.Name) else None
        if flag is not None and binding is not None and binding.var is self.inst.params[1].var:
            self.b.store(I1(0), flag)

    def _destroy_leftovers(self) -> None:
        """`existing` of `__moveinit__` is consumed without its `__del__`; the
        fields it was not moved out of (`self.s = existing.s` copies) are still
        its own, destroyed as the constructor returns."""
        owner = self.inst.owner
        holder = self.slots[self.inst.params[1].var]
        for index, f in enumerate(self.ctx.structs[owner].fields):
            flag = self.leftover_flags.get(f.name)
            if flag is None:
                continue
            with self.b.if_then(self.b.load(flag, typ=I1)):
                ptr = self.b.gep(holder, [I32(0), I32(index)], source_etype=self.layout.llvm(owner))
                self.life.destroy(self.b, self.b.load(ptr, typ=self.layout.llvm(f.type)), f.type)

    def replace_field(self, target: ast.Attribute, ptr: ir.Value, value: ir.Value, t: T.Type) -> None:
        """Store `value` in the field at `ptr`, destroying the value it held."""
        flag = self._field_flag(target)
        if flag is None:
            self.life.destroy(self.b, self.b.load(ptr, typ=value.type), t)
        else:
            with self.b.if_then(self.b.load(flag, typ=I1)):
                self.life.destroy(self.b, self.b.load(ptr, typ=value.type), t)
            self.b.store(I1(1), flag)
        self.b.store(value, ptr)

    def _field_flag(self, target: ast.Attribute) -> ir.Value | None:
        if not self.field_flags or not isinstance(target.value, ast.Name):
            return None
        binding = self.inst.names.get(target.value)
        if binding is None or binding.var is not self.inst.params[0].var:
            return None
        return self.field_flags.get(target.attr)

    def stack_guard(self, callee: Declared, node) -> None:
        """Before a call that can close a cycle of the call graph (caller and
        callee both recursive), check the stack (runtime/stack.py). At call
        sites, not in the prologue: a call that ends the recursion (fib's
        `n < 2`) then runs no check and keeps its frameless fast path, and
        the unrolled copies of a self-recursive fn (always inlined) need
        none: only calls of the real function make frames."""
        ctx = self.ctx
        recursive = ctx.effects.recursive
        if self.inst.key not in recursive or callee.instance.key not in recursive \
                or callee.function is not ctx.declared(callee.instance.key).function:
            return
        from ..runtime.stack import emit_stack_guard
        from ..runtime.thread_state import supported
        if not supported(ctx.module):
            return
        emit_stack_guard(self.b, self._overflow_block())

    def _overflow_block(self) -> ir.Block:
        """One per fn: the frames come from the return addresses the fault
        records, so the block need not know which call site branched here."""
        block = getattr(self, "_overflow", None)
        if block is not None:
            return block
        from ..constants import cstring
        from ..runtime.errors import RECURSION
        ctx, node = self.ctx, self.inst.node
        block = self._overflow = self.fn.append_basic_block("stack.overflow")
        with self.b.goto_block(block):
            where = os.path.basename(ctx.display_path(self.path))
            text = (f"maximum recursion depth exceeded in fn {self.display_name} "
                    f"({where}:{node.lineno}): the native stack is exhausted").encode()
            self.b.call(ctx.runtime.get("kiln_fault_raise"), [
                I32(RECURSION), cstring(ctx.module, text), I64(0), I64(0), I64(0), self.site_of(node)])
            self.b.unreachable()
        return block

    def _declare_capture(self, var: LocalVar, pointer: ir.Value) -> None:
        """A captured variable shows in the closure's frame as a reference to
        the enclosing frame's variable (gdb prints the value it refers to)."""
        holder = alloca_entry(self.b, PTR, f"{var.name}.capture")
        self.b.store(pointer, holder)
        line = self.inst.node.lineno
        divar = self.ctx.debug.variable(var.name, self.subprogram, self.ctx.display_path(self.path),
                                        line, self._param_ditype(var.type, "inout"))
        self.ctx.debug.declare(self.b, holder, divar, self._fn_line())

    def _bind_param(self, index: int, p, arg: ir.Value) -> None:
        var = p.var
        if p.convention == "inout":
            holder = alloca_entry(self.b, PTR, f"{p.name}.ref")
            self.b.store(arg, holder)
            storage = arg
        else:
            holder = alloca_entry(self.b, self.layout.llvm(p.type), p.name)
            self.b.store(arg, holder)
            storage = holder
        if var is not None:
            self.slots[var] = storage
            if p.convention == "owned" and self.life.needs_destroy(p.type) and not self._consumed_param(index):
                self._own(var, storage, p.type)
        node = p.node if p.node is not None and hasattr(p.node, "lineno") else self.inst.node
        ditype = self._param_ditype(p.type, p.convention)
        divar = self.ctx.debug.variable(p.name, self.subprogram, self.ctx.display_path(self.path),
                                        node.lineno, ditype, arg=index + 1)
        self.ctx.debug.declare(self.b, holder, divar, self._fn_line())

    def _fn_line(self):
        node = self.inst.node
        return self.ctx.debug.location(node.lineno, node.col_offset + 1, self.subprogram)

    def _consumed_param(self, index: int) -> bool:
        """Owned parameters whose lifetime ends without their destructor:
        `self` of `__del__` (its fields are destroyed when the method ends)
        and `existing` of `__moveinit__` (its resources now belong to `self`)."""
        if self.inst.owner is None:
            return False
        return (index == 0 and self.name.endswith(".__del__")) or \
            (index == 1 and self.name.endswith(".__moveinit__"))

    def _finish_entry(self) -> None:
        """Terminate stray blocks (after `return` inside branches)."""
        for block in self.fn.blocks:
            if not block.is_terminated:
                self.b.position_at_end(block)
                self.b.unreachable()

    def _fall_off_end(self, node) -> None:
        if self.inst.result != T.NONE:
            self.b.unreachable()        # the checker proved every path returns
            return
        self.destroy_scopes(0)
        self._del_self_fields()
        self.ret(None)

    def _del_self_fields(self) -> None:
        if self.leftover_flags:
            self._destroy_leftovers()
        if self.inst.owner is not None and self.name.endswith(".__del__") and self.inst.params:
            var = self.inst.params[0].var
            value = self.b.load(self.slots[var], typ=self.layout.llvm(self.inst.owner))
            self.life.destroy_fields(self.b, value, self.inst.owner)

    # -- returning ---------------------------------------------------------------
    def ret(self, value: ir.Value | None, error: ir.Value | None = None) -> None:
        b = self.b
        rtype = self.fn.function_type.return_type
        if not self.sig.may_fail:
            b.ret(value) if value is not None else b.ret_void()
            return
        err = error if error is not None else NULL
        if not self.sig.returns_value:
            b.ret(err)
            return
        payload = value if value is not None else ir.Constant(rtype.elements[0], ir.Undefined)
        out = b.insert_value(ir.Constant(rtype, ir.Undefined), payload, 0)
        b.ret(b.insert_value(out, err, 1))

    # -- variables -------------------------------------------------------------
    def slot_of(self, var: LocalVar) -> ir.Value:
        slot = self.slots.get(var)
        if slot is None:
            slot = alloca_entry(self.b, self.layout.llvm(var.type), var.name)
            self.slots[var] = slot
        return slot

    def declare_local(self, var: LocalVar, node: ast.AST) -> ir.Value:
        slot = self.slot_of(var)
        divar = self.ctx.debug.variable(var.name, self.scopes[-1].di_scope,
                                        self.ctx.display_path(self.path), node.lineno,
                                        self.ctx.ditypes.of(var.type))
        self.ctx.debug.declare(self.b, slot, divar, self.b.debug_metadata)
        if self.life.needs_destroy(var.type):
            self._own(var, slot, var.type, live=False)
        return slot

    def _own(self, var: LocalVar, slot: ir.Value, t: T.Type, live: bool = True) -> None:
        flag = alloca_entry(self.b, I1, f"{var.name}.live", init=I1(0))
        if live:
            self.b.store(I1(1), flag)
        self.flags[var] = flag
        self.scopes[-1].owned.append(OwnedLocal(var, slot, flag, t))

    def store_var(self, var: LocalVar, val: Val, *, initial: bool = False) -> None:
        """Assign an owned copy of `val` to `var` (destroying the old value)."""
        slot = self.slot_of(var)
        value = self.take(val)
        flag = self.flags.get(var)
        if flag is not None:
            if not initial:
                with self.b.if_then(self.b.load(flag, typ=I1)):
                    self.life.destroy(self.b, self.b.load(slot, typ=value.type), var.type)
            self.b.store(I1(1), flag)
        elif not initial and self._holds_caller_value(var):
            self.life.destroy(self.b, self.b.load(slot, typ=value.type), var.type)
        self.b.store(value, slot)

    def _holds_caller_value(self, var: LocalVar) -> bool:
        """An `inout` parameter always holds the caller's live value, which an
        assignment replaces (and so destroys); a constructor's `self` does not."""
        if not self.life.needs_destroy(var.type):
            return False
        for index, p in enumerate(self.inst.params):
            if p.var is var:
                return p.convention == "inout" and not (
                    index == 0 and self.inst.owner is not None and self.name.endswith(self._CONSTRUCTORS))
        return False

    def live_flag_ref(self, var: LocalVar) -> ir.Value:
        """The live flag of a destructible variable, shared with nested fns so
        that their assignments destroy the old value and their moves are seen
        by the owner's scope end. Variables without one (`inout` parameters)
        always hold a value."""
        flag = self.flags.get(var)
        if flag is None:
            flag = self.flags[var] = alloca_entry(self.b, I1, f"{var.name}.live", init=I1(1))
        return flag

    def move_out(self, var: LocalVar) -> ir.Value:
        value = self.b.load(self.slot_of(var), typ=self.layout.llvm(var.type))
        flag = self.flags.get(var)
        if flag is not None:
            self.b.store(I1(0), flag)
        return value

    # -- ownership of temporaries -------------------------------------------------
    def owned_temp(self, value: ir.Value, t: T.Type) -> Val:
        val = Val(value, t, owned=True)
        if self.life.needs_destroy(t):
            self.temps.append(val)
        return val

    def take(self, val: Val) -> ir.Value:
        """The value, owned by the caller from now on (copied if borrowed)."""
        if val.owned:
            if val in self.temps:
                self.temps.remove(val)
            return val.value
        return self.life.copy(self.b, val.value, val.type)

    @contextmanager
    def isolated_temps(self):
        """For a branch that never rejoins (it raises or exits): temporaries it
        creates are not the statement's to destroy afterwards."""
        mark = len(self.temps)
        try:
            yield
        finally:
            del self.temps[mark:]

    def release_temps(self) -> None:
        while self.temps:
            val = self.temps.pop()
            self.life.destroy(self.b, val.value, val.type)

    # -- scopes ------------------------------------------------------------------
    def push_scope(self, node: ast.AST) -> None:
        di = self.ctx.debug.lexical_block(self.scopes[-1].di_scope, self.ctx.display_path(self.path),
                                          node.lineno, node.col_offset + 1)
        self.scopes.append(Scope(di))

    def pop_scope(self) -> None:
        if not self.b.block.is_terminated:
            self._destroy_scope(self.scopes[-1])
        self.scopes.pop()

    def destroy_scopes(self, depth: int) -> None:
        """Destroy the live owned locals of every scope deeper than `depth`."""
        for scope in reversed(self.scopes[depth:]):
            self._destroy_scope(scope)

    def _destroy_scope(self, scope: Scope) -> None:
        for owned in reversed(scope.owned):
            with self.b.if_then(self.b.load(owned.flag, typ=I1)):
                value = self.b.load(owned.slot, typ=self.layout.llvm(owned.type))
                self.life.destroy(self.b, value, owned.type)

    # -- errors -------------------------------------------------------------------
    def fault(self, kind: int, message: str, node: ast.AST) -> None:
        """Raise a runtime fault here (the current block ends)."""
        from ..constants import cstring
        text = message.encode()
        err = self.b.call(self.ctx.runtime.get("kiln_error_new"),
                          [I32(kind), cstring(self.ctx.module, text), I64(len(text))])
        self.b.call(self.ctx.runtime.get("kiln_error_push"), [err, self.site_of(node)])
        self.propagate(err)

    def check_call(self, outcome: ir.Value, may_fail: bool, returns: bool, node: ast.AST) -> ir.Value | None:
        """The result of a call; a returned error continues unwinding from here."""
        if not may_fail:
            return outcome if returns else None
        b = self.b
        err = b.extract_value(outcome, 1) if returns else outcome
        with b.if_then(b.icmp_unsigned("!=", err, NULL), likely=False):
            b.call(self.ctx.runtime.get("kiln_error_push"), [err, self.site_of(node)])
            self.propagate(err)
        return b.extract_value(outcome, 0) if returns else None

    def propagate(self, err: ir.Value) -> None:
        """Send `err` to the innermost `except` (raised Errors only) or out of
        the fn. Every `finally` it passes on the way out runs first: a fault
        passes `except` clauses by, and an error raised inside an `except`
        body leaves its `try`, but neither skips the `finally`."""
        b = self.b
        saved = self.tries
        kind = None
        for depth in range(len(saved) - 1, -1, -1):
            frame = saved[depth]
            if frame.handler is not None:
                if kind is None:
                    kind = b.load(b.gep(err, [I32(0), I32(0)], source_etype=ERROR_TYPE), typ=I32)
                with b.if_then(b.icmp_signed("==", kind, I32(RAISED))):
                    self.destroy_scopes(frame.depth)
                    b.store(err, frame.error_slot)
                    b.branch(frame.handler)
            if frame.finally_body:
                self.tries = saved[:depth]
                self.block(frame.finally_body)
                self.tries = saved
                if b.block.is_terminated:       # `return` in `finally` drops the error, as in Python
                    return
        self.destroy_scopes(0)
        self._abandon_fields()
        if not self.sig.may_fail:
            raise self.internal(f"`{self.display_name}` can fail but was given a non-failing signature")
        self.ret(None, err)

    def _abandon_fields(self) -> None:
        """A raising constructor leaves no value behind: the fields it already
        set are destroyed here (nobody else ever will)."""
        if not self.field_flags:
            return
        owner = self.inst.owner
        lay = self.ctx.structs[owner]
        this = self.slots[self.inst.params[0].var]
        for index, f in enumerate(lay.fields):
            flag = self.field_flags.get(f.name)
            if flag is None:
                continue
            with self.b.if_then(self.b.load(flag, typ=I1)):
                ptr = self.b.gep(this, [I32(0), I32(index)], source_etype=self.layout.llvm(owner))
                self.life.destroy(self.b, self.b.load(ptr, typ=self.layout.llvm(f.type)), f.type)
