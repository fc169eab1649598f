"""Incremental analysis below the file (semantic/incremental.py): after an
edit inside `fn` bodies the Workspace updates the previous analysis instead of
starting over. Seeded random edits (mostly inside `fn` and `def` bodies,
some anywhere; half-typed states too) of real files: after each, the updated analysis must equal a from-scratch
analysis of the same text: diagnostics, symbols, references, scopes and the
checked instances."""
from __future__ import annotations

import ast
import pathlib
import random

import pytest

from kiln.compiler.semantic import MemoryLoader, Workspace
from kiln.compiler.syntax import nodes as K

ROOT = pathlib.Path(__file__).resolve().parents[3]
FIXTURES = pathlib.Path(__file__).parent / "fixtures"
PATH = "/edit/m.kiln"
SNIPPETS = ["x", "1", " ", "(", ")", "\n", "\n    ", "\n        ", "    ", ":", '"', "+ 1", ".x",
            "acc", "self", "^", "é", "#", "[", "]", "return 0", "\n        var y = 2",
            "\n    let q: Int = 3", " raises", "\t", "2.5", " * i",
            # Python-tier bodies: scopes, names that leave the def, CPython's verdict
            "\n    global g", "\n    nonlocal x", "\n    import os", "lambda: x", " for x in y]",
            "\n    def inner(): return x", "(y := 2)", "yield ", " is 1", "values", "__class__",
            "globals()", "\n    x = [i for i in x]", "\n    del x", "self.x = 1", "print(",
            "if x ==", "\n    try:\n        pass\n    except E as e:\n        pass"]


def _with_bodies(paths):
    return [p for p in paths if any(word in p.read_text() for word in
                                    ("\nfn ", "\n    fn ", "\ndef ", "\n    def "))]


SAMPLES = sorted(_with_bodies([*ROOT.glob("examples/*.kiln"), *FIXTURES.glob("*.kiln")]))[::7]


# -- what must be equal ---------------------------------------------------------------

def _span(span):
    return None if span is None else (span.file, span.start, span.end)


def _symbol(sym):
    return (sym.name, sym.kind.value, sym.path, _span(sym.span), _span(sym.full_span), sym.tier,
            sym.container.qualified_name if sym.container else None, sym.doc, sym.signature,
            str(sym.type) if sym.type is not None else None)


def _scope(scope):
    names = sorted((name, _symbol(sym)) for name, sym in scope.names.items())
    return (scope.kind.value, scope.start, scope.end, scope.ordered, names,
            [_scope(child) for child in scope.children])


def snapshot(ws: Workspace, path: str) -> dict:
    analysis = ws.analysis(path)
    return {
        "diagnostics": ws.diagnostics(path),
        "symbols": [_symbol(s) for s in analysis.table.symbols],
        "references": [(_span(r.span), _symbol(r.symbol), r.is_definition, r.is_write)
                       for r in analysis.table.sorted_references()],
        "scopes": _scope(analysis.module_scope),
        "checked": [(i.key, i.link_name, len(i.expr_types)) for i in analysis.checked],
        "specialised": sorted(map(str, analysis.specialised)),
    }


def from_scratch(text: str) -> dict:
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    return snapshot(ws, PATH)


# -- edits ---------------------------------------------------------------------------

def body_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the statements of every top-level fn / def / method body."""
    from kiln.compiler.syntax.parser import parse
    parsed = parse(text, PATH)
    out = []
    defs = (K.FnDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for stmt in parsed.module.body:
        fns = [stmt] if isinstance(stmt, defs) else \
            [m for m in stmt.body if isinstance(m, defs)] \
            if isinstance(stmt, (K.StructDef, ast.ClassDef)) else []
        for fn in fns:
            if fn.body:
                start = parsed.source.span_of(fn.body[0]).start
                end = parsed.source.span_of(fn.body[-1]).end
                out.append((parsed.source.byte_to_char(start), parsed.source.byte_to_char(end)))
    return out


def random_edit(rng: random.Random, text: str, bodies: list[tuple[int, int]]) -> str:
    if bodies and rng.random() < 0.85:
        lo, hi = rng.choice(bodies)
        pos = rng.randint(lo, hi)
    else:
        pos = rng.randrange(len(text) + 1)
    kind = rng.random()
    if kind < 0.5:
        return text[:pos] + rng.choice(SNIPPETS) + text[pos:]
    if kind < 0.85:
        return text[:pos] + text[pos + rng.randint(1, 3):]
    return text[:pos] + rng.choice("0123456789xyz") + text[pos + 1:]


@pytest.mark.parametrize("sample", [*SAMPLES, "blocks"], ids=lambda p: getattr(p, "name", p))
def test_random_edits_update_like_from_scratch(sample):
    rng = random.Random(getattr(sample, "name", sample))
    original = _blocks(4) if sample == "blocks" else sample.read_text()
    text = original
    bodies = body_ranges(text)
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.diagnostics(PATH)
    updated = 0
    clean = text
    for step in range(30):
        if rng.random() < 0.2:
            text = original                   # most edits start from a clean file
        elif text != clean and rng.random() < 0.5:
            text = clean                      # undo an edit that broke the syntax
        ws.set_file(PATH, text)
        ws.diagnostics(PATH)
        if ws.syntax(PATH).ok:
            clean = text
        table = ws.analysis(PATH).table
        text = random_edit(rng, text, bodies)
        ws.set_file(PATH, text)
        got = snapshot(ws, PATH)
        updated += ws.analysis(PATH).table is table
        assert got == from_scratch(text), f"edit {step}"
    print(getattr(sample, "name", sample), "edits updated in place:", updated, "of 30")


# -- the update itself -----------------------------------------------------------------

BLOCK = """\
struct Vec{b}:
    var x: Float64

    fn __init__(inout self, x: Float64):
        self.x = x

    fn scaled(self, k: Float64) -> Float64:
        return self.x * k


