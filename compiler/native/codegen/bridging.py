"""What a module offers the Python tier: bridge wrappers for its top-level
fns, and for each top-level struct the pieces its Python class is made of
(init, methods, operator dunders, destroy) plus the field layout; the
metadata goes into the cache entry, the classes are built by
`bridge/classes.py` when the module is loaded."""
from __future__ import annotations

from dataclasses import dataclass, field

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import Export, FnKey, StructLayout, TypedProgram
from ..bridge import field_access, output_capture
from ..bridge.extension import emit_extension
from ..bridge.signature import BridgeFn, BridgeParam
from ..bridge.structs import StructBridge
from ..bridge.wrappers import WRAPPER_TYPE
from ..irbuilder import Builder
from ..layout import I8, I32, I64, PTR
from ..runtime.thread_state import supported as fault_landings_supported
from .context import ProgramContext
from .lifecycle import Lifecycle

LIFECYCLE = ("__copyinit__", "__moveinit__", "__del__")
# Python returns NotImplemented from these for another type (`p == 3` is False)
COMPARISONS = ("__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__")


@dataclass
class ExportedName:
    """How the Python tier binds one top-level name of the module."""

    name: str
    kind: str                      # "fn" | "struct" | "alias" | "unbridgeable"
    value: object = None           # alias value; struct: its class description (dict)
    reason: str = ""               # why a fn cannot cross the bridge


@dataclass
class _StructPlan:
    name: str
    type: T.StructType
    layout: StructLayout
    meta: dict = field(default_factory=dict)


def emit_bridge(ctx: ProgramContext, life: Lifecycle, program: TypedProgram,
                module_name: str) -> list[ExportedName]:
    entry = program.modules[program.entry]
    structs = StructBridge(ctx.module, ctx.layout)
    plans = {e.type: _StructPlan(e.name, e.type, ctx.structs[e.type]) for e in entry.exports
             if e.kind == "struct" and isinstance(e.type, T.StructType) and not e.type.params
             and e.type in ctx.structs}
    fns: list[BridgeFn] = []
    names: list[ExportedName] = []
    refused: dict[str, list[tuple[str, str]]] = {}
    for export in entry.exports:
        if export.kind == "fn" and export.key is not None:
            bridged, reason = _bridge_fn(ctx, export.key, export.name, export.name, plans)
            if bridged is not None:
                fns.append(bridged)
            else:
                refused.setdefault(export.name, []).append((_signature(ctx, export.key, export.name), reason))
            _name_fn(names, export.name, reason if bridged is None else None)
        elif export.kind == "alias":
            names.append(ExportedName(export.name, "alias", value=export.value))
    extra = []
    for plan in plans.values():
        fns.extend(_struct_members(ctx, plan, plans))
        accessors, plan.meta["fields"] = field_access.describe_fields(
            ctx, life, plan, plans, _unsupported, lifecycle_prints(ctx))
        fns.extend(accessors)
        extra.extend(_struct_destroy(ctx, life, structs, plan))
    for export in entry.exports:
        if export.kind == "struct":
            plan = plans.get(export.type)
            if plan is None:
                names.append(ExportedName(export.name, "unbridgeable",
                                          reason="a generic or unused struct has no compiled form"))
            else:
                names.append(ExportedName(export.name, "struct", value=plan.meta))
    copy_owned = lambda b, value, t: life.copy(b, value, t)   # noqa: E731
    destroy = lambda b, value, t: life.destroy(b, value, t)   # noqa: E731
    emit_extension(ctx.module, ctx.layout, module_name, fns, debug=ctx.debug, structs=structs,
                   copy_owned=copy_owned, destroy=destroy, extra=extra, refused=refused)
    for index, t in enumerate(structs.order):
        if t in plans:
            plans[t].meta["class_index"] = index
    for plan in plans.values():
        plan.meta.setdefault("class_index", None)
        plan.meta["class_count"] = len(structs.order)
    return names


def _name_fn(names: list[ExportedName], name: str, reason: str | None) -> None:
    """One binding per name: overloads share it, callable if any one is."""
    known = next((n for n in names if n.name == name), None)
    if known is None:
        names.append(ExportedName(name, "fn" if reason is None else "unbridgeable", reason=reason or ""))
    elif reason is None:
        known.kind, known.reason = "fn", ""


