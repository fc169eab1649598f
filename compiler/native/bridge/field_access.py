"""How each field of a bridged struct looks from Python.

Scalar and pointer fields are bytes at an offset, read and written by the
Python class itself (`classes.py`). Every other field whose type the bridge
converts (a nested struct, `List[T]`, `SIMD[dtype, w]`, `String`, `Tuple`,
`Optional`) gets two generated native fns, called by the class's property:

- the getter returns a *copy* of the field (`__copyinit__` runs), converted
  like an fn result: a nested struct becomes a new, independent instance of
  its class, a List a new Python list, a SIMD vector a tuple. Value
  semantics, as for @value structs in fn code: `p.vel.y = 5.0` changes the
  copy, not `p` (write `v = p.vel; v.y = 5.0; p.vel = v`). A view into the
  parent's bytes would dangle when the parent is freed or its field is
  replaced (the old value's `__del__` runs), so no view is ever handed out.
- the setter takes the new value as an owned copy (converted like an fn
  argument), destroys the field's old value (`__del__` runs once) and
  stores the new one in place.

Fields of other types are described with the reason they cannot cross; the
class's property raises a TypeError naming the struct, the field and the
reason (never a silent wrong value).

Field metadata (in the cache entry): `[name, offset, kind, kiln_type, extra]`
where kind is a `struct` format character, "P" (an address), "native"
(extra: `[getter, setter]` attribute names) or "opaque" (extra: the reason).
"""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..irbuilder import Builder
from ..layout import I32, PTR
from .signature import BridgeFn, BridgeParam

FORMATS = {"int8": "b", "int16": "h", "int32": "i", "int64": "q", "index": "q", "uint8": "B",
           "uint16": "H", "uint32": "I", "uint64": "Q", "float16": "e", "float32": "f",
           "float64": "d", "bool": "?"}


def describe_fields(ctx, life, plan, plans, unsupported,
                    lifecycle_prints: bool) -> tuple[list[BridgeFn], list[list]]:
    """The accessor fns of `plan`'s struct and its field metadata.
    `unsupported(type, plans)` is codegen/bridging.py's reason a type cannot
    cross the bridge ("" if it can); `life` the module's Lifecycle;
    `lifecycle_prints`: may a `__copyinit__` or `__del__` of the program print."""
    fns: list[BridgeFn] = []
    meta: list[list] = []
    offsets = ctx.layout.field_offsets(plan.type)
    for index, (f, offset) in enumerate(zip(plan.layout.fields, offsets)):
        if isinstance(f.type, T.ScalarType):
            meta.append([f.name, offset, FORMATS[f.type.dtype.name], str(f.type), None])
        elif isinstance(f.type, T.PointerType):
            meta.append([f.name, offset, "P", str(f.type), None])
        elif (reason := unsupported(f.type, plans)):
            meta.append([f.name, offset, "opaque", str(f.type), reason])
        else:
            prints = lifecycle_prints and (life.needs_destroy(f.type) or isinstance(f.type, T.StructType))
            getter = _getter(ctx, life, plan, index, f, prints)
            setter = _setter(ctx, life, plan, index, f, prints)
            fns.extend((getter, setter))
            meta.append([f.name, offset, "native", str(f.type), [getter.python_name, setter.python_name]])
    return fns, meta


def _name(plan, action: str, field: str) -> str:
    return f"__kiln_{plan.name}__{action}_{field}__0"


def _getter(ctx, life, plan, index: int, f, prints: bool) -> BridgeFn:
    """`(self: S) -> F`: a copy of field `index` (the wrapper converts it)."""
    struct_ty, field_ty = ctx.layout.llvm(plan.type), ctx.layout.llvm(f.type)
    fn = ir.Function(ctx.module, ir.FunctionType(field_ty, [struct_ty]),
                     ctx.module.get_unique_name(f"kiln.get.{plan.name}.{f.name}"))
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    b.ret(life.copy(b, b.extract_value(fn.args[0], index), f.type))
    params = (BridgeParam("self", plan.type, "borrowed"),)
    return BridgeFn(_name(plan, "get", f.name), f"{plan.name}.{f.name}", fn, params, f.type, False, prints)


def _setter(ctx, life, plan, index: int, f, prints: bool) -> BridgeFn:
    """`(inout self: S, owned value: F)`: destroy the old value, store the new."""
    struct_ty, field_ty = ctx.layout.llvm(plan.type), ctx.layout.llvm(f.type)
    fn = ir.Function(ctx.module, ir.FunctionType(ir.VoidType(), [PTR, field_ty]),
                     ctx.module.get_unique_name(f"kiln.set.{plan.name}.{f.name}"))
    fn.linkage = "internal"
    b = Builder(fn.append_basic_block("entry"))
    slot = b.gep(fn.args[0], [I32(0), I32(index)], source_etype=struct_ty)
    old = b.load(slot, typ=field_ty)
    b.store(fn.args[1], slot)            # stored first: a printing __del__ sees the new value in place
    life.destroy(b, old, f.type)
    b.ret_void()
    params = (BridgeParam("self", plan.type, "inout"), BridgeParam("value", f.type, "owned"))
    return BridgeFn(_name(plan, "set", f.name), f"field '{f.name}' of {plan.name}", fn, params,
                    T.NONE, False, prints)
