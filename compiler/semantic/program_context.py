"""What the checker of one module needs to know about the others: their
contexts (for imported declarations' signatures), module members, and the
target machine (for `simdwidthof`)."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import Span
from .decls import AliasDecl, FnDecl, ParamDecl, StructDecl, TraitDecl
from .entities import BuiltinFn, FnRef, GenericStruct, ModuleRef, PythonRef, TraitRef
from .signatures import value_fits_kind
from .stdlib_intrinsics import DUAL_MODULES, IntrinsicDecl, intrinsic_exports, intrinsic_symbol
from .symbols import Reference, Symbol
from .type_ops import simd_parts
from .types import (DType, ListType, OptionalType, ParamRef, PointerType, ScalarType, SIMDType,
                    StructType, TupleType, Type, TypeType, UNKNOWN, UnknownType)


@dataclass(frozen=True)
class TargetInfo:
    """What compile-time code may ask about the machine: the native vector
    register width (for `simdwidthof`) and the core count."""

    vector_bits: int = 256
    cores: int = 1

    def simd_width(self, dtype: DType) -> int:
        bits = 8 if dtype.name == "bool" else dtype.bits
        return max(1, self.vector_bits // bits)


class ProgramContext:
    def __init__(self, contexts: Callable[[str], object | None],
                 module_names: Callable[[str], dict[str, Symbol] | None],
                 target: TargetInfo | None = None) -> None:
        self._contexts = contexts
        self._module_names = module_names
        self.target = target or TargetInfo()

    def context(self, path: str):
        return self._contexts(path)

    # -- declarations as entities ------------------------------------------------------
    def entity_of_decl(self, decl: object, sym: Symbol) -> object:
        if isinstance(decl, FnDecl):
            group = decl.module.overloads.get(decl.decl_id.split("#")[0], [decl])
            return FnRef(tuple(group))
        if isinstance(decl, StructDecl):
            sig = self.context(decl.module.path).struct_sig(decl)
            return GenericStruct(decl) if decl.comptime else TypeType(sig.self_type)
        if isinstance(decl, TraitDecl):
            return TraitRef(decl.name, decl)
        if isinstance(decl, AliasDecl):
            value = self.context(decl.module.path).alias_value(decl)
            if isinstance(value, Type) and not isinstance(value, (UnknownType, ParamRef)) \
                    and not _is_entity(value):
                return TypeType(value)
            return value
        if isinstance(decl, IntrinsicDecl):
            return BuiltinFn(decl.builtin_name)
        if isinstance(decl, ParamDecl):
            return UNKNOWN
        return PythonRef(sym, "variable")

    # -- modules ---------------------------------------------------------------------------
    def module_exports(self, modref: ModuleRef) -> dict[str, Symbol]:
        names = dict(self._module_names(modref.path) or {})
        if modref.path.startswith("<stdlib>/") or _is_stdlib_path(modref.path):
            for name, sym in intrinsic_exports(modref.name).items():
                names.setdefault(name, sym)
        return names

    def module_member(self, modref: ModuleRef, attr: str, span: Span, diags: list[Diagnostic],
                      record: bool, ev) -> object:
        sym = self.module_exports(modref).get(attr)
        if sym is None:
            sym = intrinsic_symbol(modref.name, attr)
        if sym is None:
            if modref.name in DUAL_MODULES:
                return PythonRef(None, "module member")
            diags.append(make.error("K0505", span, f"module `{modref.name}` has no `{attr}`"))
            return UNKNOWN
        if record:
            ev.ctx.table.add_reference(Reference(span, sym))
        return ev.entity_of_symbol(sym)

    # -- members of types used statically -------------------------------------------------------
    def static_member(self, t: Type, attr: str) -> object | None:
        if isinstance(t, PointerType) and attr == "alloc":
            return BuiltinFn("UnsafePointer.alloc", self_type=t)
        if isinstance(t, (SIMDType, ScalarType)) and attr in ("splat", "MAX", "MIN"):
            return BuiltinFn(f"SIMD.{attr}", self_type=t)
        if isinstance(t, StructType):
            decl = self.struct_decl(t)
            if decl is not None and attr in decl.methods:
                return FnRef(tuple(decl.methods[attr]), owner_type=t)
            if decl is not None and attr in decl.aliases:
                al = decl.aliases[attr]
                value = self.entity_of_decl(al, al.symbol)
                if decl.comptime and t.params:
                    from .type_ops import subst
                    sig = self.context(decl.module.path).struct_sig(decl)
                    value = subst(value, {(r.owner, r.name): v for r, v in zip(sig.refs, t.params)})
                return value
        return None

    def static_alias_symbol(self, t: Type, attr: str) -> Symbol | None:
        """The symbol of `alias attr` declared in struct `t` (what `T.attr` names)."""
        decl = self.struct_decl(t) if isinstance(t, StructType) else None
        al = decl.aliases.get(attr) if decl is not None else None
        return al.symbol if al is not None else None

    def struct_decl(self, t: StructType) -> StructDecl | None:
        path, _, _ = t.decl_id.partition("::")
        ctx = self.context(path)
        if ctx is None:
            return None
        return ctx.decls.struct_by_id(t.decl_id)

    def parameterise_struct(self, decl: StructDecl, args: list[ast.expr], node: ast.AST, ev) -> object:
        sig = self.context(decl.module.path).struct_sig(decl)
        n = len(sig.comptime)
        if len(args) > n:
            ev.error("K0283", args[n], f"`{decl.name}` takes {n} compile-time parameter"
                     f"{'s' * (n != 1)}, {len(args)} given")
            return UNKNOWN
        values = []
        for i, (p, kind) in enumerate(sig.comptime):
            if i < len(args):
                v = ev.param_value(args[i])
                if isinstance(kind, TraitRef) and not isinstance(v, (UnknownType, ParamRef)):
                    v = ev.as_type(v, args[i])
                    from .conformance import conforms
                    if not isinstance(v, UnknownType) and not conforms(self, v, kind):
                        ev.error("K0262", args[i], f"`{v}` does not conform to `{kind.name}`",
                                 hint=f"parameter `{p.name}` of `{decl.name}` requires `{kind.name}`")
                elif not value_fits_kind(v, kind):
                    ev.error("K0281", args[i], f"parameter `{p.name}` of `{decl.name}` expects "
                             f"{_kind_text(kind)}")
                    v = UNKNOWN
                values.append(v)
            elif p.default is not None:
                values.append(ev.param_value(p.default))
            else:
                ev.error("K0283", node, f"`{decl.name}` needs the compile-time parameter "
                         f"`{p.name}`", hint=f"write `{decl.name}[...]` with {n} parameter"
                                             f"{'s' * (n != 1)}")
                return UNKNOWN
        return StructType(decl.name, decl.decl_id, tuple(values))

    def builtin_comptime_call(self, name: str, arg: object, node: ast.AST, ev) -> object:
        if isinstance(arg, ParamRef):
            return ParamRef(ast.unparse(node), "<expr>", None)
        if name == "simdwidthof":
            dt = arg if isinstance(arg, DType) else None
            if dt is None and isinstance(arg, Type):
                parts = simd_parts(arg)
                dt = parts[0] if parts and isinstance(parts[0], DType) else None
            if dt is None:
                if not isinstance(arg, UnknownType):
                    ev.error("K0281", node, "`simdwidthof` needs an element type: "
                             "`simdwidthof[DType.float32]()`")
                return UNKNOWN
            return self.target.simd_width(dt)
        size = size_of(arg, self)
        if size is None:
            ev.error("K0281", node, "`sizeof` needs a type: `sizeof[Int]()`")
            return UNKNOWN
        return size


def size_of(t: object, program: ProgramContext) -> int | None:
    if isinstance(t, DType):
        return max(1, t.bits // 8)
    parts = simd_parts(t) if isinstance(t, Type) else None
    if parts is not None and isinstance(parts[0], DType) and isinstance(parts[1], int):
        return max(1, parts[0].bits // 8) * parts[1]
    if isinstance(t, (PointerType,)):
        return 8
    if isinstance(t, (ListType,)):
        return 24
    if isinstance(t, TupleType):
        sizes = [size_of(e, program) for e in t.elements]
        return None if None in sizes else sum(sizes)
    if isinstance(t, OptionalType):
        inner = size_of(t.element, program)
        return None if inner is None else inner + 8
    if isinstance(t, StructType):
        decl = program.struct_decl(t)
        if decl is None:
            return None
        from .type_ops import subst
        sig = program.context(decl.module.path).struct_sig(decl)
        bindings = {(r.owner, r.name): v for r, v in zip(sig.refs, t.params)}
        total = 0
        for _, ft in sig.fields:
            s = size_of(subst(ft, bindings), program)
            if s is None:
                return None
            align = min(s, 8) if s else 1
            total = (total + align - 1) // align * align + s
        return max(total, 0)
    return None


def _kind_text(kind: object) -> str:
    if isinstance(kind, TraitRef):
        return f"a type conforming to `{kind.name}`"
    return f"a value of type `{kind}`"


def _is_entity(value: object) -> bool:
    from .entities import ENTITY_TYPES
    return isinstance(value, ENTITY_TYPES)


def _is_stdlib_path(path: str) -> bool:
    return "/compiler/stdlib/" in path.replace("\\", "/")
