"""Calls of user code (mixin of FnChecker): free `fn`s, methods, struct
constructors, operators through dunder methods, overload resolution, and
the specialisations those calls need."""
from __future__ import annotations

import ast

from ..diagnostics import make
from ..diagnostics.diagnostic import Note
from ..syntax.source import Span
from . import conformance, operators as ops
from .call_matching import Arg, Match, Matcher, preference
from .decls import FnDecl, StructDecl, TraitDecl
from .symbols import Reference, SymbolKind
from .entities import BuiltinFn, FnRef, GenericBuiltin, GenericStruct, PythonRef, TraitRef
from .evaluator import PYTHON_BUILTIN_ADVICE, NotComptime
from .locals import ComptimeEntry
from .type_ops import TRAIT_METHODS, a_type, is_float_like, is_numeric, key, subst
from .typed_model import CallTarget, FnKey
from .types import (BOOL, FLOAT64, INT, UNKNOWN, FnType, ParamRef, StructType, Type,
                    TypeType, UnknownType, is_concrete)


class CallMixin:
    # -- entry -------------------------------------------------------------------------------
    def call(self, node: ast.Call, expected: Type | None) -> Type:
        callee = self.infer(node.func)
        self.set_type(node.func, callee)
        if isinstance(callee, FnRef):
            return self.call_fn(node, callee, expected)
        if isinstance(callee, BuiltinFn):
            return self.call_builtin(node, callee, expected)
        if isinstance(callee, TypeType):
            return self.construct(node, callee.instance, expected)
        if isinstance(callee, PythonRef):
            self.python_call_error(node, callee)
        elif isinstance(callee, (GenericStruct, GenericBuiltin)):
            self.error("K0283", node, f"`{callee}` needs compile-time parameters before it can "
                       "be constructed", hint=f"write `{callee}[...](...)`")
        elif not isinstance(callee, UnknownType):
            self.error("K0208", node.func, f"{a_type(callee)} is not callable")
        self.check_args_loosely(node)
        return UNKNOWN

    def check_args_loosely(self, node: ast.Call) -> None:
        for a in node.args:
            self.expr(a.value if isinstance(a, ast.Starred) else a)
        for kw in node.keywords:
            self.expr(kw.value)

    def python_call_error(self, node: ast.Call, ref: PythonRef) -> None:
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None) or "this"
        if ref.what == "builtin" and name in PYTHON_BUILTIN_ADVICE:
            hint = PYTHON_BUILTIN_ADVICE[name]
        elif ref.what == "def":
            hint = f"make `{name}` an `fn` with typed parameters, or call it from a `def` instead"
        elif ref.what == "class":
            hint = f"make `{name}` a `struct` to use it from compiled code, or use it from a `def`"
        else:
            hint = "compiled code cannot call into Python; do this part in a `def` and pass " \
                   "the result to the `fn`"
        self.error("K0501", node, f"`fn {self.decl.name}` cannot call the Python-tier {ref.what} "
                   f"`{name}`", hint=hint)

    # -- arguments ---------------------------------------------------------------------------
    def call_args(self, node: ast.Call) -> list[Arg]:
        out = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                self.error("K0503", a, "`*` unpacking cannot be used in an `fn`")
                continue
            out.append(self.arg(a))
        for kw in node.keywords:
            if kw.arg is None:
                self.error("K0503", kw.value, "`**` unpacking cannot be used in an `fn`")
                continue
            arg = self.arg(kw.value)
            arg.keyword, arg.keyword_node = kw.arg, _keyword_name_node(self, kw)
            out.append(arg)
        return out

    def arg(self, node: ast.expr) -> Arg:
        if self.is_literal(node):
            lit = _literal_default(node)
            return Arg(node, None, literal_default=lit)
        return Arg(node, self.expr(node))

    def finish_args(self, m: Match | None, args: list[Arg]) -> None:
        """Type literal arguments once their parameter is known; record conversions."""
        slots = {id(a): pt for _, pt, a in (m.slots if m else []) if a is not None}
        for a in args:
            if a.node is None:
                continue
            pt = slots.get(id(a))
            if a.type is None:
                self.expr(a.node, pt if pt is not None and not isinstance(pt, ParamRef) else None)
            elif pt is not None and m is not None and m.ok:
                how = self.assignable(a.type, pt)
                if how == "convert":
                    self.inst.conversions[a.node] = pt

    # -- user fns ------------------------------------------------------------------------------
    def call_fn(self, node: ast.Call, ref: FnRef, expected: Type | None,
                *, result_override: Type | None = None, kind: str | None = None) -> Type:
        args = self.call_args(node)
        name = ref.decls[0].name
        m = self.resolve_overload(ref, args, self.span(node), name, node)
        self.finish_args(m, args)
        if m is None or not m.ok:
            if m is not None:
                self.keyword_references(m)     # `f(t="x")` still names `t`
            return UNKNOWN if result_override is None else result_override
        return self.complete_call(node, ref, m, args, result_override, kind)

    def resolve_overload(self, ref: FnRef, args: list[Arg], call_span, name: str, node) -> Match | None:
        matcher = Matcher(self)
        matches = []
        for decl in ref.decls:
            sig = self.sig_of(decl)
            skip_self = decl.has_self and ref.self_type is not None
            bindings = self.receiver_bindings(decl, ref)
            matches.append(matcher.match(sig, args, call_span, explicit=ref.comptime_args,
                                         explicit_nodes=ref.comptime_nodes, bindings=bindings,
                                         skip_self=skip_self, callee_name=name))
        good = [m for m in matches if m.ok]
        if good:
            return min(good, key=preference)
        if len(matches) == 1:
            self.diags.extend(matches[0].diags)
            return matches[0]
        notes = [Note(f"candidate: {m.sig.label()}", m.sig.decl.symbol.span) for m in matches]
        self.error("K0213", call_span, f"no overload of `{name}` matches these arguments",
                   notes=notes, hint="check the argument types against the candidates")
        return None

    def sig_of(self, decl: FnDecl):
        ctx = self.ctx if decl.module is self.ctx.decls else self.ctx.program.context(decl.module.path)
        if decl.parent_fn is not None:
            return ctx.fn_sig(decl, self.lookup)
        return ctx.fn_sig(decl)

    def receiver_bindings(self, decl: FnDecl, ref: FnRef) -> dict:
        owner_t = ref.self_type if ref.self_type is not None else ref.owner_type
        bindings = {}
        if decl.parent_fn is not None:
            bindings.update(self.bindings)
        if isinstance(decl.owner, StructDecl) and isinstance(owner_t, StructType) and owner_t.params:
            sig = self.ctx.struct_sig(decl.owner) if decl.owner.module is self.ctx.decls else \
                self.ctx.program.context(decl.owner.module.path).struct_sig(decl.owner)
            for r, v in zip(sig.refs, owner_t.params):
                bindings[key(r)] = v
        if isinstance(decl.owner, TraitDecl) and owner_t is not None:
            bindings[(decl.owner.decl_id, "Self")] = owner_t
        return bindings

    def complete_call(self, node, ref: FnRef, m: Match, args: list[Arg],
                      result_override: Type | None, kind: str | None) -> Type:
        decl = m.sig.decl
        self.check_aliasing(ref, m)
        for p, pt, a in m.slots:
            if a is not None and a.node is not None and p.convention == "inout":
                self.check_inout_arg(a.node)
            elif a is not None and a.node is not None and p.convention == "owned":
                self.note_copy(a.node, pt)
        if decl.has_self and ref.self_type is not None and ref.receiver is not None:
            if m.sig.params and m.sig.params[0][0].convention == "inout":
                self.check_inout_arg(ref.receiver, receiver=True)
        if decl.raises:
            self.note_raises_call(node, decl.name)
        result = subst(m.sig.result, m.bindings)
        if result_override is not None:
            result = result_override
        if len(ref.decls) > 1 and isinstance(node, ast.Call):
            self.retarget(node.func, decl)
        self.keyword_references(m)
        self.record_call(node, decl, m, ref, kind)
        return result

    def keyword_references(self, m: Match) -> None:
        """`f(t=0.5)`: the keyword names the parameter, so renaming `t`
        renames it here too and go-to-definition on it lands on `t`."""
        for p, _, a in m.slots:
            self.keyword_reference(a, p.symbol)

    def keyword_reference(self, a: Arg | None, target) -> None:
        if a is None or a.keyword is None or not isinstance(a.keyword_node, ast.keyword):
            return
        whole = self.span(a.keyword_node)
        self.reference(Span(whole.file, whole.start, whole.start + len(a.keyword.encode())), target)

    def retarget(self, callee: ast.expr, decl: FnDecl) -> None:
        """The callee's name was recorded as the first overload; point it at the
        overload the call resolved to (go-to-definition lands on the right one)."""
        if not self.record:
            return
        if isinstance(callee, ast.Attribute):
            span = self.ctx.attr_span(callee)
        elif isinstance(callee, ast.Name):
            span = self.span(callee)
        else:
            return
        refs = self.ctx.table.references
        for i in range(len(refs) - 1, max(-1, len(refs) - 40), -1):
            r = refs[i]
            if r.span == span and r.symbol.kind in (SymbolKind.FN, SymbolKind.METHOD):
                refs[i] = Reference(r.span, decl.symbol, r.is_definition, r.is_write)
                return

    def check_aliasing(self, ref: FnRef, m: Match) -> None:
        """K0324: a place passed `inout` may not be passed again in the same call."""
        places = []
        decl = m.sig.decl
        if decl.has_self and ref.self_type is not None and ref.receiver is not None and m.sig.params:
            places.append((ref.receiver, m.sig.params[0][0].convention == "inout"))
        for p, _, a in m.slots:
            if a is not None and a.node is not None:
                places.append((a.node, p.convention == "inout"))
        paths = [(node, inout, _place_path(node)) for node, inout in places]
        for j, (node_j, inout_j, path_j) in enumerate(paths):
            if path_j is None:
                continue
            for node_i, inout_i, path_i in paths[:j]:
                if path_i is None or not (inout_i or inout_j):
                    continue
                short = min(len(path_i), len(path_j))
                if path_i[:short] == path_j[:short]:
                    self.error("K0324", node_j, f"`{'.'.join(path_j)}` is passed `inout` and again "
                               "in the same call", notes=[Note("also passed here", self.span(node_i))],
                               hint="copy one of them into a new `var` first")
                    break

    def record_call(self, node, decl: FnDecl, m: Match, ref: FnRef, kind: str | None) -> None:
        all_values = tuple(m.bindings.get(self._owner_key(decl, p)) for p in decl.all_comptime)
        key_ = FnKey(decl.decl_id, all_values)
        concrete = all(v is not None and is_concrete(v) for v in all_values)
        if kind is None:
            kind = "closure" if decl.parent_fn is not None else \
                "method" if decl.owner is not None else "fn"
        arguments = []
        if decl.has_self and ref.self_type is not None:
            arguments.append(ref.receiver)
        for _, _, a in m.slots:
            arguments.append(a.node if a is not None else None)
        sig_t = FnType(tuple(t for _, t in [(p, subst(t, m.bindings)) for p, t in m.sig.params]),
                       subst(m.sig.result, m.bindings), decl.raises,
                       tuple(p.convention for p, _ in m.sig.params))
        own = tuple(m.bindings.get(key(r)) for r in m.sig.refs)
        self.inst.calls[node] = CallTarget(kind, decl.decl_id, sig_t, key_ if concrete else None,
                                           ref.self_type or ref.owner_type, own, tuple(arguments),
                                           raises=decl.raises)
        if concrete and self.is_concrete:
            self.request(decl, key_, m.bindings)
        if decl.parent_fn is not None:
            self.absorb_captures(key_)

    def _owner_key(self, decl: FnDecl, p) -> tuple[str, str]:
        fn = decl
        while fn is not None:
            if p in fn.comptime:
                return (fn.decl_id, p.name)
            if fn.parent_fn is None and fn.owner is not None and p in getattr(fn.owner, "comptime", ()):
                return (fn.owner.decl_id, p.name)
            fn = fn.parent_fn
        return (decl.decl_id, p.name)

    def request(self, decl: FnDecl, key_: FnKey, bindings: dict) -> None:
        if decl.parent_fn is not None:
            self.instantiate_closure(decl, key_, bindings)
            return
        if isinstance(decl.owner, TraitDecl):
            return
        self.inst.requests.append((key_, decl, dict(bindings)))

    def note_raises_call(self, node, name: str) -> None:
        if self.decl.raises or self.handled > 0:
            return
        fix = self.raises_fix()
        self.error("K0340", node, f"`{name}` may raise, but `fn {self.decl.name}` is not `raises` "
                   "and does not handle the error",
                   hint=f"declare `fn {self.decl.name}(...) raises`, or call it inside "
                        "`try: ... except e: ...`", fixes=[fix] if fix else [])

    # -- helpers used by call matching ----------------------------------------------------------------
    def literal_fits(self, node: ast.expr, t: Type) -> bool:
        if isinstance(t, (UnknownType, ParamRef)):
            return True
        if _literal_default(node) == FLOAT64:
            return is_float_like(t)
        return is_numeric(t)

    def comptime_default(self, node: ast.expr, bindings: dict, sig=None) -> object:
        """A parameter's default value, read where the callee declares it:
        `width: Int = simdwidthof[dtype]()` names the callee's `dtype`."""
        try:
            if sig is None:
                return subst(self.evaluator().value(node), bindings)
            ctx = self.ctx.program.context(sig.decl.module.path) or self.ctx
            params = {p.name: ComptimeEntry(p.name, bindings.get(key(ref), ref), None, None)
                      for (p, _), ref in zip(sig.comptime, sig.refs)}
            evaluator = ctx.evaluator(lambda name: params.get(name) or ctx.lookup(name),
                                      diags=[], record=False)
            return subst(evaluator.value(node), bindings)
        except NotComptime:
            return UNKNOWN

    def conforms(self, t: Type, trait: TraitRef) -> bool:
        return conformance.conforms(self.ctx.program, t, trait)

    # -- constructors ------------------------------------------------------------------------------
    def construct(self, node: ast.Call, t: Type, expected: Type | None) -> Type:
        if isinstance(t, StructType):
            return self.construct_struct(node, t)
        if isinstance(t, ParamRef):
            self.check_args_loosely(node)
            return t
        return self.construct_builtin(node, t, expected)

    def construct_struct(self, node: ast.Call, t: StructType) -> Type:
        decl = self.ctx.program.struct_decl(t)
        if decl is None:
            self.check_args_loosely(node)
            return t
        inits = decl.methods.get("__init__")
        if inits:
            ref = FnRef(tuple(inits), self_type=t, owner_type=t)
            self.call_fn(node, ref, None, result_override=t, kind="init")
            return t
        if decl.is_value:
            return self.synthesized_init(node, t, decl)
        self.error("K0222", node.func, f"struct `{decl.name}` has no `__init__`",
                   notes=[Note(f"`{decl.name}` declared here", decl.symbol.span)],
                   hint="add `@value` to the struct, or write an `fn __init__(inout self, ...)`")
        self.check_args_loosely(node)
        return t

    def synthesized_init(self, node: ast.Call, t: StructType, decl: StructDecl) -> Type:
        sig = self.ctx.program.context(decl.module.path).struct_sig(decl)
        bindings = {key(r): v for r, v in zip(sig.refs, t.params)}
        fields = [(f, subst(ft, bindings)) for f, ft in sig.fields]
        args = self.call_args(node)
        positional = [a for a in args if a.keyword is None]
        by_kw = {a.keyword: a for a in args if a.keyword is not None}
        slots = []
        ok = True
        if len(positional) > len(fields):
            self.error("K0206", positional[len(fields)].node, f"`{decl.name}` has {len(fields)} "
                       f"field{'s' * (len(fields) != 1)}, {len(positional)} arguments given")
            ok = False
        missing = []
        for i, (f, ft) in enumerate(fields):
            a = positional[i] if i < len(positional) else by_kw.pop(f.name, None)
            if a is None:
                missing.append(f.name)
            slots.append((f, ft, a))
        for kw, a in by_kw.items():
            self.error("K0207", a.keyword_node or a.node, f"`{decl.name}` has no field `{kw}`")
            ok = False
        for f, _, a in slots:
            self.keyword_reference(a, f.symbol)      # `P(first=1)` names field `first`
        if missing and ok:
            names = ", ".join(f"`{n}`" for n in missing)
            self.error("K0206", node, f"`{decl.name}(...)` is missing {names}",
                       hint="the `@value` initializer takes every field, in declaration order")
            ok = False
        for f, ft, a in slots:
            if a is None:
                continue
            if a.type is None:
                self.expr(a.node, ft)
                if not self.literal_fits(a.node, ft):
                    self.error("K0202", a.node, f"expected `{ft}` for field `{f.name}`")
            else:
                self.coerce(a.node, a.type, ft, "K0202", f"for field `{f.name}`")
        if ok:
            sig_t = FnType(tuple(ft for _, ft, _ in slots), t, False,
                           tuple("owned" for _ in slots))
            self.inst.calls[node] = CallTarget("init", decl.decl_id + ".__init__", sig_t, None, t, (),
                                               tuple(a.node if a else None for _, _, a in slots),
                                               synthesized=True)
        return t

    # -- structs: members and dunders -----------------------------------------------------------------
    def struct_methods(self, t: Type, name: str) -> list[FnDecl]:
        if isinstance(t, StructType):
            decl = self.ctx.program.struct_decl(t)
            return list(decl.methods.get(name, ())) if decl else []
        if isinstance(t, ParamRef) and isinstance(t.kind, TraitRef):
            found = _trait_methods(t.kind, name)
            for parent in self.trait_parents(t.kind) if not found else ():
                found = self.struct_methods(ParamRef(t.name, t.owner, parent), name)
                if found:
                    break
            return found
        return []

    def struct_has_method(self, t: Type, name: str) -> bool:
        if self.struct_methods(t, name):
            return True
        if isinstance(t, StructType) and name in ("__init__", "__copyinit__", "__moveinit__"):
            decl = self.ctx.program.struct_decl(t)
            return bool(decl and decl.is_value)
        return False

    def struct_member(self, t: Type, node: ast.Attribute, span) -> Type | None:
        if isinstance(t, StructType):
            decl = self.ctx.program.struct_decl(t)
            if decl is None:
                return UNKNOWN
            sig = self.ctx.program.context(decl.module.path).struct_sig(decl)
            found = sig.field(node.attr)
            if found is not None:
                f, ft = found
                self.reference(span, f.symbol)
                bindings = {key(r): v for r, v in zip(sig.refs, t.params)}
                return subst(ft, bindings)
        methods = self.struct_methods(t, node.attr)
        if methods:
            self.reference(span, methods[0].symbol)
            return FnRef(tuple(methods), self_type=t, receiver=node.value, owner_type=t)
        return None

    def call_method(self, node, recv_t: Type, recv_node, name: str, args: list[Arg],
                    what: str) -> Type | None:
        """Call `recv.name(args)` for an operator; None if the method does not exist."""
        methods = self.struct_methods(recv_t, name)
        if not methods:
            return None
        ref = FnRef(tuple(methods), self_type=recv_t, receiver=recv_node, owner_type=recv_t)
        m = self.resolve_overload(ref, args, self.span(node), f"{recv_t}.{name}", node)
        self.finish_args(m, args)
        if m is None or not m.ok:
            return UNKNOWN
        return self.complete_call(node, ref, m, args, None, "method")

    def dunder_binary(self, node, op, lt, rt, left, right) -> Type | None:
        name = ops.DUNDERS.get(type(op))
        if name is None:
            return None
        if isinstance(lt, (StructType, ParamRef)):
            found = self.call_method(node, lt, left, name, [Arg(right, rt)], "operator")
            if found is not None:
                return found
        if isinstance(rt, (StructType, ParamRef)):
            found = self.call_method(node, rt, right, ops.REFLECTED[type(op)], [Arg(left, lt)],
                                     "operator")
            if found is not None:
                return found
        self.error("K0240", node, f"`{ops.SYMBOLS[type(op)]}` is not supported between `{lt}` "
                   f"and `{rt}`", hint=f"define `{name}` on `{lt}`")
        return UNKNOWN

    def dunder_unary(self, node, t) -> Type | None:
        name = ops.UNARY_DUNDERS.get(type(node.op))
        found = self.call_method(node, t, node.operand, name, [], "operator") if name else None
        if found is not None:
            return found
        self.error("K0240", node, f"unary `{ops.SYMBOLS[type(node.op)]}` is not supported on `{t}`",
                   hint=f"define `{name}` on `{t}`" if name else None)
        return UNKNOWN

    def dunder_compare(self, node, op, lt, rt, left, right) -> Type | None:
        name = ops.COMPARE_DUNDERS.get(type(op))
        if name is None:
            return None
        if isinstance(lt, (StructType, ParamRef)):
            found = self.call_method(node, lt, left, name, [Arg(right, rt)], "comparison")
            if found is not None:
                return found
            if name == "__ne__":
                found = self.call_method(node, lt, left, "__eq__", [Arg(right, rt)], "comparison")
                if found is not None:
                    return found
        if self.bound_allows(lt, name):
            return BOOL
        self.error("K0240", node, f"`{ops.SYMBOLS[type(op)]}` is not supported between `{lt}` and "
                   f"`{rt}`", hint=f"define `{name}` on `{lt}`")
        return BOOL

    def contains_result(self, node, lt, rt, left, right) -> Type:
        from .type_ops import is_string
        from .types import ListType
        if is_string(lt) and is_string(rt):
            return BOOL
        if isinstance(rt, ListType):
            self.coerce(left, lt, rt.element, "K0202")
            return BOOL
        if isinstance(rt, (StructType, ParamRef)):
            found = self.call_method(node, rt, right, "__contains__", [Arg(left, lt)], "`in`")
            if found is not None:
                return found
        self.error("K0240", node, f"`in` is not supported on `{rt}`")
        return BOOL

    def bound_allows(self, t: Type, dunder: str) -> bool:
        """Does the trait bound of a type parameter provide `dunder`?"""
        if not isinstance(t, ParamRef) or not isinstance(t.kind, TraitRef):
            return False
        return dunder in self.trait_dunders(t.kind)

    def trait_dunders(self, trait: TraitRef) -> set[str]:
        if trait.decl is None:
            names = set(TRAIT_METHODS.get(trait.name, ()))
            if trait.name == "Comparable":
                names |= {"__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"}
            if trait.name in ("EqualityComparable", "KeyElement"):
                names |= {"__eq__", "__ne__"}
            return names
        out = set(trait.decl.methods)
        for parent in self.trait_parents(trait):
            out |= self.trait_dunders(parent)
        return out

    def trait_parents(self, trait: TraitRef) -> list[TraitRef]:
        return conformance.trait_parents(self.ctx.program, trait)

    def struct_iteration(self, t, node) -> Type | None:
        """`for x in s` on a struct: `s.__iter__()` (recorded on the For
        statement) gives an iterator whose `__next__()` gives the elements
        (recorded on the For's target, see stmt_For)."""
        if not self.struct_methods(t, "__iter__"):
            return None
        it = self.call_method(self.current_for or node, t, node, "__iter__", [], "iteration")
        if it is None or isinstance(it, UnknownType):
            return UNKNOWN
        if not self.struct_methods(it, "__next__"):
            self.error("K0212", node, f"the iterator `{it}` returned by `__iter__` has no `__next__`",
                       hint="give the iterator `fn __next__(inout self) -> T`")
            return UNKNOWN
        self.pending_next = it
        return UNKNOWN


def _trait_methods(trait: TraitRef, name: str) -> list:
    decl = trait.decl
    if decl is None:
        return []
    found = list(decl.methods.get(name, ()))
    return found


def _inherits(bound: TraitRef, trait: TraitRef) -> bool:
    decl = bound.decl
    if decl is None:
        return False
    for base in decl.bases:
        if getattr(base, "id", None) == trait.name:
            return True
    return False


def _literal_default(node: ast.expr) -> Type:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, float):
            return FLOAT64
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Div):
            return FLOAT64
    return INT


def _keyword_name_node(checker, kw: ast.keyword):
    return kw if getattr(kw, "lineno", None) is not None else kw.value


def _place_path(node) -> tuple[str, ...] | None:
    """`a.b.c` -> ("a", "b", "c"); None for anything that is not a named place."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return tuple(reversed(parts))

