"""Linking a file's imports to the modules they name: `import m` binds the
module, `from m import x` binds m's `x`, `from m import *` brings m's public
names. Modules are found by the host (the Workspace and its loader)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from .py_scopes import ImportInfo
from .stdlib_intrinsics import DUAL_MODULES
from .symbols import Reference, Symbol, SymbolTable


@dataclass(eq=False)
class ModuleTarget:
    """An importable module as the importer sees it."""

    name: str
    symbol: Symbol                         # kind MODULE
    kind: str                              # "kiln" | "stdlib" | "python"
    path: str | None
    names: dict[str, Symbol] | None        # None: a Python module (contents unknown)
    all_names: list[str] | None = None     # a literal `__all__`, when the module has one

    @property
    def public(self) -> dict[str, Symbol]:
        if self.names is None:
            return {}
        if self.all_names is not None:
            return {n: self.names[n] for n in self.all_names if n in self.names}
        return {n: s for n, s in self.names.items() if not n.startswith("_")}


@dataclass
class LinkResult:
    star_exports: dict[str, Symbol] = field(default_factory=dict)
    unknown_star: bool = False
    deps: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)      # last parts of unresolved modules
    names: set[str] = field(default_factory=set)        # last parts of every module named
    diagnostics: list[Diagnostic] = field(default_factory=list)


Resolver = Callable[[str, int], ModuleTarget | None]
Namespace = Callable[[str, dict[str, Symbol]], Symbol]


def link_imports(imports: list[ImportInfo], resolve: Resolver, table: SymbolTable,
                 namespace: Namespace | None = None) -> LinkResult:
    out = LinkResult()
    referenced: set[int] = set()
    warned: set[int] = set()
    for info in imports:
        out.names.update(p for p in (info.module.split(".")[-1], info.name or "") if p)
        target = _target(info, resolve)
        if target is None and info.name and not info.is_star and info.level == 0:
            sub = resolve(f"{info.module}.{info.name}", 0)     # `from pkg import submodule`
            if sub is not None and info.symbol is not None:
                _bind_module(info, sub, out)
                continue
        if target is None:
            out.missing.add(info.module.split(".")[-1] if info.module else (info.name or ""))
            if info.is_star:
                out.unknown_star = True
            if info.level == 0 and not info.guarded and id(info.node) not in warned:
                warned.add(id(info.node))
                out.diagnostics.append(make.warning(
                    "K0504", info.module_span, f"module `{info.module}` not found",
                    hint=f"looked for `{info.module.replace('.', '/')}.kiln` beside this file and "
                         "on KILN_PATH, in Kiln's standard library, and on Python's path"))
            continue
        if _is_file(target):
            out.deps.add(target.path)
        if id(info.node) not in referenced and info.level == 0:
            referenced.add(id(info.node))
            table.add_reference(Reference(info.module_span, target.symbol))
        if info.is_star:
            if target.names is None:
                out.unknown_star = True
            else:
                out.star_exports.update(target.public)
            continue
        if info.symbol is None:
            continue
        if info.binds_top:
            _bind_top(info, target, resolve, namespace, out)
            continue
        if info.name is None or (info.module == "" and info.level):
            info.symbol.target = target.symbol
            info.symbol.module_path = target.path or target.symbol.module_path
            continue
        _link_name(info, target, table, out)
    return out


def _bind_module(info: ImportInfo, target: ModuleTarget, out: LinkResult) -> None:
    if _is_file(target):
        out.deps.add(target.path)
    info.symbol.target = target.symbol
    info.symbol.module_path = target.path or target.symbol.module_path


def _is_file(target: ModuleTarget) -> bool:
    """A module with a `.kiln` file (the user's or the stdlib's): the importer
    depends on it, and its fns are compiled with the program's."""
    return target.kind in ("kiln", "stdlib") and bool(target.path) \
        and not target.path.startswith("<")


def _bind_top(info: ImportInfo, target: ModuleTarget, resolve: Resolver,
              namespace: Namespace | None, out: LinkResult) -> None:
    """`import a.b.c` binds `a`: the module `a` if there is one, else a
    namespace whose `b` leads to `c` (a folder of `.kiln` files)."""
    parts = info.module.split(".")
    top = resolve(parts[0], 0)
    if top is not None or namespace is None or target.kind == "python":
        if top is not None:
            _bind_module(info, top, out)
        return
    child: Symbol = target.symbol
    for i in range(len(parts) - 1, 0, -1):
        child = namespace(".".join(parts[:i]), {parts[i]: child})
    info.symbol.target = child
    info.symbol.module_path = child.module_path


def _target(info: ImportInfo, resolve: Resolver) -> ModuleTarget | None:
    if info.binds_top:
        return resolve(info.module, 0) or None
    if info.module == "" and info.level and info.name:
        return resolve(info.name, info.level)
    return resolve(info.module, info.level)


def _link_name(info: ImportInfo, target: ModuleTarget, table: SymbolTable, out: LinkResult) -> None:
    if target.names is None:
        return                                 # a Python module: anything may be in it
    sym = target.names.get(info.name)
    if sym is None:
        if target.kind == "stdlib" and target.name in DUAL_MODULES:
            return                             # the Python module of the same name may have it
        out.diagnostics.append(make.error(
            "K0505", info.name_span, f"module `{target.name}` has no `{info.name}`",
            hint=_close(info.name, target.names)))
        return
    info.symbol.target = sym
    if info.name_span is not None:
        table.add_reference(Reference(info.name_span, sym))


def _close(name: str, names: dict[str, Symbol]) -> str | None:
    import difflib
    found = difflib.get_close_matches(name, list(names), n=1, cutoff=0.7)
    return f"did you mean `{found[0]}`?" if found else None