def _signature(ctx: ProgramContext, key: FnKey, display: str) -> str:
    inst = ctx.declared(key).instance
    params = ", ".join(f"{p.name}: {p.type}" for p in inst.params)
    return f"{display}({params})" + ("" if inst.result == T.NONE else f" -> {inst.result}")


def _bridge_fn(ctx: ProgramContext, key: FnKey, python_name: str, display: str, plans):
    declared = ctx.declared(key)
    inst = declared.instance
    if declared.signature.has_env:
        return None, "a nested fn cannot be called from Python"
    params = tuple(BridgeParam(p.name, p.type, p.convention) for p in inst.params)
    for p in params:
        reason = _unsupported(p.type, plans)
        if reason:
            return None, f"parameter `{p.name}` has type {p.type}, which {reason}"
        if p.convention == "inout" and not isinstance(p.type, (T.StructType, T.ListType)):
            # Python has no referent to write an Int, String, SIMD... back to:
            # refused, never a silent no-op (structs and lists are mutated in place)
            return None, (f"parameter `{p.name}` is `inout {p.type}`, and a Python {_python_kind(p.type)} "
                          f"cannot be changed in place; return the new value instead, or pass a struct "
                          f"or list that holds it")
    reason = _unsupported(inst.result, plans, result=True)
    if reason:
        return None, f"its result type {inst.result} {reason}"
    source = (ctx.display_path(inst.key.decl_id.split("::", 1)[0]), inst.node.lineno)
    guarded = ctx.effects.guarded.get(key, False) and fault_landings_supported(ctx.module)
    return BridgeFn(python_name, display, declared.function, params, inst.result,
                    declared.signature.may_fail, ctx.effects.prints.get(key, False),
                    source=source, guarded=guarded), ""


def _python_kind(t: T.Type) -> str:
    if isinstance(t, T.ScalarType):
        return "bool" if t == T.BOOL else "float" if t.dtype.is_float else "int"
    if t in (T.STRING, T.STRING_LITERAL):
        return "str"
    if isinstance(t, T.PointerType):
        return "buffer argument"
    return "tuple" if isinstance(t, (T.SIMDType, T.TupleType)) else "value"


def _unsupported(t: T.Type, plans, result: bool = False) -> str:
    if isinstance(t, (T.ScalarType, T.SIMDType)) or t in (T.STRING, T.STRING_LITERAL):
        return ""
    if result and t == T.NONE:
        return ""
    if isinstance(t, T.PointerType) and isinstance(t.pointee, T.ScalarType):
        return ""
    if isinstance(t, T.StructType):
        if t in plans:
            return ""
        return ("has no Python class (instances of generic structs and structs of other "
                "modules cannot cross the bridge yet)")
    if isinstance(t, T.ListType):
        if isinstance(t.element, (T.ListType, T.TupleType, T.OptionalType)):
            return "(a list of collections) the bridge cannot convert yet"
        return _unsupported(t.element, plans)
    if isinstance(t, T.TupleType):
        for element in t.elements:
            if isinstance(element, (T.ListType, T.TupleType, T.OptionalType)) or \
                    element in (T.STRING, T.STRING_LITERAL) or _unsupported(element, plans):
                return "(a tuple of collections or strings) the bridge cannot convert yet"
        return ""
    if isinstance(t, T.OptionalType):
        element = t.element
        if isinstance(element, (T.ScalarType, T.SIMDType)) or (isinstance(element, T.StructType) and element in plans):
            return ""
        return "(an Optional of a collection or string) the bridge cannot convert yet"
    return "the bridge cannot convert yet"


# -- structs -----------------------------------------------------------------------

def _attr(plan: _StructPlan, member: str, index: int) -> str:
    return f"__kiln_{plan.name}__{member}__{index}"


