"""The semantic token stream: classification, relative encoding, deltas."""
from dataclasses import dataclass

from kiln.compiler.syntax.source import SourceFile, Span
from kiln.lsp import semantic_tokens as st
from kiln.lsp.positions import ColumnUnit


@dataclass
class Raw:
    span: Span
    kind: str
    modifiers: frozenset = frozenset()


def decode(data):
    out, line, col = [], 0, 0
    for i in range(0, len(data), 5):
        dl, dc, length, typ, mods = data[i:i + 5]
        line, col = line + dl, (col + dc if dl == 0 else dc)
        names = [m for b, m in enumerate(st.TOKEN_MODIFIERS) if mods & (1 << b)]
        out.append((line, col, length, st.TOKEN_TYPES[typ], tuple(names)))
    return out


def check(text, raws, expected):
    source = SourceFile("t.kiln", text)
    raw = [Raw(Span("t.kiln", a, b), kind, frozenset(mods)) for a, b, kind, mods in raws]
    assert decode(st.encode(st.position_tokens(source, raw, ColumnUnit.UTF16))) == expected


def test_tiers_are_told_apart():
    text = "fn f(x: Int):\n    let y = x\ndef g(): pass\n"
    check(text, [
        (3, 4, "fn", {"declaration"}), (5, 6, "parameter", {"declaration"}),
        (8, 11, "struct", {"builtin"}), (22, 23, "let", {"declaration"}),
        (26, 27, "parameter", ()), (32, 33, "def-function", {"declaration"}),
    ], [
        (0, 3, 1, "function", ("declaration", "compiled")),
        (0, 5, 1, "parameter", ("declaration",)),
        (0, 8, 3, "type", ("defaultLibrary",)),
        (1, 8, 1, "variable", ("declaration", "readonly", "compiled")),
        (1, 12, 1, "parameter", ()),
        (2, 4, 1, "function", ("declaration", "python")),
    ])


def test_unsorted_overlapping_and_multiline_tokens_are_dropped():
    text = "value\nx\n"
    check(text, [(6, 7, "var", ()), (0, 5, "python-variable", ()), (1, 3, "var", ()),
                 (0, 7, "var", ())], [
        (0, 0, 5, "variable", ("python",)),
        (1, 0, 1, "variable", ("compiled",)),
    ])


def test_decorators_and_utf16_lengths():
    text = "s = '𝄞'; café = 1\n@value\n"
    start = text.encode().index("café".encode())
    dec = text.encode().index(b"value")
    check(text, [(start, start + 5, "python-variable", ()), (dec, dec + 5, "builtin", {"decorator"})],
          [(0, 10, 4, "variable", ("python",)), (1, 1, 5, "decorator", ())])


def test_delta_is_one_aligned_edit_that_rebuilds_the_new_stream():
    old = [0, 1, 2, 3, 0, 1, 0, 2, 3, 0, 0, 4, 1, 6, 0]
    new = [0, 1, 2, 3, 0, 1, 0, 9, 3, 0, 2, 0, 1, 6, 0, 0, 4, 1, 6, 0]
    (edit,) = st.delta(old, new)
    assert edit.start % 5 == 0 and edit.delete_count % 5 == 0
    rebuilt = old[:edit.start] + list(edit.data) + old[edit.start + edit.delete_count:]
    assert rebuilt == new
    assert st.delta(new, new) == []
    (edit,) = st.delta(new, [])
    assert (edit.start, edit.delete_count, list(edit.data)) == (0, len(new), [])
