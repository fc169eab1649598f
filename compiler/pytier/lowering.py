"""Kiln tree -> CPython tree for the Python tier.

Approach: a copy-on-write walk. Python nodes pass through untouched (the same
objects), so the lowering of a pure-Python file *is* CPython's tree; a node is
rebuilt only when something under it changed. Kiln nodes lower to their
Python meaning and keep their source positions, so the code objects CPython
builds from the result report `.kiln` lines:

    var x = 1 / let x = 1       ->  x = 1
    var x: Int = 1              ->  x: Int = 1          (annotated assignment)
    var x                       ->  pass                (declares nothing at run time)
    x^                          ->  x
    p.load[width=8](i)          ->  p.load[__kiln_ct__(width=8)](i)
    @parameter if/for ...       ->  the if/for itself
    from time import now        ->  from __kiln_stdlib__.time import now   (see stdlib_imports.py)
    alias N = 3   (in a def)    ->  N = 3
    fn/struct/trait/alias NAME  ->  NAME = __kiln_native__["NAME"]   (module scope)

Compiled-tier declarations at module scope are bound from the namespace the
native provider returns (see native_provider.py), at the place they stand.
Inside a `def` or `class` they are an error (K0551): Python-tier code cannot
hold compiled code.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax import nodes as k
from ..syntax.source import SourceFile
from .ct_args import GLOBAL_NAME as CT_ARGS_GLOBAL
from .native_provider import NATIVE_GLOBAL, DeclKind, NativeDecl
from .prelude import PRELUDE
from .recursion import deep_walks
from .stdlib_imports import STDLIB_PACKAGE, StdlibImports


_DECL_KINDS: dict[type, DeclKind] = {
    k.FnDef: "fn", k.StructDef: "struct", k.TraitDef: "trait", k.AliasDef: "alias",
}
_SCOPE_OPENERS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class LoweredModule:
    """The Python tree plus what running it needs in the module's globals."""

    tree: ast.Module
    native_decls: tuple[NativeDecl, ...]
    prelude_names: frozenset[str]       # Kiln builtins the module mentions
    uses_ct_args: bool                  # needs __kiln_ct__ bound
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def lower_module(module: ast.Module, source: SourceFile,
                 stdlib: StdlibImports | None = None) -> LoweredModule:
    """Lower a syntax-error-free Kiln tree. Never mutates `module`. With
    `stdlib`, imports of compiled-stdlib-only names are redirected."""
    lowering = _Lowering(source, stdlib)
    with deep_walks():
        tree = lowering.visit(module)
    return LoweredModule(tree, tuple(lowering.decls), frozenset(lowering.prelude),
                         lowering.uses_ct_args, tuple(lowering.diagnostics))


def _at(new: ast.AST, old: ast.AST) -> ast.AST:
    """Give a synthesized node the source range of the Kiln node it replaces."""
    for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
        setattr(new, attr, getattr(old, attr, None))
    return new


