"""`vectorize` and `parallelize` (a mixin).

vectorize[body, width](n): calls `body[width]` on full vectors and `body[1]`
on the remainder, inline in the caller (LLVM then inlines the closures).
parallelize[body](n[, workers]): an adapter `ptr(env, i)` around the closure
is handed to the runtime's pthread pool; an error in any work item comes
back as the call's error."""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import FnKey
from ..irbuilder import Builder
from ..layout import I64, PTR
from ..runtime.base import alloca_entry
from .values import Val

UNIT = ir.Constant(ir.LiteralStructType([]), [])


class AlgorithmMixin:
    def algorithm_builtins(self) -> dict:
        return {
            "vectorize": self.vectorize,
            "algorithm.vectorize": self.vectorize,
            "parallelize": self.parallelize,
            "sync_parallelize": self.parallelize,
            "algorithm.parallelize": self.parallelize,
            "algorithm.sync_parallelize": self.parallelize,
        }

    def _closure_key(self, target, trailing: tuple) -> FnKey:
        """The instance of the closure passed at compile time (an FnKey, or the
        closure's decl_id: then the key is this fn's parameters + `trailing`)."""
        for arg in target.comptime_args:
            if isinstance(arg, FnKey):
                return FnKey(arg.decl_id, arg.params[:len(arg.params) - len(trailing)] + trailing) \
                    if trailing and arg.params[-len(trailing):] != trailing else arg
            if isinstance(arg, str) and "::" in arg:
                wanted = FnKey(arg, tuple(self.inst.key.params) + trailing)
                found = self._find_instance(arg, wanted, trailing)
                if found is not None:
                    return found
        raise self.internal(f"`{target.name}` without a closure instance in its compile-time arguments")

    def _find_instance(self, decl_id: str, wanted: FnKey, trailing: tuple) -> FnKey | None:
        candidates = [k for mod in self.ctx.program.modules.values() for k in mod.functions
                      if k.decl_id == decl_id]
        if wanted in candidates:
            return wanted
        matching = [k for k in candidates if tuple(k.params[len(k.params) - len(trailing):]) == trailing]
        return matching[0] if len(matching) >= 1 else None

    def _width_arg(self, target) -> int:
        ints = [a for a in target.comptime_args if isinstance(a, int) and not isinstance(a, bool)]
        if not ints:
            raise self.internal("vectorize without a width")
        return ints[0]

    def vectorize(self, node, target) -> Val:
        b = self.b
        width = self._width_arg(target)
        wide = self._closure_key(target, (width,))
        narrow = self._closure_key(target, (1,))
        args = self.args_of(node, target)
        n = self.scalar_int(self.expr(args[-1]))
        wide_fn = self.ctx.declared(wide)
        narrow_fn = self.ctx.declared(narrow)
        env = self.closure_env(wide_fn)
        i = alloca_entry(b, I64, "vec.i")
        b.store(I64(0), i)
        limit = b.sub(n, I64(width - 1))
        for fn, step, bound in ((wide_fn, width, limit), (narrow_fn, 1, n)):
            head, body, done = (b.append_basic_block(f"vectorize.{step}.{x}") for x in ("head", "body", "done"))
            b.branch(head)
            b.position_at_end(head)
            b.cbranch(b.icmp_signed("<", b.load(i, typ=I64), bound), body, done)
            b.position_at_end(body)
            current = b.load(i, typ=I64)
            args_ = [env, current] if fn.signature.has_env else [current]
            self.invoke(fn, args_, node)
            b.store(b.add(current, I64(step)), i)
            b.branch(head)
            b.position_at_end(done)
        return Val(UNIT, T.NONE)

    def parallelize(self, node, target) -> Val:
        b = self.b
        body = self.ctx.declared(self._closure_key(target, ()))
        args = self.args_of(node, target)
        count = self.scalar_int(self.expr(args[0]))
        workers = self.scalar_int(self.expr(args[1])) if len(args) > 1 else I64(0)
        env = self.closure_env(body) if body.signature.has_env else ir.Constant(PTR, None)
        adapter = self._parallel_adapter(body)
        err = b.call(self.ctx.runtime.get("kiln_parallel_for"), [adapter, env, count, workers])
        if body.signature.may_fail or self.ctx.effects.guarded.get(body.instance.key, False):
            self.check_call(err, True, False, node)     # a fault that landed in a worker, too
        return Val(UNIT, T.NONE)

    def _parallel_adapter(self, body) -> ir.Function:
        name = f"{body.function.name}.task"
        existing = self.ctx.module.globals.get(name)
        if existing is not None:
            return existing
        fn = ir.Function(self.ctx.module, ir.FunctionType(PTR, [PTR, I64]), name)
        fn.linkage = "internal"
        fn.attributes.add("uwtable")
        b = Builder(fn.append_basic_block("entry"))
        line = body.instance.node.lineno
        sp = self.ctx.debug.subprogram(fn, name=f"{body.instance.key.decl_id.split('::')[-1]} (parallel task)",
                                       path=self.ctx.display_path(self.path), line=line, result=None,
                                       params=[], local=True, optimized=self.ctx.options.opt_level > 0)
        b.debug_metadata = self.ctx.debug.location(line, 1, sp)
        env, i = fn.args
        index = i if body.instance.params[0].type == T.INT else b.trunc(i, self.layout.llvm(body.instance.params[0].type))
        call_args = [env, index] if body.signature.has_env else [index]
        outcome = b.call(body.function, call_args)
        b.ret(outcome if body.signature.may_fail else ir.Constant(PTR, None))
        return fn
