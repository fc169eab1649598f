"""`from M import name` takes names Python's M lacks from Kiln's compiled M."""
from __future__ import annotations

import ast
import sys

import pytest

import kiln
from kiln.compiler.pytier import module_locator
from kiln.compiler.pytier.lowering import lower_module
from kiln.compiler.pytier.stdlib_imports import StdlibImports
from kiln.compiler.syntax.source import SourceFile


@pytest.fixture
def stdlib(tmp_path, monkeypatch):
    root = tmp_path / "stdlib"
    for rel, text in {"time.kiln": "def now():\n    return 'kiln-now'\n",
                      "math.kiln": "def sqrt(x):\n    return 'kiln-sqrt'\n",
                      "sys/__init__.kiln": "", "sys/info.kiln": "def simdwidthof():\n    return 8\n",
                      "algorithm.kiln": "def vectorize(f):\n    return f\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.setattr(module_locator, "STDLIB_DIR", str(root))
    return root


def check(stdlib_dir, text: str, expected: str):
    tree = ast.parse(text)
    result = lower_module(tree, SourceFile("/t/m.kiln", text), StdlibImports(str(stdlib_dir)))
    assert ast.unparse(result.tree) == expected
    if expected == text.strip():
        assert result.tree is tree


def test_names_python_has_stay_python(stdlib):
    check(stdlib, "from math import sqrt, pi\nimport time\nfrom time import *\n",
          "from math import sqrt, pi\nimport time\nfrom time import *")


def test_kiln_only_names_are_redirected(stdlib):
    check(stdlib, "from time import perf_counter, now as t_now\n",
          "from time import perf_counter\nfrom __kiln_stdlib__.time import now as t_now")
    check(stdlib, "def f():\n    from time import now\n",
          "def f():\n    from __kiln_stdlib__.time import now")


def test_submodule_of_a_python_module_that_is_not_a_package(stdlib):
    check(stdlib, "from sys.info import simdwidthof\n", "from __kiln_stdlib__.sys.info import simdwidthof")


def test_modules_python_lacks_are_left_to_the_fallback_finder(stdlib):
    check(stdlib, "from algorithm import vectorize\nfrom .time import now\n",
          "from algorithm import vectorize\nfrom .time import now")


@pytest.mark.usefixtures("isolated_imports")
def test_at_run_time(stdlib, tmp_path):
    (tmp_path / "prog.kiln").write_text(
        "import time\nfrom time import now, perf_counter\nfrom sys.info import simdwidthof\n"
        "from algorithm import vectorize\n"
        "result = (now(), perf_counter is time.perf_counter, simdwidthof(), vectorize(len)('ab'))\n")
    mod = kiln.load(tmp_path / "prog.kiln")
    assert mod.result == ("kiln-now", True, 8, 2)
    assert sys.modules["__kiln_stdlib__.time"].__file__ == str(stdlib / "time.kiln")
    assert sys.modules["time"] is mod.time


def test_builtin_names_without_a_stdlib_file(tmp_path):
    empty = tmp_path / "empty-stdlib"
    empty.mkdir()
    check(empty, "from time import perf_counter, now\nfrom math import sqrt, iota\n",
          "from time import perf_counter\nfrom __kiln_stdlib__.time import now\n"
          "from math import sqrt\nfrom __kiln_stdlib__.math import iota")
    check(empty, "from time import no_such_name\n", "from time import no_such_name")


@pytest.mark.usefixtures("isolated_imports")
def test_builtin_modules_at_run_time(tmp_path, monkeypatch):
    empty = tmp_path / "empty-stdlib"
    empty.mkdir()
    monkeypatch.setattr(module_locator, "STDLIB_DIR", str(empty))
    (tmp_path / "prog.kiln").write_text(
        "from algorithm import vectorize, parallelize\nfrom time import now\n"
        "from sys.info import simdwidthof\nfrom testing import assert_equal\n"
        "import memory\n"
        "def elapsed():\n    start = now()\n    return now() - start\n")
    mod = kiln.load(tmp_path / "prog.kiln")
    assert isinstance(mod.elapsed(), int) and mod.elapsed() >= 0
    with pytest.raises(TypeError, match="`vectorize` .*compiled-tier construct.*inside an `fn`"):
        mod.vectorize[len, 8](10)
    with pytest.raises(TypeError, match="`simdwidthof`"):
        mod.simdwidthof()
    mod.assert_equal(2, 2)
    with pytest.raises(kiln.Error, match="1 is not equal to 2"):
        mod.assert_equal(1, 2)
    assert "memset_zero" in dir(mod.memory) and repr(mod.parallelize).startswith("<compiled-tier")
