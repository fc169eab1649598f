"""Running programs that use the compiled standard library: under `kiln run`
(a subprocess, as users run them) and as a `kiln build` executable, whose
outputs must agree; and loading a module's fns into this interpreter through
the bridge, for differential tests against Python's own modules."""
from __future__ import annotations

import os
import subprocess
import textwrap

from kiln.compiler.native.cache import NativeCache
from kiln.compiler.native.codegen.options import CodegenOptions
from kiln.compiler.native.driver import compile_for_python
from kiln.compiler.native.standalone import build


def write(directory, name: str, source: str) -> str:
    path = os.path.join(str(directory), name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(source).lstrip("\n"))
    return path


def run_and_build(run_kiln, directory, source: str, *, opt: int = 2) -> str:
    """The program's stdout, after checking that `kiln run` and the `kiln
    build` executable print exactly the same and both succeed."""
    path = write(directory, "prog.kiln", source)
    ran = run_kiln("run", path)
    assert ran.returncode == 0, ran.stderr
    exe = os.path.join(str(directory), "prog")
    diags, output = build(path, exe, opt_level=opt, debug=False, emit="exe")
    assert output is not None, [d.message for d in diags]
    built = subprocess.run([exe], capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr
    assert ran.stdout == built.stdout
    return built.stdout


def load(directory, source: str, *, name: str = "mod", opt: int = 2):
    """The compiled module (its fns callable from Python), with a private cache."""
    path = write(directory, f"{name}.kiln", source)
    cache = NativeCache(os.path.join(str(directory), "cache"))
    outcome = compile_for_python(path, None, CodegenOptions(opt_level=opt), cache=cache)
    assert outcome.module is not None, [d.message for d in outcome.diagnostics]
    return outcome.module
