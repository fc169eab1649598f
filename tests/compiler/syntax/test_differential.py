"""Differential fuzzing against CPython's own parser.

Windows of standard-library files get a few random edits that stress the
tokenizer (line continuations, blank and comment lines, form feeds, tabs,
brackets, quotes, carriage returns); CPython and Kiln must then agree on
accepting or rejecting the text, and on the tree (positions included) when
both accept it. Kiln may also accept text that is Kiln syntax (its tree then
holds Kiln nodes). A seeded sample runs by default, many more with --run-slow.
"""
from __future__ import annotations

import ast
import difflib
import random
import sysconfig
import warnings
from pathlib import Path

import pytest

from kiln.compiler.syntax import nodes
from kiln.compiler.syntax.parser import parse

WINDOW_LINES = 40
EXAMPLES_PER_SEED = 50
DEFAULT_SEEDS = range(4)
SLOW_SEEDS = range(4, 404)

INSERTS = ["\\\n", "\\", "\n", "\n\n", "    ", "  ", "\t", "\f", "#", "# c\n", "\r",
           "\r\n", " ", "(", ")", "[", "]", "{", "}", ":", ",", '"', "'", '"""', ";",
           "=", "+", ".", "\\\n    ", "    \\\n", "\n\\\n", "\n    \\\n", "\f\n", "#\\\n",
           "u", "U", "b", "r", "f", "0", "_", "1_", "lambda ", " if ", "not ", "*", "@"]


def _stdlib_texts() -> list[str]:
    root = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(p for p in root.glob("*.py") if 2_000 < p.stat().st_size < 40_000)
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


TEXTS = _stdlib_texts()


def cpython_dump(text: str) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.dump(ast.parse(text), include_attributes=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def window(rnd: random.Random) -> str:
    """A run of lines that CPython parses."""
    while True:
        lines = rnd.choice(TEXTS).splitlines(keepends=True)
        start = rnd.randrange(max(1, len(lines) - WINDOW_LINES))
        piece = "".join(lines[start:start + WINDOW_LINES])
        if cpython_dump(piece) is not None:
            return piece


def edit(rnd: random.Random, text: str) -> str:
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(text) + 1)
        if rnd.random() < 0.5:  # edits at a line start reach the indentation logic
            i = text.rfind("\n", 0, i) + 1
        kind = rnd.random()
        if kind < 0.3:
            text = text[:i] + text[i + rnd.randint(1, 4):]
        else:
            text = text[:i] + rnd.choice(INSERTS) + text[i:]
    return text


def check(text: str, original: str | None = None) -> None:
    """Kiln agrees with CPython on `text` (accept/reject, and the tree)."""
    expected = cpython_dump(text)
    result = parse(text, "fuzz.py")
    shown = _changes(original, text) if original is not None else repr(text)
    assert not any(d.code == "K0900" for d in result.diagnostics), shown
    if result.diagnostics:
        messages = "\n".join(d.message for d in result.diagnostics)
        assert expected is None, f"Kiln rejects what CPython accepts:\n{shown}\n{messages}"
        return
    if expected is None:
        assert any(isinstance(n, nodes.KILN_NODE_TYPES) for n in ast.walk(result.module)), (
            f"Kiln accepts what CPython rejects:\n{shown}")
        return
    got = ast.dump(result.module, include_attributes=True)
    assert got == expected, f"trees differ:\n{shown}"


def _changes(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True),
                                 after.splitlines(keepends=True), n=3)
    return "".join(repr(line)[1:-1] + "\n" for line in lines)


