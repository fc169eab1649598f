"""Which function and tier a line of a .kiln file belongs to."""
from __future__ import annotations

import pytest

from kiln.profiler.model import Tier
from kiln.profiler.source_index import SourceCache, index_source

SOURCE = '''\
import json

struct Vec2:
    var x: Float64

    fn norm2(self) -> Float64:
        return self.x * self.x


fn outer(n: Int) -> Int:
    @parameter
    fn inner(i: Int):
        pass

    return n


class Shape:
    def area(self):
        return 0


def main():
    def helper():
        return [i for i in range(3)]
    return helper()
'''


def check(line: int, expected: tuple[str, Tier] | None) -> None:
    index = index_source("/t/prog.kiln", SOURCE)
    span = index.function_at(line)
    assert (None if span is None else (span.qualname, span.tier)) == expected


@pytest.mark.parametrize("line,expected", [
    (1, None),                                   # top-level code
    (7, ("Vec2.norm2", Tier.COMPILED)),          # a struct method: DWARF's dotted name
    (10, ("outer", Tier.COMPILED)),
    (13, ("outer.inner", Tier.COMPILED)),        # a nested fn
    (15, ("outer", Tier.COMPILED)),
    (20, ("Shape.area", Tier.PYTHON)),
    (25, ("main.<locals>.helper", Tier.PYTHON)),  # CPython's co_qualname
    (26, ("main", Tier.PYTHON)),
])
def test_function_at(line, expected):
    check(line, expected)


def test_top_level_lines_are_python_tier():
    index = index_source("/t/prog.kiln", SOURCE)
    assert index.tier_at(1) is Tier.PYTHON
    assert index.tier_at(7) is Tier.COMPILED


def test_compiled_names_and_line_text():
    index = index_source("/t/prog.kiln", SOURCE)
    assert index.compiled("Vec2.norm2").start == 6
    assert index.compiled("inner").qualname == "outer.inner"   # unique tail
    assert index.compiled("main") is None                       # a def is not compiled
    assert index.text(7) == "return self.x * self.x"
    assert index.text(999) == ""


def test_cache_declarations(tmp_path):
    path = tmp_path / "prog.kiln"
    path.write_text(SOURCE)
    cache = SourceCache()
    assert cache.declaration("outer.inner", str(path), Tier.COMPILED) == 12
    assert cache.declaration("main", str(path), Tier.PYTHON) == 23
    assert cache.declaration("main", str(path), Tier.COMPILED) == 0
    assert cache.get(str(tmp_path / "missing.kiln")) is None
