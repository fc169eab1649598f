"""Typing a statement inside a body, one character at a time, passes through
states that do not parse (`x = foo(`, `if n ==`): the re-parse keeps a syntax
error confined to the edited statement (semantic/reparse.py) and the
analysis is updated in place (semantic/incremental.py). Every state must
equal a from-scratch analysis: syntax diagnostics included."""
from __future__ import annotations

import random

import pytest
from test_incremental_bodies import PATH, SAMPLES, _blocks, body_ranges, from_scratch, snapshot

from kiln.compiler.semantic import MemoryLoader, Workspace

# "\n>" is a line break one level deeper than the line typed on.
TYPED = ["x = foo(acc, 2) + 1", "if n == 3:\n>return 0", 'print("a, b", end="")',
         "var t = [1, 2.5, (3)]", "for j in range(n, 2):\n>pass", "return x + 1",
         'let s = """doc"""', "y = self.x.y[0]", "while i < 3 and not done: i += 1",
         "total = acc(i) if i else {1: 2}"]


def keystrokes(text: str, at: int, statement: str) -> list[str]:
    """The texts while `statement` is typed on a new line before the line
    at `at` (a line start inside a body): Enter gives an indented empty
    line, then one character at a time."""
    line_end = text.index("\n", at)
    indent = text[at:at + len(text[at:line_end]) - len(text[at:line_end].lstrip())]
    typed = statement.replace("\n>", "\n" + indent + "    ")
    return [text[:at] + indent + typed[:k] + "\n" + text[at:] for k in range(len(typed) + 1)]


def line_starts_in_bodies(text: str) -> list[int]:
    out = []
    for lo, hi in body_ranges(text):
        start = text.rfind("\n", 0, lo) + 1
        while start < hi:
            out.append(start)
            start = text.index("\n", start) + 1
    return out


def type_through(text: str, states: list[str]) -> int:
    """Feeds the states to a workspace that analysed `text`; each must equal
    a from-scratch analysis. Answers how many were updates in place."""
    ws = Workspace(MemoryLoader())
    ws.set_file(PATH, text)
    ws.diagnostics(PATH)
    updated = 0
    for k, state in enumerate(states):
        table = ws.analysis(PATH).table
        ws.set_file(PATH, state)
        assert snapshot(ws, PATH) == from_scratch(state), f"keystroke {k}: {state!r}"
        updated += ws.analysis(PATH).table is table
    return updated


SMALL = [p for p in SAMPLES[::2] if len(p.read_text()) < 3000]   # 30 analyses per statement


@pytest.mark.parametrize("sample", [*SMALL, "blocks"], ids=lambda p: getattr(p, "name", p))
def test_typing_a_statement_in_a_body_updates_like_from_scratch(sample):
    rng = random.Random("typing " + getattr(sample, "name", sample))
    text = _blocks(3) if sample == "blocks" else sample.read_text()
    starts = line_starts_in_bodies(text)
    for statement in rng.sample(TYPED, 3):
        type_through(text, keystrokes(text, rng.choice(starts), statement))


@pytest.mark.parametrize("statement", ["x = foo(acc, 2) + 1", "if n == 3:\n>return 0",
                                       "var t = [1, 2.5, (3)]"])
def test_every_keystroke_of_a_half_typed_statement_is_an_update_in_place(statement):
    text = _blocks(3)
    at = text.index("    return total", len(text) // 2)
    states = keystrokes(text, at, statement)
    assert type_through(text, states) == len(states)


def test_an_open_string_reaching_the_next_statement_analyses_the_file_again():
    text = _blocks(2)
    at = text.index("    return total")
    states = keystrokes(text, at, 'let s = """doc')
    # an unterminated triple-quoted string swallows the rest of the file
    assert type_through(text, states) < len(states)
