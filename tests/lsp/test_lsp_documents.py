"""Incremental edits applied to open documents, in UTF-16 columns."""
from kiln.lsp.documents import DocumentStore, TextChange
from kiln.lsp.positions import ColumnUnit


def check(text, changes, expected, unit=ColumnUnit.UTF16):
    store = DocumentStore()
    store.open("file:///t.kiln", "/t.kiln", "kiln", 1, text)
    doc = store.change("file:///t.kiln", 2, [TextChange(*c) for c in changes], unit)
    assert doc.text == expected
    assert doc.version == 2
    assert doc.source.text == expected


def test_insert_and_delete():
    check("fn f():\n    pass\n", [((1, 4), (1, 8), "return")], "fn f():\n    return\n")
    check("ab\ncd\n", [((0, 1), (1, 1), "")], "ad\n")
    check("ab", [((0, 2), (0, 2), "\nnew line")], "ab\nnew line")


def test_changes_apply_in_order():
    check("abc", [((0, 0), (0, 0), "x"), ((0, 1), (0, 2), "Y")], "xYbc")


def test_utf16_columns_after_astral_characters():
    # 𝄞 is two UTF-16 units but one code point
    check("s='𝄞'", [((0, 5), (0, 5), "é")], "s='𝄞é'")
    check("s='𝄞'", [((0, 4), (0, 4), "é")], "s='𝄞é'", unit=ColumnUnit.UTF32)
    check("s='𝄞'", [((0, 3), (0, 5), "")], "s=''")


def test_whole_text_replacement_and_past_the_end_ranges():
    check("old", [(None, None, "new text")], "new text")
    check("ab\n", [((5, 0), (9, 0), "tail")], "ab\ntail")
    check("ab\n", [((0, 1), (0, 0), "")], "b\n")  # reversed range normalised


def test_close_forgets_path_lookup():
    store = DocumentStore()
    store.open("file:///a.kiln", "/a.kiln", "kiln", 1, "x")
    assert store.by_path("/a.kiln").uri == "file:///a.kiln"
    store.close("file:///a.kiln")
    assert store.by_path("/a.kiln") is None and len(store) == 0
