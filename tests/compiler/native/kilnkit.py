"""Compiling and running Kiln source in tests: as a standalone executable
(`kiln build`'s pipeline, in process) or loaded into this interpreter through
the bridge (`kiln run`'s pipeline, with a private cache)."""
from __future__ import annotations

import contextlib
import os
import subprocess
import textwrap

from kiln.compiler.diagnostics.render import render
from kiln.compiler.native.cache import NativeCache
from kiln.compiler.native.codegen.options import CodegenOptions
from kiln.compiler.native.driver import compile_for_python
from kiln.compiler.native.standalone import build
from kiln.compiler.syntax.source import SourceFile


class CompileFailed(AssertionError):
    pass


def write(directory, name: str, source: str) -> str:
    path = os.path.join(str(directory), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(source).lstrip("\n"))
    return path


def line_of(source: str, text: str) -> int:
    """1-based line of the line `text` in the file `write` makes of `source`."""
    return textwrap.dedent(source).lstrip("\n").splitlines().index(text) + 1


def _rendered(diags) -> str:
    out = []
    for d in diags:
        try:
            with open(d.span.file, encoding="utf-8") as f:
                out.append(render(d, SourceFile(d.span.file, f.read())))
        except OSError:
            out.append(f"{d.code}: {d.message}")
    return "\n".join(out)


def build_exe(directory, source: str, *, name: str = "prog", opt: int = 2, debug: bool = False,
              emit: str = "exe") -> str:
    path = write(directory, f"{name}.kiln", source)
    out = os.path.join(str(directory), name if emit == "exe" else f"{name}.{emit}")
    diags, output = build(path, out, opt_level=opt, debug=debug, emit=emit)
    if output is None:
        raise CompileFailed(_rendered(diags))
    return output


def run_exe(exe: str, *args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=timeout)


def run_source(directory, source: str, **kw) -> subprocess.CompletedProcess:
    return run_exe(build_exe(directory, source, **kw))


def load(directory, source: str, *, name: str = "mod", opt: int = 2, debug: bool = False):
    path = write(directory, f"{name}.kiln", source)
    cache = NativeCache(os.path.join(str(directory), "cache"))
    outcome = compile_for_python(path, None, CodegenOptions(opt_level=opt, debug=debug), cache=cache)
    if outcome.module is None:
        raise CompileFailed(_rendered(outcome.diagnostics))
    return outcome.module


@contextlib.contextmanager
def loaded_with_kiln_load(directory, source: str, cache_dir, *, name: str = "kernels"):
    """`kiln.load` of `source` (the public API), with KILN_CACHE_DIR set; on
    exit the interpreter's import state is as before (the stdlib modules the
    program imported are not left in sys.modules for other tests)."""
    import sys

    import kiln
    from kiln.compiler.pytier import import_hook, loading
    from kiln.compiler.pytier.session import SESSION
    modules, path, meta_path = dict(sys.modules), list(sys.path), list(sys.meta_path)
    previous = os.environ.get("KILN_CACHE_DIR")
    os.environ["KILN_CACHE_DIR"] = str(cache_dir)
    try:
        yield kiln.load(write(directory, f"{name}.kiln", source))
    finally:
        if previous is None:
            del os.environ["KILN_CACHE_DIR"]
        else:
            os.environ["KILN_CACHE_DIR"] = previous
        import_hook.uninstall()
        SESSION.reset()
        loading._loaded.clear()
        for module in set(sys.modules) - set(modules):
            del sys.modules[module]
        sys.modules.update(modules)
        sys.path[:], sys.meta_path[:] = path, meta_path