def run_seed(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(EXAMPLES_PER_SEED):
        original = window(rnd)
        check(edit(rnd, original), original)


@pytest.mark.parametrize("seed", DEFAULT_SEEDS)
def test_random_edits_agree_with_cpython(seed):
    run_seed(seed)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_random_edits_agree_with_cpython_slow(seed):
    run_seed(seed)


# -- small generated programs with layout noise ---------------------------------------
# Valid block structure (mixed tab/space indentation) whose lines get blank,
# comment and lone-`\` lines around them, continuations and form feeds inside
# their indentation, and CR / CR LF endings: what decides INDENT/DEDENT.
HEADERS = ["if x:", "for i in y:", "def f(a):", "while z:", "class C:", "with a as b:",
           "async def g():", "try:"]
SIMPLE = ["x = 1", "pass", "return a", "y = (1,\n2)", "z = [\n  3]", 's = """a\nb"""',
          "t = f'{x}'", "a = b \\\n  + c", "await q", "del a", "print(1); y = 2",
          "x = 1 # c \\", "u = 'a\\\nb'"]
NOISE_LINES = ["", "#c", "  #c", "\\", "  \\", "    \\", "\t\\", "\f", "\\\n", " \\\n\\",
               "\f#c", "\\\n#c", "   "]
INDENT_NOISE = ["\\\n", "\f", "\\\n\f", "\f\\\n"]
ENDINGS = ["\n"] * 6 + ["\r\n", "\r", " \n", "\\\n\n"]
LAYOUT_PER_SEED = 250


def block(rnd: random.Random, depth: int = 0, indent: str = "") -> list[str]:
    lines = []
    for _ in range(rnd.randint(1, 3)):
        if depth < 3 and rnd.random() < 0.4:
            header = rnd.choice(HEADERS)
            inner = indent + rnd.choice(["    ", "  ", "\t", " \t"])
            lines.append(indent + header)
            lines += block(rnd, depth + 1, inner)
            if header == "try:":
                lines += [indent + "finally:"] + block(rnd, depth + 1, inner)
        else:
            lines.append(indent + rnd.choice(SIMPLE))
    return lines


def with_layout_noise(rnd: random.Random, lines: list[str]) -> str:
    out = []
    for line in lines:
        r = rnd.random()
        if r < 0.25:
            out.append(rnd.choice(NOISE_LINES))
        elif r > 0.85:
            code = line.lstrip(" \t")
            indent = line[:len(line) - len(code)]
            cut = rnd.randint(0, len(indent))
            line = indent[:cut] + rnd.choice(INDENT_NOISE) + indent[cut:] + code
        out.append(line)
    text = "".join(line + rnd.choice(ENDINGS) for line in out)
    return text.rstrip("\n") if rnd.random() < 0.1 else text


@pytest.mark.parametrize("seed", DEFAULT_SEEDS)
def test_layout_noise_agrees_with_cpython(seed):
    rnd = random.Random(seed)
    for _ in range(LAYOUT_PER_SEED):
        check(with_layout_noise(rnd, block(rnd)))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS)
def test_layout_noise_agrees_with_cpython_slow(seed):
    test_layout_noise_agrees_with_cpython(seed)


@pytest.mark.parametrize("text", [
    # a line holding only `\` joins the next line: no block ends there
    "for i in range(3):\n    x = i\n\\\n    print(i)\n",
    "if 1:\n    x = 1\n\\\n    y = 2\n",
    "def f(self):\n    n = 1\n\\\n    if n == 0:\n        return 1\n    return 2\n",
    "if 1:\n    x = 1\n\\\n\\\n    y = 2\n",
    "if 1:\n    x = 1\n    \\\n  y = 2\n",
    "if 1:\n        x = 1\n\t\\\n    y = 2\n",
    "if 1:\n    x = 1\n\\\ny = 2\n",
    "\\\nx = 1\n", "\\\n\n", "\\\n#c\n", "if 1:\n    x = 1\n\\\n\n    y = 2\n",
    "if 1:\n    x = 1\n\\\n# c\n    y = 2\n", "x = [1,\n\\\n  2]\n",
    # rejected by both: indentation comes from the first `\` of the line
    "if 1:\n    x = 1\n\\\n        y = 2\n", "if 1:\n    x = 1\n  \\\n    y = 2\n",
    "  \\\nx = 1\n", "if 1:\n    x = 1\n\t\\\n    y = 2\n",
    # a continuation just before the end of the file
    "x = 1 \\\n", "x = 1\n\\\n", "\\\n\\\n", "x = 1\n\\",
    # continuation into a comment or blank line ends the logical line
    "x = 1 + \\\n# c\n2\n", "x = 1 \\\n\ny = 2\n", "x = 1 \\\n# c\n",
    # form feeds
    "if 1:\n\f    x = 1\n    \fy = 2\n", "\fx = 1\n", "if 1:\n    x = 1\n\f\n    y = 2\n",
])
def test_tokenizer_edges_agree_with_cpython(text):
    check(text)
