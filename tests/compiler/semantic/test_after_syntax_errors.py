"""After a syntax error the checker adds nothing caused by it (the parser's
kept ErrorExpr/ErrorStmt nodes): one mistake, one diagnostic. Also Python's
value semantics of `and`/`or` on non-Bool operands in an `fn`, and stdlib
modules written in Kiln keeping their built-in names."""
from __future__ import annotations

import pytest

from kiln.compiler.semantic import Workspace, check_program
from kiln.compiler.semantic.loader import MemoryLoader

PATH = "/ws/e.kiln"


def codes(text: str) -> list[str]:
    return [d.code for d in check_program({PATH: text}, PATH)]


@pytest.mark.parametrize("text", [
    "fn norm(p: Int -> Int:\n    return p\n",                 # broken header: ErrorExpr annotation
    "fn f() -> Int:\n    var x y = 1\n    return x\n",         # broken statement still declares x
    "fn h(x: Int) -> Int:\n    try:\n",                        # truncated body: no missing-return
])
def test_one_syntax_error_one_diagnostic(text):
    found = codes(text)
    assert len(found) == 1 and found[0] < "K0100", found


def test_import_in_an_fn_is_reported_once():
    assert codes("fn g() -> String:\n    import os\n    return os.sep\n") == ["K0503"]


def test_and_or_give_the_operands_type_when_they_agree():
    text = "fn f() -> Int:\n    return 0 or 5\n\nfn g(a: Float64, b: Float64) -> Float64:\n    return a and b\n"
    assert codes(text) == []
    ws = Workspace(MemoryLoader({PATH: text}))
    inst = {k.decl_id.split("::")[1]: v for k, v in ws.typed_program(PATH).modules[PATH].functions.items()}
    ret = inst["f"].node.body[0].value
    assert str(inst["f"].expr_types[ret]) == "Int"
    assert codes("fn f() -> Bool:\n    if 0 or 1:\n        return 1 > 0 or 2 > 3\n    return False\n") == []
    assert codes("fn f() -> Int:\n    return 1 or 2.5\n") == ["K0203"]


class _StdlibInMemory(MemoryLoader):
    """A compiled stdlib module `math` written in Kiln, held in memory."""

    def find_module(self, name, importer, level=0):
        from kiln.compiler.semantic import ModuleLocation
        if name == "math":
            return ModuleLocation("math", "/k/compiler/stdlib/math.kiln", "stdlib")
        return super().find_module(name, importer, level)


def test_a_stdlib_module_written_in_kiln_keeps_its_built_in_names():
    lib = "fn gcd(a: Int, b: Int) -> Int:\n    return a if b == 0 else gcd(b, a % b)\n"
    main = ("from math import sqrt, gcd\nfn f(x: Float64) -> Float64:\n    return sqrt(x)\n"
            "fn g() -> Int:\n    return gcd(12, 18)\n")
    files = {"/k/compiler/stdlib/math.kiln": lib, PATH: main}
    ws = Workspace(_StdlibInMemory(files))
    ws.set_file(PATH, main)
    assert ws.diagnostics(PATH) == []
    [loc] = ws.definition(PATH, main.index("gcd(12"))
    assert loc.path == "/k/compiler/stdlib/math.kiln"
