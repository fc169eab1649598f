"""The typed model: what the type checker hands to the native back end.

The back end compiles exactly the `FnInstance`s listed here and reads every
type from them; it never infers a type itself. One `FnInstance` per
function body and specialisation: a non-generic `fn` has one, a generic one
has one per distinct set of compile-time parameter values reached from
non-generic code. Maps are keyed by the AST node objects of the body.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile
from .locals import LocalVar
from .types import FnType, ParamValue, StructType, Type


@dataclass(frozen=True)
class FnKey:
    """Identifies one specialisation: the declaration and the values of all
    its compile-time parameters (owning struct's, enclosing fns', own, in
    that order)."""

    decl_id: str
    params: tuple = ()

    def __str__(self) -> str:
        if not self.params:
            return self.decl_id
        return f"{self.decl_id}[{', '.join(map(str, self.params))}]"


@dataclass(frozen=True)
class Binding:
    """What a name in an fn body refers to.

    kind: "local" (a var/let/for/except variable of this fn), "param", "capture"
    (a local of an enclosing fn), "fn" (a user fn; `target` = decl_id), "struct"
    (a type; `value` = the Type), "alias" / "comptime" (`value` = the compile-time
    value), "builtin" (`target` = builtin name), "module"."""

    kind: str
    var: LocalVar | None = None
    target: str | None = None
    value: object = None


@dataclass(frozen=True)
class CallTarget:
    """The resolved target of a call (or of an operator through a dunder).

    kind: "fn" (a free fn), "method" (a struct method; `self_type` = the struct),
    "init" (a struct constructor: `__init__`, or field-wise when `synthesized`),
    "builtin" (`name` = e.g. "print", "len", "SIMD.reduce_add", "math.sqrt",
    "UnsafePointer.alloc", "convert" for `Float64(x)`-style conversions,
    "vectorize"), "closure" (a nested fn; `instance` names it).
    `arguments` are the argument expressions in parameter order, `self`/receiver
    first for methods; None where the callee's default applies."""

    kind: str
    name: str
    signature: FnType
    instance: FnKey | None = None
    self_type: Type | None = None
    comptime_args: tuple = ()
    arguments: tuple = ()
    synthesized: bool = False
    raises: bool = False


@dataclass(frozen=True)
class ParamSlot:
    name: str
    type: Type
    convention: str                  # borrowed | inout | owned
    node: ast.AST | None
    var: LocalVar | None


@dataclass(eq=False)
class FnInstance:
    key: FnKey
    link_name: str
    node: ast.AST                    # the FnDef
    decl: object                     # FnDecl
    owner: StructType | None
    is_static: bool
    comptime: dict[str, object]
    params: list[ParamSlot]
    result: Type
    raises: bool
    fastmath: bool = False
    expr_types: dict[ast.AST, Type] = field(default_factory=dict)
    conversions: dict[ast.AST, Type] = field(default_factory=dict)
    names: dict[ast.AST, Binding] = field(default_factory=dict)
    locals: dict[LocalVar, Type] = field(default_factory=dict)
    local_of: dict[ast.AST, LocalVar] = field(default_factory=dict)   # declaring node -> var
    calls: dict[ast.AST, CallTarget] = field(default_factory=dict)
    captures: list[LocalVar] = field(default_factory=list)
    param_ifs: dict[ast.AST, int] = field(default_factory=dict)
    unrolls: dict[ast.AST, list] = field(default_factory=dict)
    moves: set = field(default_factory=set)
    nested: list[FnKey] = field(default_factory=list)
    closures: list["FnInstance"] = field(default_factory=list, repr=False)  # checked nested fns
    enclosing: FnKey | None = None      # nested fns: the fn whose frame holds the captures
    handler_vars: dict[ast.AST, LocalVar] = field(default_factory=dict)  # except e -> var
    # internal to the checker: specialisations this body needs (FnKey, FnDecl, bindings)
    requests: list = field(default_factory=list, repr=False)

    def type_of(self, node: ast.AST) -> Type | None:
        return self.expr_types.get(node)


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: Type
    node: ast.AST | None


@dataclass(eq=False)
class StructLayout:
    type: StructType
    decl_id: str
    fields: tuple[FieldInfo, ...]
    methods: dict[str, list[FnKey]]
    traits: tuple[str, ...]
    synthesized: frozenset[str]
    has_del: bool
    node: ast.AST | None = None


@dataclass(frozen=True)
class Export:
    """A top-level declaration the Python tier can bridge."""

    name: str
    kind: str                        # "fn" | "struct" | "alias"
    key: FnKey | None = None
    type: Type | None = None
    value: object = None


@dataclass(eq=False)
class TypedModule:
    path: str
    source: SourceFile
    tree: ast.Module
    functions: dict[FnKey, FnInstance] = field(default_factory=dict)
    structs: dict[StructType, StructLayout] = field(default_factory=dict)
    aliases: dict[str, ParamValue] = field(default_factory=dict)
    exports: list[Export] = field(default_factory=list)
    python_tier_nodes: list[ast.stmt] = field(default_factory=list)  # top-level non-declarations


@dataclass(eq=False)
class TypedProgram:
    entry: str
    modules: dict[str, TypedModule]
    diagnostics: list[Diagnostic]
    entry_main: FnKey | None = None

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def instance(self, key: FnKey) -> FnInstance | None:
        path = key.decl_id.split("::", 1)[0]
        mod = self.modules.get(path)
        return mod.functions.get(key) if mod else None
