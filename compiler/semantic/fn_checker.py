"""The type checker of one `fn` body (one specialisation of it).

Approach: a single forward walk over the body. Names are resolved with
Kiln's block rules as declarations are met, so resolution, typing and the
flow facts (initialised / moved) come out of the same pass. The walk fills an
`FnInstance` (typed_model.py): the type of every expression, what every name
binds to, the target of every call. The first, generic check of a
declaration also records symbols and references for the editor; checks of
specialisations only produce types (and diagnostics that the generic check
could not see).

The statement, expression, call and builtin rules live in mixins, one module
each: check_stmts.py, check_exprs.py, check_calls.py, builtin_calls.py,
check_places.py (assignment targets, conventions, moves).
"""
from __future__ import annotations

import ast

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic, Fix, Note, TextEdit
from ..syntax import nodes as K
from ..syntax.source import Span
from .builtin_calls import BuiltinMixin
from .builtin_methods import MethodMixin
from .check_calls import CallMixin
from .check_exprs import ExprMixin
from .check_places import PlaceMixin
from .check_stmts import StmtMixin
from .decls import FnDecl
from .locals import UNINIT, Block, ComptimeEntry, LocalVar, Mark
from .scopes import ScopeKind
from .signatures import FnSig
from .symbols import Reference, Symbol, SymbolKind
from .type_ops import Bindings, a_type, subst
from .typed_model import Binding, FnInstance, FnKey, ParamSlot
from .types import NONE, UNKNOWN, StructType, Type, is_concrete


