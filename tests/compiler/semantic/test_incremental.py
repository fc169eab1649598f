"""The Workspace caches per file and invalidates what depends on a change:
an edit re-analyses the file and the files importing it (transitively),
nothing else; parses are reused when only an import changed."""
from __future__ import annotations

from semantic_testing import workspace

A, B, C, D = "/w/a.kiln", "/w/b.kiln", "/w/c.kiln", "/w/d.kiln"


def _ws():
    return workspace({
        A: "from b import f\nfn main() -> Int:\n    return f(1)\n",
        B: "from c import g\nfn f(x: Int) -> Int:\n    return g(x)\n",
        C: "fn g(x: Int) -> Int:\n    return x\n",
        D: "fn alone() -> Int:\n    return 1\n",
    })


def test_unchanged_files_keep_their_analysis():
    ws = _ws()
    before = {p: ws.analysis(p) for p in (A, B, C, D)}
    ws.set_file(D, "fn alone() -> Int:\n    return 2\n")
    assert ws.analysis(A) is before[A]
    assert ws.analysis(B) is before[B]
    assert ws.analysis(D) is not before[D]


def test_setting_the_same_text_is_free():
    ws = _ws()
    a = ws.analysis(A)
    ws.set_file(A, ws.text(A))
    assert ws.analysis(A) is a


def test_change_invalidates_importers_transitively_and_reuses_their_parse():
    ws = _ws()
    before = {p: ws.analysis(p) for p in (A, B, C)}
    parse_a = ws.syntax(A)
    ws.set_file(C, "fn g(x: Float64) -> Float64:\n    return x\n")
    assert all(ws.analysis(p) is not before[p] for p in (A, B, C))
    assert ws.syntax(A) is parse_a
    # the new signature of g is seen through b: f passes an Int to g now
    assert [d.code for d in ws.diagnostics(B)] == ["K0202"]
    assert ws.diagnostics(A) == []


def test_removing_a_module_reports_the_missing_import_and_restoring_fixes_it():
    ws = _ws()
    assert ws.diagnostics(A) == []
    ws.remove_file(B)
    ws.loader.files.pop(B)
    assert [d.code for d in ws.diagnostics(A)] == ["K0504", "K0501"]
    ws.set_file(B, "fn f(x: Int) -> Int:\n    return x\n")
    assert ws.diagnostics(A) == []


def test_invalidate_rereads_the_loader():
    ws = _ws()
    ws.remove_file(C)                       # now served by the loader ("disk")
    assert ws.diagnostics(B) == []
    ws.loader.files[C] = "fn g(x: Int) -> Bool:\n    return x > 0\n"
    ws.invalidate(C)
    assert [d.code for d in ws.diagnostics(B)] == ["K0203"]


def test_editing_a_large_file_does_not_grow_state():
    ws = _ws()
    text = ws.text(D)
    for i in range(30):
        ws.set_file(D, text + "#" * i + "\n")
        ws.diagnostics(D)
    assert len(ws._parses) <= 4
    assert len(ws.analysed_paths()) <= 4


def test_a_new_kiln_file_shadows_the_python_module_of_the_same_name():
    ws = workspace({A: "import json\nfn f() -> Int:\n    return json.size\n"})
    assert [d.code for d in ws.diagnostics(A)] == ["K0502"]        # Python's json
    ws.set_file("/w/json.kiln", "alias size = 3\n")
    assert ws.diagnostics(A) == []                                  # the sibling wins now