def _struct_members(ctx: ProgramContext, plan: _StructPlan, plans) -> list[BridgeFn]:
    fns: list[BridgeFn] = []
    methods: dict[str, list[str]] = {}
    static: list[str] = []
    same_type: list[str] = []
    init_refused = ""
    for name, keys in plan.layout.methods.items():
        if name in LIFECYCLE:
            continue
        for key in keys:
            if key not in _instances(ctx):
                continue
            # overloads share one attribute (a dispatcher, bridge/overloads.py)
            bridged, reason = _bridge_fn(ctx, key, _attr(plan, name, 0), f"{plan.name}.{name}", plans)
            if bridged is None:
                init_refused = init_refused or (reason if name == "__init__" else "")
                continue
            fns.append(bridged)
            methods[name] = [bridged.python_name]
            if ctx.declared(key).instance.is_static:
                static.append(name)
            if name in COMPARISONS and len(bridged.params) == 2 and bridged.params[1].type == plan.type:
                same_type.append(name)
    if "__init__" not in methods and "__init__" not in plan.layout.methods:
        init, init_refused = _synthesized_init(ctx, plan, plans)
        if init is not None:
            fns.append(init)
            methods["__init__"] = [init.python_name]
    plan.meta.update({
        "name": plan.name, "size": ctx.layout.size(plan.type),
        "methods": methods, "static": sorted(set(static)), "same_type_ops": sorted(set(same_type)),
        "init_refused": "" if "__init__" in methods else init_refused,
    })
    return fns


def _instances(ctx: ProgramContext) -> set:
    return {k for mod in ctx.program.modules.values() for k in mod.functions}


def _synthesized_init(ctx: ProgramContext, plan: _StructPlan, plans) -> tuple[BridgeFn | None, str]:
    """`@value`'s field-wise `__init__` as a native fn (inout self, fields...),
    or None and why not. The arguments arrive as owned copies (the caller's
    Python objects stay theirs)."""
    fields = plan.layout.fields
    for f in fields:
        reason = _unsupported(f.type, plans)
        if reason:
            return None, f"field `{f.name}` has type {f.type}, which {reason}"
    ty = ctx.layout.llvm(plan.type)
    fn = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR] + [ctx.layout.llvm(f.type) for f in fields]),
                     ctx.module.get_unique_name(f"kiln.init.{plan.name}"))
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    for i, f in enumerate(fields):
        b.store(fn.args[i + 1], b.gep(fn.args[0], [I32(0), I32(i)], source_etype=ty))
    b.ret_void()
    params = (BridgeParam("self", plan.type, "inout"),) + tuple(
        BridgeParam(f.name, f.type, "owned") for f in fields)
    return BridgeFn(_attr(plan, "__init__", 0), f"{plan.name}.__init__", fn, params, T.NONE, False,
                    lifecycle_prints(ctx)), ""


def lifecycle_prints(ctx: ProgramContext, names=("__del__", "__copyinit__")) -> bool:
    """Does any `__del__` (or `__copyinit__`) of the program print (a struct's
    destructor runs its fields' too)? Then the bridge sends the output to sys.stdout."""
    return any(ctx.effects.prints.get(key, False) for mod in ctx.program.modules.values()
               for layout in mod.structs.values() for name in names for key in layout.methods.get(name, ()))


def _struct_destroy(ctx: ProgramContext, life: Lifecycle, structs: StructBridge,
                    plan: _StructPlan) -> list[tuple[str, ir.Function, str]]:
    """`__kiln_<S>__destroy(obj)`: run the value's destructor once (Python
    `__del__`); the bytes are zeroed so a second call does nothing."""
    if not life.needs_destroy(plan.type):
        plan.meta["destroy"] = None
        return []
    from ..bridge.capi import api, data
    from ..bridge.convert import NULL, Conversion
    ty = ctx.layout.llvm(plan.type)
    fn = ir.Function(ctx.module, WRAPPER_TYPE, ctx.module.get_unique_name(f"kiln.bridge.destroy.{plan.name}"))
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    fail = fn.append_basic_block("fail")
    conv = Conversion(b, ctx.layout, f"{plan.name}.__del__", fail, structs=structs)
    obj = b.load(fn.args[1], typ=PTR)
    ptr = structs.storage(conv, obj, plan.type, "self")
    size = ctx.layout.size(plan.type)
    value = b.load(ptr, typ=ty)
    capture = output_capture.begin(b) if lifecycle_prints(ctx, ("__del__",)) else None
    life.destroy(b, value, plan.type)
    if capture is not None:
        output_capture.finish(b, capture)
    from ..runtime.libc import libc
    b.call(libc(ctx.module, "memset"), [ptr, I32(0), I64(size)])
    none = data(ctx.module, "_Py_NoneStruct")
    b.call(api(ctx.module, "Py_IncRef"), [none])
    if capture is not None:
        output_capture.raise_if_failed(b, capture, none)
    b.ret(none)
    b.position_at_end(fail)
    b.ret(NULL)
    name = _attr(plan, "destroy", 0)
    plan.meta["destroy"] = name
    return [(name, fn, "")]