class FnChecker(StmtMixin, ExprMixin, CallMixin, BuiltinMixin, MethodMixin, PlaceMixin):
    def __init__(self, ctx, decl: FnDecl, bindings: Bindings, *, record: bool,
                 outer: "FnChecker | None" = None, closure_block: Block | None = None,
                 diags: list[Diagnostic] | None = None) -> None:
        self.ctx = ctx
        self.decl = decl
        self.bindings: Bindings = dict(bindings)
        self.record = record
        self.outer = outer
        self.diags: list[Diagnostic] = [] if diags is None else diags
        outer_lookup = closure_block.lookup if closure_block is not None else None
        if outer is not None and closure_block is not None:
            outer_lookup = self._closure_lookup(outer, closure_block)
        self.sig: FnSig = ctx.fn_sig(decl, outer_lookup)
        self.root = Block(None)
        self._closure = outer_lookup
        self.block = self.root
        self.flow: dict[LocalVar, Mark] = {}
        self.handled = 0                     # > 0 inside a `try` body that has handlers
        self.loop_depth = 0
        self.loop_moves: list[dict[LocalVar, Span]] = []
        self.result_type: Type = self.subst(self.sig.result)
        self.closure_blocks: dict[int, Block] = {}
        self.closures_in_progress: set = set()       # FnKeys of nested fns being checked
        self.moved_fields: set[str] = set()          # in __moveinit__: `existing.f^` so far
        self.init_fields: set[str] | None = None   # in __init__: fields assigned so far
        self.current_stmt_span = None
        self.field_vars: dict[str, LocalVar] = {}    # in __init__: a flow fact per field
        self.pending_copies: dict[LocalVar, ast.AST] = {}
        self.pending_next = None                     # struct iterator of the `for` being checked
        self.current_for = None
        self.inst = self._new_instance()

    # -- set-up --------------------------------------------------------------------------
    def _closure_lookup(self, outer: "FnChecker", block: Block):
        def lookup(name: str):
            found = block.lookup(name)
            if found is not None:
                return found
            return outer._lookup_outer(name)
        return lookup

    def _lookup_outer(self, name: str):
        if self._closure is not None:
            return self._closure(name)
        return self._owner_lookup(name)

    def _owner_lookup(self, name: str):
        owner = self.decl.owner
        if owner is not None and hasattr(owner, "fields"):
            return self.ctx.struct_lookup(owner)(name)
        return self.ctx.lookup(name)

    def subst(self, t):
        return subst(t, self.bindings) if self.bindings else t

    def key(self) -> FnKey:
        values = []
        for p in self.decl.all_comptime:
            owner = self._param_owner(p)
            values.append(self.bindings.get((owner, p.name)))
        return FnKey(self.decl.decl_id, tuple(values))

    def _param_owner(self, p) -> str:
        fn = self.decl
        while fn is not None:
            if p in fn.comptime:
                return fn.decl_id
            if fn.parent_fn is None and fn.owner is not None and p in getattr(fn.owner, "comptime", ()):
                return fn.owner.decl_id
            fn = fn.parent_fn
        return self.decl.decl_id

    def _new_instance(self) -> FnInstance:
        key = self.key()
        owner_type = self.subst(self.sig.self_type) if isinstance(self.sig.self_type, StructType) else None
        link = _link_name(self.ctx.path, self.decl, key)
        comptime = {p.name: self.bindings.get((self._param_owner(p), p.name))
                    for p in self.decl.all_comptime}
        inst = FnInstance(key, link, self.decl.node, self.decl, owner_type, self.decl.is_static,
                          comptime, [], self.result_type, self.decl.raises,
                          fastmath="fastmath" in self.decl.decorators)
        if self.outer is not None:
            inst.enclosing = self.outer.inst.key
        return inst

    @property
    def is_concrete(self) -> bool:
        return all(v is not None and is_concrete(v) for v in self.inst.key.params)

    # -- the walk ------------------------------------------------------------------------
    def run(self) -> FnInstance:
        node = self.decl.node
        if self.record:
            span = self.ctx.source.span_of(node)
            parent_scope = self.outer.block_scope() if self.outer else self._decl_scope()
            self.root.scope = parent_scope.child(ScopeKind.FN, span.start, span.end, ordered=True)
        self._declare_comptime()
        self._declare_params()
        if self.decl.name == "__init__" and self.decl.owner is not None and hasattr(self.decl.owner, "fields"):
            self.init_fields = set()
            for f in self.decl.owner.fields:
                pseudo = LocalVar(f"self.{f.name}", "field", UNKNOWN, None, None)
                self.field_vars[f.name] = pseudo
                self.flow[pseudo] = Mark(UNINIT)
        terminated = self.check_block(node.body, new_scope=False)
        self._check_fn_end(terminated)
        return self.inst

    def _decl_scope(self):
        if self.decl.scope is not None:
            return self.decl.scope
        scope = self.ctx.module_scope
        owner = self.decl.owner
        if owner is not None:
            span = self.ctx.source.span_of(owner.node)
            for ch in scope.children:
                if ch.start == span.start and ch.kind in (ScopeKind.STRUCT, ScopeKind.TRAIT):
                    return ch
            return scope.child(ScopeKind.STRUCT, span.start, span.end)
        return scope.innermost(self.ctx.source.span_of(self.decl.node).start)

    def block_scope(self):
        b = self.block
        while b is not None and b.scope is None:
            b = b.parent
        return b.scope if b is not None else self.ctx.module_scope

    def _declare_comptime(self) -> None:
        for (p, kind), ref in zip(self.sig.comptime, self.sig.refs):
            value = self.bindings.get((ref.owner, ref.name), ref)
            self.root.names[p.name] = ComptimeEntry(p.name, value, kind, p.symbol)
            self._scope_name(p.name, p.symbol)

    def _declare_params(self) -> None:
        for p, t in self.sig.params:
            t = self.subst(t)
            kind = "param"
            var = LocalVar(p.name, kind, t, p.symbol, p.symbol.span, p.convention, self.decl)
            self.root.names[p.name] = var
            self._scope_name(p.name, p.symbol)
            self.inst.params.append(ParamSlot(p.name, t, p.convention, p.node, var))
            self.inst.locals[var] = t
            self.inst.local_of[p.node] = var
            if p.default is not None:
                self.expr_value(p.default, t, "K0202")

    def _check_fn_end(self, terminated: bool) -> None:
        if self.init_fields is not None:
            self._check_init_complete()
        if terminated or self.result_type == NONE or self.result_type is UNKNOWN:
            return
        if any(isinstance(n, K.ErrorStmt) for n in ast.walk(self.decl.node)):
            return               # the parser could not read the whole body
        returns = self.decl.node.returns
        span = self.ctx.source.span_of(returns) if returns is not None else self.decl.symbol.span
        self.diags.append(make.error(
            "K0380", span, f"`fn {self.decl.name}` may reach its end without returning "
                           f"{a_type(self.result_type)}",
            hint="add a `return` (or `raise`) on every path"))

    def _check_init_complete(self) -> None:
        sig = self.ctx.struct_sig(self.decl.owner)
        missing = [f.name for f, _ in sig.fields
                   if f.name not in self.init_fields or self.field_vars.get(f.name) in self.flow]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            self.diags.append(make.error(
                "K0224", self.decl.symbol.span,
                f"`__init__` does not initialize {names}",
                notes=[Note(f"`{m}` is not initialized") for m in missing],
                hint="assign every field (`self.x = ...`) in `__init__`"))

    # -- names -----------------------------------------------------------------------------
    def lookup(self, name: str):
        found = self.block.lookup(name)
        if found is None:
            found = self._lookup_outer(name)
        if isinstance(found, ComptimeEntry) and self.bindings:
            value = self.subst(found.value)
            if value is not found.value:
                return ComptimeEntry(found.name, value, found.kind, found.symbol)
        return found

    def declare_local(self, name: str, kind: str, t: Type, node: ast.AST, span: Span,
                      *, initialised: bool = True, doc_kind: SymbolKind | None = None) -> LocalVar:
        existing = self.block.names.get(name)
        if isinstance(existing, LocalVar) and existing.kind != "param" and self.record:
            self.error("K0104", span, f"`{name}` is already declared in this block",
                       notes=[Note(f"`{name}` first declared here", existing.span)],
                       hint=f"assign to it (`{name} = ...`) or use a different name")
        sym_kind = doc_kind or (SymbolKind.LOCAL_LET if kind == "let" else SymbolKind.LOCAL_VAR)
        sym = self._local_symbol(name, sym_kind, span, node, t)
        var = LocalVar(name, kind, t, sym, span, owner_fn=self.decl)
        self.block.names[name] = var
        self._scope_name(name, sym)
        self.inst.locals[var] = t
        self.inst.local_of[node] = var
        if not initialised:
            self.flow[var] = Mark(UNINIT)
        return var

    def _local_symbol(self, name: str, kind: SymbolKind, span: Span, node: ast.AST, t: Type):
        if not self.record:
            return None
        from .symbols import COMPILED
        sym = Symbol(name, kind, self.ctx.path, span, COMPILED, container=self.decl.symbol,
                     node=node, type=t)
        self.ctx.table.define(sym)
        return sym

    def _scope_name(self, name: str, sym) -> None:
        if self.record and sym is not None:
            scope = self.block_scope()
            scope.names[name] = sym

    def reference(self, span: Span, target, write: bool = False) -> None:
        if not self.record or target is None:
            return
        sym = target.symbol if isinstance(target, (LocalVar, ComptimeEntry)) else target
        if isinstance(sym, Symbol):
            self.ctx.table.add_reference(Reference(span, sym, is_write=write))

    def mark_last_reference_write(self, span: Span) -> None:
        """The reference just recorded at `span` writes (`x += 1`)."""
        if not self.record:
            return
        refs = self.ctx.table.references
        if refs and refs[-1].span == span:
            old = refs[-1]
            refs[-1] = Reference(old.span, old.symbol, old.is_definition, True)

    def bind_name(self, node: ast.AST, binding: Binding) -> None:
        self.inst.names[node] = binding

    # -- blocks ------------------------------------------------------------------------------
    def push_block(self, stmts: list[ast.stmt], *, loop: bool = False) -> Block:
        block = Block(self.block, is_loop=loop)
        if self.record and stmts:
            src = self.ctx.source
            start = src.span_of(stmts[0]).start
            end = src.span_of(stmts[-1]).end
            block.scope = self.block_scope().child(ScopeKind.BLOCK, start, end, ordered=True)
        self.block = block
        return block

    def pop_block(self) -> None:
        self.block = self.block.parent or self.root

    # -- results ------------------------------------------------------------------------------
    def set_type(self, node: ast.AST, t: Type) -> Type:
        self.inst.expr_types[node] = t
        return t

    def error(self, code: str, where, message: str, **kw) -> None:
        span = where if isinstance(where, Span) else self.ctx.spans(where)
        self.diags.append(make.error(code, span, message, **kw))

    def warning(self, code: str, where, message: str, **kw) -> None:
        span = where if isinstance(where, Span) else self.ctx.spans(where)
        self.diags.append(make.warning(code, span, message, **kw))

    def span(self, node: ast.AST) -> Span:
        return self.ctx.spans(node)

    def fix_insert(self, title: str, offset: int, text: str) -> Fix:
        return Fix(title, (TextEdit(Span(self.ctx.path, offset, offset), text),))

    def raises_fix(self) -> Fix | None:
        """Insert ` raises` after the parameter list of this fn."""
        offset = _raises_offset(self.ctx.source, self.decl.node)
        if offset is None:
            return None
        return self.fix_insert(f"add `raises` to `fn {self.decl.name}`", offset, " raises")


