"""Assembling the typed model of a program (typed_model.py) from the
analyses of its modules: every function instance in the module that declares
it, the layouts of every struct instance used, alias values, exports, and
the program's `fn main()`."""
from __future__ import annotations

import ast

from ..syntax import nodes as K
from .analysis import FileAnalysis
from .decls import StructDecl
from .instances import flatten, specialise
from .program import program_diagnostics, reachable
from .type_ops import key as ref_key, subst
from .typed_model import (Export, FieldInfo, FnInstance, FnKey, StructLayout, TypedModule,
                          TypedProgram)
from .types import (ListType, OptionalType, PointerType, StructType, TupleType, Type, TypeType,
                    is_concrete)

_DECLARATIONS = (K.FnDef, K.StructDef, K.TraitDef, K.AliasDef, ast.Import, ast.ImportFrom)


def build_typed_program_from(ws, entry: str) -> TypedProgram:
    paths = reachable(ws, entry)
    diags = program_diagnostics(ws, entry)
    analyses: dict[str, FileAnalysis] = {p: ws.analysis(p) for p in paths}
    modules = {p: _module(a) for p, a in analyses.items() if a is not None}
    functions: dict[FnKey, FnInstance] = {}
    for a in analyses.values():
        for inst in a.all_instances():
            functions.setdefault(inst.key, inst)
    layouts: dict[StructType, StructLayout] = {}
    # Python code may build any non-generic struct of the program, even one no
    # fn mentions: each gets its layout and methods like the ones fns use.
    exported = [e.type for m in modules.values() for e in m.exports
                if e.kind == "struct" and is_concrete(e.type)]
    _struct_methods(ws, functions, layouts, diags, exported)
    for inst in functions.values():
        path = inst.key.decl_id.split("::", 1)[0]
        mod = modules.get(path)
        if mod is None:
            a = ws.analysis(path)
            if a is None:
                continue
            mod = modules[path] = _module(a)
        mod.functions[inst.key] = inst
    for layout in layouts.values():
        path = layout.decl_id.split("::", 1)[0]
        if path in modules:
            modules[path].structs[layout.type] = layout
    program = TypedProgram(entry, modules, diags)
    program.entry_main = _entry_main(analyses.get(entry))
    return program


def _module(a: FileAnalysis) -> TypedModule:
    mod = TypedModule(a.path, a.source, a.parse.module)
    for al in a.decls.aliases:
        if al.symbol.container is None and not al.comptime:
            value = a.context.alias_value(al)
            if is_concrete(value) if isinstance(value, Type) else True:
                mod.aliases[al.name] = value
    for fn in a.decls.fns:
        if fn.owner is None and fn.parent_fn is None and fn.symbol.container is None and not fn.comptime:
            mod.exports.append(Export(fn.name, "fn", key=FnKey(fn.decl_id, ())))
    for st in a.decls.structs:
        if st.symbol.container is None and not st.comptime:
            mod.exports.append(Export(st.name, "struct", type=a.context.struct_sig(st).self_type))
    for name, value in mod.aliases.items():
        mod.exports.append(Export(name, "alias", value=value))
    mod.python_tier_nodes = [s for s in a.parse.module.body if not _is_declaration(s)]
    return mod


def _is_declaration(stmt: ast.stmt) -> bool:
    if isinstance(stmt, _DECLARATIONS):
        return True
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str)


def _entry_main(a: FileAnalysis | None) -> FnKey | None:
    if a is None:
        return None
    for fn in a.decls.fns:
        if fn.name == "main" and fn.owner is None and fn.parent_fn is None \
                and fn.symbol.container is None and not fn.comptime:
            return FnKey(fn.decl_id, ())
    return None


# -- structs ------------------------------------------------------------------------------

def _struct_methods(ws, functions: dict, layouts: dict, diags: list,
                    seeds: list[StructType]) -> None:
    """Lay out every struct instance the functions use, and `seeds`; specialise
    the methods of parametric ones (lifecycle methods run implicitly, so all
    are needed)."""
    reported = {(d.code, d.span.start) for d in diags}
    pending = list(functions.values())
    found: set[StructType] = set(seeds)
    while pending or found:
        for inst in pending:
            for t in _types_of(inst):
                _collect(t, found)
        pending = []
        work = list(found)
        found = set()
        requests = []
        while work:
            st_type = work.pop()
            if st_type in layouts or not is_concrete(st_type):
                continue
            decl = ws.program.struct_decl(st_type)
            if decl is None:
                continue
            layout, wanted = _layout(ws, decl, st_type)
            layouts[st_type] = layout
            requests.extend(r for r in wanted if r[0] not in functions)
            for f in layout.fields:
                more: set[StructType] = set()
                _collect(f.type, more)
                work.extend(more)
        if not requests:
            continue
        holder = FnInstance(FnKey("<layouts>"), "", None, None, None, False, {}, [], None, False)
        holder.requests = requests
        done, more_diags = specialise([holder], ws.program.context, set(functions), reported)
        diags.extend(more_diags)
        for inst in done.values():
            for sub in flatten(inst):
                if sub.key not in functions:
                    functions[sub.key] = sub
                    pending.append(sub)


def _layout(ws, decl: StructDecl, t: StructType):
    ctx = ws.program.context(decl.module.path)
    sig = ctx.struct_sig(decl)
    bindings = {ref_key(r): v for r, v in zip(sig.refs, t.params)}
    fields = tuple(FieldInfo(f.name, subst(ft, bindings), f.node) for f, ft in sig.fields)
    methods: dict[str, list[FnKey]] = {}
    requests = []
    for name, fns in decl.methods.items():
        for fn in fns:
            if fn.comptime:
                continue
            key = FnKey(fn.decl_id, tuple(t.params))
            methods.setdefault(name, []).append(key)
            if t.params:
                requests.append((key, fn, dict(bindings)))
    synthesized = frozenset(n for n in ("__init__", "__copyinit__", "__moveinit__")
                            if decl.is_value and n not in decl.methods)
    traits = tuple(ast.unparse(b) for b in decl.bases)
    layout = StructLayout(t, decl.decl_id, fields, methods, traits, synthesized,
                          "__del__" in decl.methods, decl.node)
    return layout, requests


def _types_of(inst: FnInstance):
    yield from inst.expr_types.values()
    yield from inst.locals.values()
    for p in inst.params:
        yield p.type
    if inst.result is not None:
        yield inst.result
    if inst.owner is not None:
        yield inst.owner


def _collect(t, out: set) -> None:
    if isinstance(t, StructType):
        if t not in out:
            out.add(t)
            for p in t.params:
                if isinstance(p, Type):
                    _collect(p, out)
    elif isinstance(t, PointerType):
        _collect(t.pointee, out)
    elif isinstance(t, (ListType, OptionalType)):
        _collect(t.element, out)
    elif isinstance(t, TupleType):
        for e in t.elements:
            _collect(e, out)
    elif isinstance(t, TypeType):
        _collect(t.instance, out)


__all__ = ["build_typed_program_from"]