fn acc{b}(n: Int) -> Int:
    var total = 0
    for i in range(n):
        total += i * 2
    return total


def report{b}(values):
    return acc{b}(len(values)) + Vec{b}(1.0).scaled(2.0)


"""


def _blocks(n: int) -> str:
    return "".join(BLOCK.format(b=b) for b in range(n))


def test_an_edit_inside_a_body_rechecks_only_that_body():
    text = _blocks(3)
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    before = ws.analysis(PATH)
    others = {b.decl.name + str(i): b.instance for i, b in enumerate(before.bodies.values())}
    edited = text.replace("total += i * 2", "total += i * 3", 1)
    ws.set_file(PATH, edited)
    after = ws.analysis(PATH)
    assert after is not before and after.table is before.table
    fresh = {b.decl.name + str(i): b.instance for i, b in enumerate(after.bodies.values())}
    changed = [k for k in others if fresh[k] is not others[k]]
    assert changed == ["acc02"]        # acc0, the third body checked (after Vec0's 2 methods)
    assert snapshot(ws, PATH) == from_scratch(edited)


def test_an_insertion_moves_what_follows_and_a_new_error_is_reported_where_it_is():
    text = _blocks(3)
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.diagnostics(PATH)
    edited = text.replace("total += i * 2", "total += i * 2.5 + undefined_name", 1)
    ws.set_file(PATH, edited)
    diags = ws.diagnostics(PATH)
    assert [d.code for d in diags] == ["K0201", "K0101"] or "K0101" in [d.code for d in diags]
    undefined = next(d for d in diags if d.code == "K0101")
    start = edited.encode().index(b"undefined_name")
    assert (undefined.span.start, undefined.span.end) == (start, start + len("undefined_name"))
    assert ws.analysis(PATH).table is not None
    assert snapshot(ws, PATH) == from_scratch(edited)
    # the definition of a name declared after the edit moved with the text
    offset = edited.encode().rindex(b"acc2(len")
    target = ws.definition(PATH, offset)
    assert target is not None
    defined = edited.encode().index(b"fn acc2") + len("fn ")
    assert (target[0].span.start if isinstance(target, list) else target.span.start) == defined


def test_an_edit_of_a_signature_analyses_the_file_again():
    text = _blocks(2)
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    table = ws.analysis(PATH).table
    edited = text.replace("fn acc0(n: Int)", "fn acc0(n: Float64)", 1)
    ws.set_file(PATH, edited)
    assert ws.analysis(PATH).table is not table
    assert snapshot(ws, PATH) == from_scratch(edited)


def test_an_edit_after_an_import_changed_analyses_the_file_again():
    lib, main = "/edit/lib.kiln", "/edit/main.kiln"
    ws = Workspace(MemoryLoader())
    ws.set_file(lib, "fn one() -> Int:\n    return 1\n")
    ws.set_file(main, "from lib import one\n\nfn two() -> Int:\n    return one() + 1\n")
    table = ws.analysis(main).table
    ws.set_file(main, "from lib import one\n\nfn two() -> Int:\n    return one() + 2\n")
    ws.set_file(lib, "fn one() -> Float64:\n    return 1.0\n")
    assert ws.analysis(main).table is not table
    assert [d.code for d in ws.diagnostics(main)] == ["K0203"]


def test_ast_of_the_updated_file_equals_a_fresh_parse():
    from kiln.compiler.syntax.parser import parse
    text = _blocks(2)
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.analysis(PATH)
    edited = text.replace("return self.x * k", "return self.x * k\n        # scaled", 1)
    ws.set_file(PATH, edited)
    ws.analysis(PATH)
    assert ast.dump(ws.syntax(PATH).module, include_attributes=True) == \
        ast.dump(parse(edited, PATH).module, include_attributes=True)
