"""The LALR(1) tables for `kiln.lark`, built by lark once and cached on disk.

lark does the grammar analysis; what we keep is plain data (ints, strings,
tuples, dicts) that unpickles in a few milliseconds, so a fresh process pays
for the table construction only the first time a given grammar + lark version
is seen. The cache file name is keyed by a hash of the grammar text, the lark
version and `FORMAT`; writes go to a temporary file and `os.replace`, so
concurrent processes never see a half-written table.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

FORMAT = 4  # bump when the layout of `Tables` changes
GRAMMAR_PATH = Path(__file__).with_name("kiln.lark")
END = "$END"


@dataclass(frozen=True, slots=True)
class Rule:
    """One expanded grammar alternative.

    `action` names the builder function (the `-> alias`, else the rule name);
    `identity` rules (`?rule` alternatives with one child) pass the child up;
    `holes` lists the positions where an omitted `[optional]` part gets None.
    """

    lhs: str
    size: int
    action: str
    identity: bool
    holes: tuple[int, ...] | None
    text: str


@dataclass(frozen=True, slots=True)
class Tables:
    """`actions[state][terminal]` is a shift to state `n` when `n >= 0` and a
    reduction by rule `~n` when negative; `goto[state][nonterminal]` is the
    state after a reduction."""

    actions: list[dict[str, int]]
    goto: list[dict[str, int]]
    rules: list[Rule]
    literals: dict[str, str]      # source text of a keyword/operator -> terminal
    start_state: int
    end_state: int


def cache_dir() -> Path:
    base = os.environ.get("KILN_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "kiln"


def _lark_identity() -> str:
    """Which lark would build the tables, without importing it (20 ms)."""
    spec = importlib.util.find_spec("lark")
    origin = spec.origin if spec and spec.origin else "?"
    try:
        with open(origin, encoding="utf-8") as f:
            head = f.read()
        match = re.search(r"__version__\s*(?::\s*str)?\s*=\s*['\"]([^'\"]+)", head)
        return match.group(1) if match else origin
    except OSError:
        return origin


def _key(grammar: str) -> str:
    h = hashlib.sha256()
    h.update(grammar.encode())
    h.update(f"|lark={_lark_identity()}|format={FORMAT}".encode())
    return h.hexdigest()[:24]


def build_tables(grammar: str) -> Tables:
    """Run lark's LALR analysis and flatten its result into `Tables`."""
    from lark import Lark
    from lark.parsers.lalr_analysis import Shift

    lk = Lark(grammar, parser="lalr", lexer="basic", start="module",
              keep_all_tokens=True, maybe_placeholders=True)
    table = lk.parser.parser.parser.parse_table
    rule_index: dict[object, int] = {}
    rules: list[Rule] = []
    for r in lk.rules:
        rule_index[r] = len(rules)
        holes = None
        empty = r.options.empty_indices
        if empty and any(empty):
            holes = tuple(i for i, e in enumerate(empty) if e)
        action = str(r.alias or r.origin.name)  # plain str: lark's Token compares slowly
        identity = bool(r.options.expand1) and r.alias is None and len(r.expansion) == 1
        rules.append(Rule(str(r.origin.name), len(r.expansion), action, identity, holes, str(r)))
    n = len(table.states)
    actions: list[dict[str, int]] = [{} for _ in range(n)]
    goto: list[dict[str, int]] = [{} for _ in range(n)]
    for state, row in table.states.items():
        for sym, (act, arg) in row.items():
            sym = str(sym)
            if act is Shift:
                (actions if sym.isupper() or sym == END else goto)[state][sym] = arg
            else:
                actions[state][sym] = ~rule_index[arg]
    literals = {str(t.pattern.value): str(t.name) for t in lk.terminals
                if type(t.pattern).__name__ == "PatternStr"}
    return Tables(actions, goto, rules, literals,
                  table.start_states["module"], table.end_states["module"])


def _table_paths(grammar: str) -> list[Path]:
    """Where the tables may live, best first. They belong to the installation
    (beside the grammar, written once by `scripts/setup.sh` or the first parse),
    not to the compiled-code cache: an empty KILN_CACHE_DIR must not cost a
    table rebuild. The user cache is the fallback for read-only installs."""
    name = f"kiln-grammar-{_key(grammar)}.pickle"
    return [install_dir() / name, cache_dir() / name]


def install_dir() -> Path:
    return GRAMMAR_PATH.parent / "_tables"


def _read(path: Path) -> Tables | None:
    try:
        with open(path, "rb") as f:
            tables = pickle.load(f)
        return tables if isinstance(tables, Tables) else None
    except Exception:  # missing or corrupt: the caller rebuilds
        return None


def load_tables() -> Tables:
    grammar = GRAMMAR_PATH.read_text()
    paths = _table_paths(grammar)
    for path in paths:
        tables = _read(path)
        if tables is not None:
            return tables
    tables = build_tables(grammar)
    for path in paths:
        if _store(path, tables):
            break
    return tables


def _store(path: Path, tables: Tables) -> bool:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return True
    except OSError:
        return False  # read-only: try the next place; it only costs speed
