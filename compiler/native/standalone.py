"""`kiln build`: a standalone executable (or object, assembly, LLVM IR) from
a program whose entry is `fn main()`. Everything the executable runs must be
compiled tier: a `def main()` or top-level Python statements (which `kiln
run` would execute before `main`) are reported, naming the code in the way."""
from __future__ import annotations

import ast
import os
import tempfile

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax import nodes as K
from ..syntax.source import Span
from .codegen.options import CodegenOptions

EMIT_KINDS = ("exe", "obj", "asm", "llvm")


def default_output(path: str, emit: str) -> str:
    stem = os.path.splitext(os.path.basename(path))[0]
    return {"exe": stem, "obj": f"{stem}.o", "asm": f"{stem}.s", "llvm": f"{stem}.ll"}[emit]


def python_tier_obstacles(module) -> list[Diagnostic]:
    """What `kiln run` would run on the Python tier that an executable cannot."""
    source, tree = module.source, module.tree
    diags = []
    has_fn_main = any(isinstance(s, K.FnDef) and s.name == "main" for s in tree.body)
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "main" and not has_fn_main:
            diags.append(make.error(
                "K0602", source.span_of(stmt),
                "`main` is a `def` (Python tier), so `kiln build` cannot compile the program",
                hint="declare it `fn main():` with typed variables, or run the program with `kiln run`"))
        elif _runs_python(stmt):
            diags.append(make.error(
                "K0602", source.span_of(stmt),
                "this top-level statement runs on the Python tier before `main`; "
                "a standalone executable starts at `fn main()`",
                hint="move it into `fn main()`, or run the program with `kiln run`"))
    return diags


def _runs_python(stmt: ast.stmt) -> bool:
    if isinstance(stmt, (K.FnDef, K.StructDef, K.TraitDef, K.AliasDef, ast.FunctionDef,
                         ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Pass)):
        return False
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
        return False                                  # docstrings
    if isinstance(stmt, ast.If) and _is_main_guard(stmt.test):
        return False                                  # `kiln run` semantics only
    return True


def _is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__")


def build(path: str, output: str | None, *, opt_level: int, debug: bool, emit: str,
          search_path: tuple[str, ...] = (), fast_math: bool = False) -> tuple[list[Diagnostic], str | None]:
    from .driver import _BuildFailed, _generate, typed_program
    path = os.path.abspath(path)
    program = typed_program(path, None, search_path)
    if not program.ok:
        return list(program.diagnostics), None
    entry = program.modules[path]
    has_main = any(e.kind == "fn" and e.name == "main" for e in entry.exports)
    diags = python_tier_obstacles(entry) if emit == "exe" else []
    if emit == "exe" and not has_main and not diags:
        diags.append(make.error("K0601", Span(path, 0, 0), "the program has no `fn main()` to start from",
                                hint="add `fn main():` — the executable runs it"))
    if diags:
        return diags, None
    # obj/asm/llvm of a module without `fn main()` is a library: no C entry point
    options = CodegenOptions(opt_level=opt_level, debug=debug, standalone=True, entry_point=has_main,
                             fast_math=fast_math)
    try:
        generated = _generate(program, options, "kiln_program")
    except _BuildFailed as failed:
        return failed.diagnostics, None
    output = output or default_output(path, emit)
    unwritable = _unwritable(output)
    if unwritable:
        return [make.error("K0606", Span(path, 0, 0), f"cannot write {output}: {unwritable}",
                           hint="choose an output path in an existing, writable directory with `-o`")], None
    _write(generated.ir_text, output, options, emit, path)
    return [], output


def _unwritable(output: str) -> str:
    """Why `output` cannot be created (empty when it can), checked before
    the slow part so the user gets the OS's reason, not a linker's."""
    directory = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(directory):
        return f"no such directory {directory}"
    if os.path.isdir(output):
        return "it is a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"permission denied in {directory}"
    return ""


def _write(ir_text: str, output: str, options: CodegenOptions, emit: str, path: str) -> None:
    from .emit import compile_ir, emit_assembly, optimized_ir
    from .link import system_linker
    from .target import host
    target = host()
    if emit == "llvm":
        _save(output, optimized_ir(ir_text, target, options.opt_level).encode())
    elif emit == "asm":
        _save(output, emit_assembly(ir_text, target, options.opt_level).encode())
    else:
        obj = compile_ir(ir_text, target, options.opt_level).object_code
        if emit == "obj":
            _save(output, obj)
        else:
            system_linker().executable(obj, output, strip=not options.debug)


def _save(output: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".kiln-build-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, output)
