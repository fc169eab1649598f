"""The semantic model never raises on user input: random edits of valid
programs (hypothesis) and pathological shapes give diagnostics with ranges
inside the text, and the editor queries still answer."""
from __future__ import annotations

import pathlib

from hypothesis import HealthCheck, given, settings, strategies as st

from kiln.compiler.semantic import MemoryLoader, Workspace, check_program

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
SAMPLES = [p.read_text() for p in sorted(FIXTURES.glob("*.kiln"))[::9]]
SNIPPETS = ["fn ", "var ", "let ", "struct ", "(", ")", "[", "]", ":", "\n", "    ", "^", ".",
            "x", "Int", "SIMD[DType.float32, 4]", "@parameter\n", "raises ", "inout ", "=",
            "return ", "self.", "1.5", '"s"', ",", "alias ", "trait ", "except e:\n", "T",
            "[T: AnyType]", "\x00", "é", "def ", "class ", "lambda: 0", "*", "global x\n"]
PATH = "/fuzz/main.kiln"

edit = st.tuples(st.floats(0, 1), st.booleans(), st.integers(1, 12), st.sampled_from(SNIPPETS))


def _apply(text: str, edits) -> str:
    for where, delete, size, snippet in edits:
        pos = int(where * len(text))
        text = text[:pos] + text[pos + size:] if delete else text[:pos] + snippet + text[pos:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.lists(edit, min_size=1, max_size=5), st.floats(0, 1))
def test_random_edits_never_crash_and_ranges_are_valid(sample, edits, cursor):
    text = _apply(sample, edits)
    ws = Workspace(MemoryLoader({PATH: text}))
    ws.set_file(PATH, text)
    size = len(text.encode("utf-8", "surrogatepass"))
    for d in ws.diagnostics(PATH):
        assert 0 <= d.span.start <= d.span.end <= size, d
        assert d.hint or d.code < "K0100", d     # the parser owns K0001-K0099
    offset = int(cursor * size)
    ws.completions(PATH, offset)
    ws.hover(PATH, offset)
    ws.definition(PATH, offset)
    ws.references(PATH, offset)
    ws.signature_help(PATH, offset)
    ws.inlay_hints(PATH)
    ws.semantic_tokens(PATH)
    ws.document_symbols(PATH)
    ws.typed_program(PATH)


def test_deep_expressions_in_both_tiers_are_answered():
    n = 2500                    # the parser stops at 3,000 levels (K0011)
    sources = ["x = " + "+".join(["1"] * n) + "\n",
               "fn f() -> Int:\n    return " + "+".join(["1"] * n) + "\n",
               "fn g(b: Bool) -> Int:\n" + "".join("    " * (i + 1) + "if b:\n" for i in range(60))
               + "    " * 61 + "return 1\n    return 0\n"]
    for src in sources:
        diags = check_program({PATH: src}, PATH)
        assert all(d.code == "K0900" or not d.is_error for d in diags), diags
