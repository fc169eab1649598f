"""The stdlib's `.kiln` files as files: each checks clean, no intrinsic name
is shadowed by a file's own definition (it would be dead code in the
checker and the back end), the back end has no stdlib special case, stdlib
fns inline into hot loops like user fns, and the editor navigates into them."""
from __future__ import annotations

import os
import pathlib
import re

import pytest

from kiln.compiler.native.codegen.options import CodegenOptions
from kiln.compiler.native.driver import typed_program
from kiln.compiler.semantic.loader import STDLIB_DIR, FileSystemLoader
from kiln.compiler.semantic.stdlib_intrinsics import STDLIB_MODULES
from kiln.compiler.semantic.workspace import Workspace

from .stdlibkit import write

FILES = sorted(pathlib.Path(STDLIB_DIR).glob("*.kiln"))
NATIVE = pathlib.Path(STDLIB_DIR).parent / "native"


def test_the_modules_written_in_kiln():
    assert [f.stem for f in FILES] == ["algorithm", "math", "memory", "random", "testing"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_checks_clean_and_shadows_no_intrinsic(path):
    ws = Workspace(FileSystemLoader())
    assert ws.diagnostics(str(path)) == []
    defined = set(ws.analysis(str(path)).names)
    assert defined & set(STDLIB_MODULES.get(path.stem, ())) == set()


def test_codegen_names_no_stdlib_file():
    """Invariant: stdlib .kiln fns reach the back end as ordinary fn instances."""
    pattern = re.compile(r"[\"'][^\"'\n]*(compiler/stdlib|\.kiln::)|stdlib_module_of|own_intrinsics")
    offenders = [str(p) for p in NATIVE.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def _optimized_ir(tmp_path, source: str) -> str:
    from kiln.compiler.native.codegen.program import generate
    from kiln.compiler.native.emit import optimized_ir
    from kiln.compiler.native.target import host
    path = write(tmp_path, "hot.kiln", source)
    program = typed_program(path, None)
    assert program.ok, program.diagnostics
    options = CodegenOptions(opt_level=3, standalone=True, entry_point=True)
    return optimized_ir(generate(program, options, "hot", host()).ir_text, host(), 3)


HOT_LOOP = """
from math import gcd, clamp
from random import random_float64

fn kernel(n: Int) -> Float64:
    var total = 0.0
    for i in range(1, n):
        total += Float64(gcd(i, n)) + clamp(random_float64(), 0.25, 0.75)
    return total

fn main():
    print(kernel(1000))
"""


def test_stdlib_fns_inline_into_a_hot_loop(tmp_path):
    ir = _optimized_ir(tmp_path, HOT_LOOP)
    kernel = re.search(r"define [^\n]*kernel[^\n]*\{.*?\n\}", ir, re.S)
    body = kernel.group(0) if kernel else ir
    calls = re.findall(r"call [^@\n]*@([\w.\"]+)", body)
    assert not [c for c in calls if "gcd" in c or "clamp" in c or "random" in c], calls


def test_definition_and_hover_reach_the_stdlib_file(tmp_path):
    text = "from math import gcd\n\nfn f() -> Int:\n    return gcd(4, 6)\n"
    path = write(tmp_path, "nav.kiln", text)
    ws = Workspace(FileSystemLoader())
    [loc] = ws.definition(path, text.index("gcd(4"))
    assert loc.path == os.path.join(STDLIB_DIR, "math.kiln")
    stdlib_text = pathlib.Path(loc.path).read_text().encode()
    assert stdlib_text[loc.span.start:loc.span.end] == b"gcd"
    hover = ws.hover(path, text.index("gcd(4"))
    assert "fn gcd(a: Int, b: Int) -> Int" in hover.markdown and "Greatest common divisor" in hover.markdown
    assert ws.indexed_paths() == [path]            # the stdlib is not the user's workspace
