"""One `.kiln` module, from source text to a code object ready to run.

    parse -> lower -> CPython compile(filename=<absolute .kiln path>) -> linecache
          -> (if it declares compiled-tier names) the native provider's bindings

The result says what to bind in the module's globals before running the code
(`CompiledModule.globals`). Checking (the semantic model) is the caller's
business: `kiln run` checks the whole program once, the import hook checks a
module's import closure (see program_check.py).
"""
from __future__ import annotations

import ast
import linecache
import os
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile
from .compile_check import syntax_error_diagnostic, too_deep_diagnostic
from .compile_warnings import CompileWarning, compile_recording, replay
from .ct_args import GLOBAL_NAME as CT_ARGS_GLOBAL, CompileTimeArgs
from .entry_point import main_definition
from .native_provider import NATIVE_GLOBAL, NativeOptions, NativeRequest, find_provider
from .prelude import PRELUDE
from .source_reading import text_digest

if TYPE_CHECKING:
    from .code_cache import CodeCache
    from .lowering import LoweredModule


@dataclass
class CompiledModule:
    source: SourceFile
    code: types.CodeType | None = None
    globals: dict[str, object] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    main_line: int = 0              # line of the `main` that `kiln run` calls (entry_point.py), 0: none
    compile_warnings: tuple[CompileWarning, ...] = ()
    top_level: bool = False         # wrapped to end the program itself (main_wrapper.py)

    @property
    def defines_main(self) -> bool:
        return self.main_line > 0

    @property
    def ok(self) -> bool:
        return self.code is not None and not any(d.is_error for d in self.diagnostics)


@dataclass(frozen=True)
class CachedUnit:
    """What of a compiled module the on-disk cache keeps (code_cache.py)."""

    code: types.CodeType
    prelude_names: tuple[str, ...]
    uses_ct_args: bool
    main_line: int
    compile_warnings: tuple[CompileWarning, ...] = ()


def parse_source(source: SourceFile):
    from ..syntax.parser import parse  # the grammar loads on first use only
    return parse(source.text, source.path)


def compile_module(source: SourceFile, *, module_name: str, search_path: tuple[str, ...] = (),
                   options: NativeOptions = NativeOptions(), tree: ast.Module | None = None,
                   cache: "CodeCache | None" = None, top_level: bool = False) -> CompiledModule:
    """`source.path` must be the absolute path the code objects will carry.
    With a `cache`, an unchanged file is not parsed again. `top_level`: the
    code of `kiln run`'s `__main__`, which calls main() and ends the program
    itself (main_wrapper.py); cached apart from the module's plain code."""
    digest = text_digest(source.text) if cache is not None else ""
    kind = "main" if top_level else "unit"
    unit = cache.load_unit(source.path, digest, kind) if cache is not None else None
    if unit is not None:
        return _from_cache(source, unit, top_level)
    result = _compile_fresh(source, module_name, search_path, options, tree, top_level)
    if cache is not None and result.ok and NATIVE_GLOBAL not in result.globals:
        names = tuple(n for n in result.globals if n in PRELUDE)
        cache.store_unit(source.path, digest, CachedUnit(result.code, names, CT_ARGS_GLOBAL in result.globals,
                                                         result.main_line, result.compile_warnings), kind)
    replay(result.compile_warnings, source.path)
    return result


def _from_cache(source: SourceFile, unit: CachedUnit, top_level: bool) -> CompiledModule:
    result = CompiledModule(source, unit.code, main_line=unit.main_line,
                            compile_warnings=unit.compile_warnings, top_level=top_level)
    replay(unit.compile_warnings, source.path)
    result.globals.update({name: PRELUDE[name] for name in unit.prelude_names if name in PRELUDE})
    if unit.uses_ct_args:
        result.globals[CT_ARGS_GLOBAL] = CompileTimeArgs.make
    register_lines(source)
    return result


def _compile_fresh(source: SourceFile, module_name: str, search_path: tuple[str, ...],
                   options: NativeOptions, tree: ast.Module | None, top_level: bool) -> CompiledModule:
    result = CompiledModule(source, top_level=top_level)
    if tree is None:
        parsed = parse_source(source)
        result.diagnostics.extend(parsed.diagnostics)
        if not parsed.ok:
            return result
        tree = parsed.module
    # Imported here: a run served from the cache never needs the lowering.
    from .lowering import lower_module
    from .stdlib_imports import StdlibImports
    main = main_definition(tree)
    result.main_line = main.lineno if main is not None else 0
    lowered = lower_module(tree, source, StdlibImports())
    result.diagnostics.extend(lowered.diagnostics)
    if not lowered.ok:
        return result
    python_tree = lowered.tree
    if top_level:
        from .main_wrapper import wrap_for_top_level
        python_tree = wrap_for_top_level(python_tree, main)
    code = _cpython_compile(python_tree, source, result)
    if code is None:
        return result
    result.globals.update({name: PRELUDE[name] for name in sorted(lowered.prelude_names)})
    if lowered.uses_ct_args:
        result.globals[CT_ARGS_GLOBAL] = CompileTimeArgs.make
    if lowered.native_decls:
        native = _load_native(lowered, tree, source, module_name, search_path, options, result)
        if native is None:
            return result
        result.globals[NATIVE_GLOBAL] = native
    register_lines(source)
    result.code = code
    return result


