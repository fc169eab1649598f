"""From a `.kiln` file to native code: type-check, then either fetch the
compiled module from the cache or generate, optimise, link and store it;
then load it (for `kiln run` / `kiln.load`) or write it out (`kiln build`).

The warm path (a cache hit) imports neither llvmlite nor the code
generator: the cache key needs only the source texts of the program's
`.kiln` modules, the compiler fingerprint, the host and the flags.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from types import ModuleType

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import Span
from . import hostinfo
from .cache import NativeCache, make_key
from .codegen.options import CodegenOptions
from .loader import LoadError, load_extension


@dataclass
class NativeOutcome:
    module: ModuleType | None
    exports: list[dict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def typed_program(path: str, text: str | None, search_path: tuple[str, ...] = (), workspace=None):
    """The typed model of `path`. `workspace` is one that already checked the
    program (the Python tier's pre-run check): reused when it was built for
    this host, so a cold run type-checks once."""
    from ..semantic import FileSystemLoader, TargetInfo, Workspace
    target = TargetInfo(vector_bits=hostinfo.vector_bits(), cores=hostinfo.cores())
    if workspace is not None and getattr(getattr(workspace, "program", None), "target", None) == target:
        return workspace.typed_program(path)
    kiln_path = [p for p in search_path if os.path.abspath(p) != os.path.dirname(os.path.abspath(path))]
    ws = Workspace(FileSystemLoader(kiln_path or None), target=target)
    if text is not None:
        ws.set_file(path, text)
    return ws.typed_program(path)


def _errors(diags) -> bool:
    return any(d.is_error for d in diags)


def _codegen_diagnostic(exc, program) -> Diagnostic:
    from .codegen.context import Unsupported
    path = exc.path or program.entry
    module = program.modules.get(path)
    span = Span(path, 0, 0)
    if module is not None and exc.node is not None and hasattr(exc.node, "lineno"):
        span = module.source.span_of(exc.node)
    if isinstance(exc, Unsupported):
        return make.error("K0600", span, str(exc),
                          hint="move this code to a `def` (Python tier) or rewrite it with supported constructs")
    return make.error("K0900", span, f"internal compiler error in the native tier: {exc}",
                      hint="this is a bug in Kiln; please report it with this file")


def _module_name(path: str, key: str) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in os.path.splitext(os.path.basename(path))[0])
    return f"_kiln_{stem}_{key[:16]}"


def compile_for_python(path: str, text: str | None, options: CodegenOptions,
                       search_path: tuple[str, ...] = (), cache: NativeCache | None = None,
                       tree=None, workspace=None) -> NativeOutcome:
    """The loaded extension module of `path`'s compiled tier: from the cache
    when the sources are unchanged (without type-checking again), else built."""
    from .sources import kiln_sources
    path = os.path.abspath(path)
    if text is None:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    sources = kiln_sources(path, text, search_path, tree)
    key = make_key(sources, target_key=hostinfo.fingerprint(), flags=options.flags)
    name = _module_name(path, key)
    cache = cache or NativeCache()
    entry = cache.lookup(key)
    if entry is not None:
        try:
            module = load_extension(entry.path("module.so"), name)
            return NativeOutcome(module, entry.metadata.get("exports", []))
        except LoadError:
            cache.discard(key)            # verified bytes that still do not load: rebuild
    program = typed_program(path, text, search_path, workspace)
    if not program.ok:
        return NativeOutcome(None, [], list(program.diagnostics))
    try:
        so_bytes, exports = _build_shared(program, options, name)
    except _BuildFailed as failed:
        return NativeOutcome(None, [], failed.diagnostics)
    warnings: list[Diagnostic] = []
    try:
        so_path = cache.store(key, {"module.so": so_bytes}, {"exports": exports}).path("module.so")
    except OSError as exc:
        so_path = _uncached_copy(so_bytes, name)
        warnings.append(make.warning(
            "K0605", Span(path, 0, 0), f"the compiled-module cache at {cache.root} cannot be written "
            f"({exc.strerror or exc}); this run compiled without it",
            hint="point KILN_CACHE_DIR at a writable directory (or unset it for ~/.cache/kiln)"))
    try:
        module = load_extension(so_path, name)
    except LoadError as exc:
        span = Span(path, 0, 0)
        return NativeOutcome(None, [], [make.error("K0604", span, f"loading the compiled module failed: {exc}")])
    return NativeOutcome(module, exports, warnings)


def _uncached_copy(so_bytes: bytes, name: str) -> str:
    """The module in a private temporary directory, removed at exit."""
    import atexit
    import shutil
    import tempfile
    directory = tempfile.mkdtemp(prefix="kiln-uncached-")
    atexit.register(shutil.rmtree, directory, True)
    so_path = os.path.join(directory, f"{name}.so")
    with open(so_path, "wb") as f:
        f.write(so_bytes)
    return so_path


class _BuildFailed(Exception):
    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("build failed")
        self.diagnostics = diagnostics


def _generate(program, options: CodegenOptions, name: str):
    from .codegen.context import CodegenError
    from .codegen.program import generate
    from .target import host
    try:
        return generate(program, options, name, host())
    except CodegenError as exc:
        raise _BuildFailed([_codegen_diagnostic(exc, program)]) from None


def _build_shared(program, options: CodegenOptions, name: str) -> tuple[bytes, list[dict]]:
    from .emit import compile_ir
    from .link import LinkError, system_linker
    from .target import host
    import tempfile
    generated = _generate(program, options, name)
    compiled = compile_ir(generated.ir_text, host(), options.opt_level)
    with tempfile.TemporaryDirectory(prefix="kiln-so-") as tmp:
        out = os.path.join(tmp, f"{name}.so")
        try:
            system_linker().shared(compiled.object_code, out)
        except LinkError as exc:
            raise _BuildFailed([make.error("K0603", Span(program.entry, 0, 0), str(exc))]) from None
        with open(out, "rb") as f:
            data = f.read()
    exports = [{"name": e.name, "kind": e.kind, "value": _jsonable(e.value), "reason": e.reason}
               for e in generated.exports]
    return data, exports


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str, dict, list)):
        return value
    return str(value)