def _raises_offset(source, node: K.FnDef) -> int | None:
    """Byte offset just after the `)` that closes the fn's parameter list."""
    data = source.data
    start = source.span_of(node).start
    i = data.find(b"(", start)
    if i < 0:
        return None
    depth = 0
    while i < len(data):
        c = data[i:i + 1]
        if c in b"([{":
            depth += 1
        elif c in b")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        elif c in b"\"'":
            i = _string_end(data, i)
            continue
        elif c == b"#":
            i = data.find(b"\n", i)
            if i < 0:
                return None
        i += 1
    return None


def _string_end(data: bytes, i: int) -> int:
    """Index just after the string literal starting at `i` (a default value)."""
    quote = data[i:i + 3] if data[i:i + 3] in (b'"""', b"\'\'\'") else data[i:i + 1]
    j = i + len(quote)
    while j < len(data):
        if data[j:j + 1] == b"\\":
            j += 2
            continue
        if data.startswith(quote, j):
            return j + len(quote)
        j += 1
    return len(data)


def _link_name(path: str, decl: FnDecl, key: FnKey) -> str:
    import os
    module = os.path.splitext(os.path.basename(path))[0] or "main"
    qual = decl.symbol.qualified_name
    suffix = ""
    if "#" in decl.decl_id:
        suffix = "$" + decl.decl_id.rsplit("#", 1)[1]
    if key.params:
        suffix += "[" + ",".join(str(p) for p in key.params) + "]"
    return f"kiln.{module}.{qual}{suffix}"
