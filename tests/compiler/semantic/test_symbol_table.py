"""The symbol table across files: every definition, every reference,
definition/references/rename across an import, document and workspace
symbols."""
from __future__ import annotations

from semantic_testing import marked, workspace

from kiln.compiler.semantic.symbols import SymbolKind

LIB = "/proj/shapes.kiln"
MAIN = "/proj/main.kiln"

LIB_TEXT = '''
"""Shapes."""
@value
struct Rect:
    """An axis-aligned rectangle."""
    var w: Float64
    var h: Float64

    fn area(self) -> Float64:
        return self.w * self.h

fn scale(r: Rect, k: Float64) -> Rect:
    return Rect(r.w * k, r.h * k)

def describe(r):
    return f"{r.w}x{r.h}"
'''

MAIN_TEXT = '''
from shapes import Rect, scale, describe
import shapes

fn total(a: Rect, b: Rect) -> Float64:
    let big = scale(a, 2.0)
    return big.area() + b.area() + shapes.scale(b, 1.0).w

def main():
    r = Rect(1.0, 2.0)
    print(describe(r), total(r, r))
'''


def _ws():
    return workspace({LIB: LIB_TEXT, MAIN: MAIN_TEXT})


def _offset(ws, path, needle, nth=0):
    data = ws.source(path).data
    i = -1
    for _ in range(nth + 1):
        i = data.index(needle.encode(), i + 1)
    return i


def _where(ws, span):
    pos = ws.source(span.file).position(span.start)
    return span.file, pos.line, ws.source(span.file).slice(span)


def test_definitions_of_every_kind_are_in_the_table():
    ws = _ws()
    table = ws.analysis(LIB).table
    kinds = {(s.name, s.kind) for s in table.symbols}
    assert {("Rect", SymbolKind.STRUCT), ("w", SymbolKind.FIELD), ("area", SymbolKind.METHOD),
            ("self", SymbolKind.PARAMETER), ("scale", SymbolKind.FN), ("k", SymbolKind.PARAMETER),
            ("describe", SymbolKind.DEF_FUNCTION)} <= kinds
    main_kinds = {(s.name, s.kind) for s in ws.analysis(MAIN).table.symbols}
    assert ("big", SymbolKind.LOCAL_LET) in main_kinds
    assert ("r", SymbolKind.PY_VARIABLE) in main_kinds
    assert ("Rect", SymbolKind.IMPORT) in main_kinds


def test_definition_across_files_follows_the_import():
    ws = _ws()
    for needle, nth, expected in [("scale(a", 0, "scale"), ("area()", 0, "area"),
                                  ("describe(r)", 0, "describe"), ("Rect(1.0", 0, "Rect"),
                                  ("scale(b", 0, "scale")]:
        locs = ws.definition(MAIN, _offset(ws, MAIN, needle, nth))
        assert [(loc.path, ws.source(LIB).slice(loc.span)) for loc in locs] == [(LIB, expected)], needle


def test_definition_of_a_field_through_an_inferred_let():
    ws = _ws()
    locs = ws.definition(MAIN, _offset(ws, MAIN, "w\n"))
    assert [_where(ws, loc.span) for loc in locs] == [(LIB, 5, "w")]


def test_references_cover_both_files_and_both_tiers():
    ws = _ws()
    refs = ws.references(LIB, _offset(ws, LIB, "struct Rect") + 7)
    where = [(r.span.file, ws.source(r.span.file).position(r.span.start).line) for r in refs]
    assert (LIB, 3) in where                       # the definition
    assert (LIB, 11) in where                      # `r: Rect`, `-> Rect`
    assert (LIB, 12) in where                      # `Rect(...)`
    assert (MAIN, 1) in where                      # the import
    assert (MAIN, 4) in where                      # the fn signature
    assert (MAIN, 9) in where                      # the def (Python tier)
    no_decl = ws.references(LIB, _offset(ws, LIB, "struct Rect") + 7, include_declaration=False)
    assert len(no_decl) == len(refs) - 1


def test_rename_edits_every_reference_and_refuses_bad_names():
    ws = _ws()
    at = _offset(ws, MAIN, "scale(a")
    result = ws.rename(MAIN, at, "resize")
    assert result.error is None
    assert sorted((e.span.file, ws.source(e.span.file).position(e.span.start).line)
                  for e in result.edits) == [(MAIN, 1), (MAIN, 5), (MAIN, 6), (LIB, 11)]
    assert ws.rename(MAIN, at, "9lives").error
    assert ws.rename(MAIN, at, "class").error
    assert ws.rename(MAIN, at, "struct").error          # a Kiln keyword, for a compiled symbol
    assert ws.prepare_rename(MAIN, _offset(ws, MAIN, "print(")) is None   # a builtin


def test_local_references_stay_in_their_block():
    text, at = marked('''
        fn f(flag: Bool) -> Int:
            var x = 1
            if flag:
                var x = 2
                x += 1
            return $0x
    ''')
    ws = workspace({MAIN: text})
    lines = [ws.source(MAIN).position(r.span.start).line for r in ws.references(MAIN, at)]
    assert lines == [2, 6]
    highlights = ws.document_highlights(MAIN, at)
    assert [h.is_write for h in highlights] == [True, False]


def test_document_symbols_are_hierarchical():
    ws = _ws()
    tree = ws.document_symbols(LIB)
    assert [(d.symbol.name, [c.symbol.name for c in d.children]) for d in tree] == [
        ("Rect", ["w", "h", "area"]), ("scale", []), ("describe", [])]


def test_workspace_symbols_rank_prefix_matches_first():
    ws = _ws()
    ws.analysis(MAIN)
    names = [s.name for s in ws.workspace_symbols("sc")]
    assert names[0] == "scale"
    assert "describe" in names          # subsequence d-e-s-c... contains "sc"
    assert not ws.workspace_symbols("zzz")