def register_lines(source: SourceFile) -> None:
    """Make `linecache` (inspect, pdb, traceback, debugpy) show the text that
    was compiled, even if the file changes on disk afterwards. An mtime of None
    tells `linecache.checkcache` to leave the entry alone."""
    lines = source.text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"
    linecache.cache[source.path] = (len(source.text), None, lines, source.path)


def _cpython_compile(tree: ast.Module, source: SourceFile, result: CompiledModule) -> types.CodeType | None:
    try:
        code, result.compile_warnings = compile_recording(tree, source.path)
        return code
    except SyntaxError as exc:
        # CPython's compiler finds a few errors the parser leaves to it (e.g.
        # `nonlocal x` with no such binding); report them like every other error.
        result.diagnostics.append(syntax_error_diagnostic(exc, source))
    except RecursionError:
        result.diagnostics.append(too_deep_diagnostic(source))
    return None


def _load_native(lowered: "LoweredModule", tree: ast.Module, source: SourceFile, module_name: str,
                 search_path: tuple[str, ...], options: NativeOptions, result: CompiledModule):
    if _generic_stdlib(tree, source.path):
        return _compiled_only(lowered.native_decls, module_name)
    first = lowered.native_decls[0]
    provider = find_provider()
    if provider is None:
        result.diagnostics.append(make.error(
            "K0550", first.span,
            f"`{first.kind} {first.name}` needs Kiln's native tier, which this installation does not have",
            hint="compiled-tier code (`fn`, `struct`, `trait`, `alias`) runs through "
                 "kiln.compiler.native; install it, or write the code as `def`/`class`"))
        return None
    request = NativeRequest(module_name, source, tree, lowered.native_decls, search_path, options)
    native = provider.load(request)
    result.diagnostics.extend(native.diagnostics)
    if any(d.is_error for d in native.diagnostics):
        return None
    missing = [d for d in lowered.native_decls if d.name not in native.bindings]
    if missing:
        result.diagnostics.append(make.error(
            "K0900", missing[0].span,
            f"internal error: the native tier returned no object for `{missing[0].kind} {missing[0].name}`",
            hint="this is a bug in Kiln's native tier; please report it"))
        return None
    return {**native.bindings, **_python_faces(source.path, module_name, native.bindings)}


def _in_stdlib(path: str) -> bool:
    from . import module_locator
    return path.startswith(os.path.join(module_locator.STDLIB_DIR, ""))


def _generic_stdlib(tree: ast.Module, path: str) -> bool:
    """A stdlib file whose compiled declarations are all generic fns and
    traits (algorithm.kiln): nothing in it has a compiled form Python code
    could call, so importing it from Python builds no native module."""
    from ..syntax import nodes as K
    if not _in_stdlib(path):
        return False
    compiled = [s for s in tree.body if isinstance(s, (K.FnDef, K.StructDef, K.AliasDef, K.TraitDef))]
    return bool(compiled) and all(isinstance(s, K.TraitDef) or
                                  (isinstance(s, K.FnDef) and s.comptime_params) for s in compiled)


def _compiled_only(decls, module_name: str) -> dict[str, object]:
    from .intrinsic_modules import CompiledOnly, python_meanings, stdlib_module_name
    name = stdlib_module_name(module_name)
    faces = python_meanings(name)
    return {d.name: faces.get(d.name) or CompiledOnly(name, d.name) for d in decls}


def _python_faces(path: str, module_name: str, bindings) -> dict[str, object]:
    """A compiled stdlib declaration with a Python meaning is that meaning for
    Python code (testing's generic `assert_equal` has no compiled form Python
    could call; intrinsic_modules.py holds the same check written in Python)."""
    from .intrinsic_modules import python_meanings, stdlib_module_name
    if not _in_stdlib(path):
        return {}
    faces = python_meanings(stdlib_module_name(module_name))
    return {name: face for name, face in faces.items() if name in bindings}
