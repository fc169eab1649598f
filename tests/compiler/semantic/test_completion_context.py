"""Completion looks at where the cursor is: nothing inside comments and
strings (docstrings too), and after `from m import` the names `m` exports."""
from __future__ import annotations

import pytest

from semantic_testing import marked, workspace

PATH = "/q/main.kiln"


def labels(src: str, files: dict[str, str] | None = None) -> set[str]:
    text, off = marked(src)
    ws = workspace({PATH: text, **(files or {})})
    return {c.label for c in ws.completions(PATH, off)}


@pytest.mark.parametrize("src", [
    "fn main():\n    var x = 1  # use x.$0\n",
    "fn main():\n    var x = 1  # the $0\n",
    "fn main():\n    let s = \"abc x$0\"\n",
    "def f():\n    \"\"\"Doc p$0\n    more\n    \"\"\"\n    pass\n",
    "fn main():\n    \"\"\"Doc p$0\"\"\"\n    pass\n",
])
def test_nothing_inside_comments_and_strings(src):
    assert labels(src) == set()


def test_code_after_a_string_or_inside_an_fstring_still_completes():
    assert "total" in labels("def f(total):\n    s = 'a#b' + tot$0\n")
    assert "total" in labels("def f(total):\n    s = f'{tot$0'\n")


def test_from_import_lists_the_modules_exports():
    helpers = {"/q/helpers.kiln": "fn twice(x: Int) -> Int:\n    return 2 * x\n\n"
                                  "fn _hidden() -> Int:\n    return 0\n\nalias LIMIT = 3\n"}
    assert labels("from helpers import $0\n", helpers) == {"twice", "LIMIT"}
    assert labels("from helpers import twice, $0\n", helpers) == {"twice", "LIMIT"}
    assert {"sqrt", "floor"} <= labels("from math import $0\n")


@pytest.mark.parametrize("src", [
    "fn ma$0\n",
    "def hel$0\n",
    "struct Po$0\n",
    "fn main():\n    var tot$0\n",
    "fn main():\n    let $0\n",
])
def test_nothing_while_a_new_name_is_typed(src):
    assert labels(src) == set()


def test_types_after_the_new_name_still_complete():
    assert "Float64" in labels("fn main():\n    var total: Flo$0\n")
    assert "Float64" in labels("fn f(x: Flo$0\n")


def test_import_lists_sibling_modules_and_the_standard_library():
    files = {"/q/helpers.kiln": "fn twice(x: Int) -> Int:\n    return 2 * x\n",
             "/q/sub/deep.kiln": "alias X = 1\n"}
    for src in ("import $0\n", "import hel$0\n", "from $0\n"):
        got = labels(src, files)
        assert {"helpers", "math", "algorithm"} <= got, src
        assert "main" not in got and "deep" not in got and "print" not in got