class _Lowering:
    def __init__(self, source: SourceFile, stdlib: StdlibImports | None):
        self.source = source
        self.stdlib = stdlib
        self.scopes: list[str] = ["module"]
        self.decls: list[NativeDecl] = []
        self.prelude: set[str] = set()
        self.uses_ct_args = False
        self.diagnostics: list[Diagnostic] = []
        self.handlers: dict[type, Callable[[ast.AST], object]] = {
            k.FnDef: self.lower_decl, k.StructDef: self.lower_decl,
            k.TraitDef: self.lower_decl, k.AliasDef: self.lower_alias,
            k.VarDecl: self.lower_var_decl, k.Transfer: self.lower_transfer,
            k.ParamSubscript: self.lower_param_subscript,
            k.CompileTime: self.lower_compile_time,
            k.ErrorStmt: self.lower_error, k.ErrorExpr: self.lower_error,
            k.Param: self.lower_error,
        }
        if stdlib is not None:
            self.handlers[ast.ImportFrom] = self.lower_import_from

    # -- the generic copy-on-write walk ----------------------------------------
    def visit(self, node):
        handler = self.handlers.get(type(node))
        if handler is not None:
            return handler(node)
        if type(node) is ast.Name:
            if node.id in PRELUDE and type(node.ctx) is ast.Load:
                self.prelude.add(node.id)
            return node
        return self.visit_fields(node)

    def visit_fields(self, node):
        opens_scope = isinstance(node, _SCOPE_OPENERS)
        changed: dict[str, object] = {}
        for name in node._fields:
            old = getattr(node, name, None)
            if opens_scope and name == "body":
                self.scopes.append("class" if type(node) is ast.ClassDef else "function")
                new = self.visit_value(old)
                self.scopes.pop()
            else:
                new = self.visit_value(old)
            if new is not old:
                changed[name] = new
        if not changed:
            return node
        clone = type(node)(**{f: changed.get(f, getattr(node, f, None)) for f in node._fields})
        for attr in node._attributes:
            if hasattr(node, attr):
                setattr(clone, attr, getattr(node, attr))
        return clone

    def visit_value(self, value):
        if isinstance(value, ast.AST):
            return self.visit(value)
        if isinstance(value, list):
            return self.visit_list(value)
        return value

    def visit_list(self, items: list) -> list:
        out: list = []
        changed = False
        for item in items:
            new = self.visit(item) if isinstance(item, ast.AST) else item
            if isinstance(new, list):
                out.extend(new)
                changed = True
            else:
                out.append(new)
                changed = changed or new is not item
        return out if changed else items

    # -- compiled-tier declarations --------------------------------------------
    def lower_decl(self, node) -> ast.stmt:
        kind = _DECL_KINDS[type(node)]
        if self.scopes[-1] != "module":
            return self.misplaced_decl(node, kind)
        self.decls.append(NativeDecl(node.name, kind, self.source.span_of(node)))
        subscript = ast.Subscript(ast.Name(NATIVE_GLOBAL, ast.Load()),
                                  ast.Constant(node.name), ast.Load())
        target = ast.Name(node.name, ast.Store())
        for part in (subscript, subscript.value, subscript.slice, target):
            _at(part, node)
        return _at(ast.Assign([target], subscript), node)

    def lower_alias(self, node: k.AliasDef) -> ast.stmt:
        if self.scopes[-1] == "module" or node.comptime_params:
            return self.lower_decl(node)
        # A plain alias inside def code is a constant binding.
        target = _at(ast.Name(node.name, ast.Store()), node)
        return _at(ast.Assign([target], self.visit(node.value)), node)

    def misplaced_decl(self, node, kind: DeclKind) -> ast.stmt:
        where = "a class body" if self.scopes[-1] == "class" else "a `def` function"
        hint = ("compiled-tier declarations live at the top level of a module "
                "(or inside an `fn`/`struct`); move it there")
        if kind == "fn" and self.scopes[-1] == "class":
            hint = ("use `def` for a method of a Python class, or make the class "
                    "a `struct` to give it `fn` methods")
        self.diagnostics.append(make.error(
            "K0551", self.source.span_of(node),
            f"`{kind} {node.name}` cannot be declared inside {where}", hint=hint))
        return _at(ast.Pass(), node)

    # -- Kiln statements and expressions in Python-tier code --------------------
    def lower_var_decl(self, node: k.VarDecl) -> ast.stmt:
        value = self.visit(node.value) if node.value is not None else None
        target = _as_store(self.visit(node.target))
        if node.annotation is not None and isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)):
            annotation = self.visit(node.annotation)
            simple = int(isinstance(target, ast.Name))
            return _at(ast.AnnAssign(target, annotation, value, simple), node)
        if value is None:
            return _at(ast.Pass(), node)
        return _at(ast.Assign([target], value), node)

    def lower_transfer(self, node: k.Transfer) -> ast.expr:
        # Python has no moves: the value itself (its own positions are inside ours).
        return self.visit(node.value)

    def lower_param_subscript(self, node: k.ParamSubscript) -> ast.expr:
        self.uses_ct_args = True
        func = _at(ast.Name(CT_ARGS_GLOBAL, ast.Load()), node)
        call = _at(ast.Call(func, self.visit_list(list(node.args)),
                            self.visit_list(list(node.keywords))), node)
        return _at(ast.Subscript(self.visit(node.value), call, ast.Load()), node)

    def lower_compile_time(self, node: k.CompileTime):
        return self.visit_value(node.body)

    def lower_import_from(self, node: ast.ImportFrom):
        if node.level or not node.module:
            return node
        kiln_names = set(self.stdlib.kiln_names(node.module, [a.name for a in node.names]))
        if not kiln_names:
            return node
        python = [a for a in node.names if a.name not in kiln_names]
        kiln = [a for a in node.names if a.name in kiln_names]
        redirected = _at(ast.ImportFrom(f"{STDLIB_PACKAGE}.{node.module}", kiln, 0), node)
        if not python:
            return redirected
        return [_at(ast.ImportFrom(node.module, python, 0), node), redirected]

    def lower_error(self, node) -> ast.AST:
        self.diagnostics.append(make.error(
            "K0900", self.source.span_of(node),
            f"internal error: `{type(node).__name__}` reached the Python-tier lowering",
            hint="lowering needs a tree without syntax errors; please report this"))
        return _at(ast.Pass() if isinstance(node, ast.stmt) else ast.Constant(None), node)


def _as_store(target: ast.expr) -> ast.expr:
    """The same target with Store contexts (a declaration's target is written)."""
    if isinstance(target, (ast.Tuple, ast.List)):
        elts = [_as_store(e) for e in target.elts]
        return _at(type(target)(elts, ast.Store()), target)
    if isinstance(target, ast.Starred):
        return _at(ast.Starred(_as_store(target.value), ast.Store()), target)
    if isinstance(target, (ast.Name, ast.Attribute, ast.Subscript)) and type(target.ctx) is not ast.Store:
        fields = {f: getattr(target, f) for f in target._fields if f != "ctx"}
        return _at(type(target)(**fields, ctx=ast.Store()), target)
    return target
