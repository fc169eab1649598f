"""The native tier's implementation of the Python tier's `NativeProvider`
(compiler/pytier/native_provider.py): for each top-level compiled-tier
declaration of a module, the Python object that stands for it."""
from __future__ import annotations

from ..pytier.native_provider import NativeModule, NativeRequest
from .codegen.options import CodegenOptions
from .driver import compile_for_python

DEFAULT_OPT = 3


class NativeTierProvider:
    def load(self, request: NativeRequest) -> NativeModule:
        opts = request.options
        level = opts.opt_level if opts.opt_level is not None else (0 if opts.debug else DEFAULT_OPT)
        options = CodegenOptions(opt_level=level, debug=opts.debug or level == 0,
                                 fast_math=opts.fast_math)
        outcome = compile_for_python(request.source.path, request.source.text, options,
                                     tuple(request.search_path), tree=request.tree,
                                     workspace=getattr(request, "workspace", None))
        if outcome.module is None:
            return NativeModule({}, outcome.diagnostics)
        exports = {e["name"]: e for e in outcome.exports}
        classes = struct_classes(outcome.module, outcome.exports, request.module_name)
        bindings = {}
        for decl in request.decls:
            export = exports.get(decl.name)
            if export is not None and export["kind"] == "struct":
                bindings[decl.name] = classes[decl.name]
            else:
                bindings[decl.name] = _binding(outcome.module, decl, export)
        return NativeModule(bindings, outcome.diagnostics)


def struct_classes(module, exports: list[dict], qualname: str) -> dict[str, type]:
    """The Python classes of the module's structs (built once per loaded module)."""
    cached = getattr(module, "__kiln_classes__", None)
    if cached is None and not any(e["kind"] == "struct" for e in exports):
        cached = module.__kiln_classes__ = {}
    if cached is None:
        from .bridge.classes import build_classes
        cached = build_classes(module, [e["value"] for e in exports if e["kind"] == "struct"], qualname)
        module.__kiln_classes__ = cached
    return cached


def _binding(module, decl, export: dict | None) -> object:
    if export is None:
        return _Unavailable(decl.name, decl.kind, "it has no compiled form (generic or not exported)")
    kind = export["kind"]
    if kind == "fn":
        return getattr(module, decl.name)
    if kind == "alias":
        return export["value"]
    if kind == "unbridgeable":
        return _Unavailable(decl.name, "fn", export["reason"])
    return _Unavailable(decl.name, kind, "structs cannot cross the bridge yet")


class _Unavailable:
    """Stands for a compiled declaration Python code cannot use; using it
    raises a TypeError that says why."""

    def __init__(self, name: str, kind: str, reason: str):
        self.__name__ = name
        self._kind = kind
        self._reason = reason

    def __call__(self, *args, **kwargs):
        raise TypeError(f"{self._kind} `{self.__name__}` cannot be used from Python code: {self._reason}")

    def __repr__(self) -> str:
        return f"<compiled {self._kind} {self.__name__} (not bridged)>"


def create_provider() -> NativeTierProvider:
    return NativeTierProvider()
