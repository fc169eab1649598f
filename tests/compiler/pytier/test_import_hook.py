"""Importing .kiln modules in-process: kiln.load, siblings, packages, circular
imports, reload, KILN_PATH, the opt-in sys.path hook, compile errors."""
from __future__ import annotations

import importlib
import os
import pathlib
import sys
import textwrap
import traceback

import pytest

import kiln

KILN_ROOTS = tuple(str(pathlib.Path(p).resolve()) for p in
                   (pathlib.Path(kiln.__file__).parent, pathlib.Path(kiln.__file__).parent.parent / "compiler"))

pytestmark = pytest.mark.usefixtures("isolated_imports")


def write(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def kiln_frames(exc) -> list[str]:
    return [f.filename for f in traceback.extract_tb(exc.__traceback__)
            if f.filename.endswith(".py") and f.filename.startswith(KILN_ROOTS)]


def test_load_runs_once_and_gives_a_real_module(tmp_path):
    write(tmp_path, {"kern.kiln": """
        import sys
        sys.kiln_test_runs = getattr(sys, "kiln_test_runs", 0) + 1
        def double(x):
            return 2 * x
    """})
    path = tmp_path / "kern.kiln"
    mod = kiln.load(path)
    assert mod.double(21) == 42
    assert kiln.load(str(path)) is mod and kiln.load(tmp_path / "." / "kern.kiln") is mod
    assert sys.kiln_test_runs == 1
    assert mod.__file__ == str(path) and mod.__spec__.origin == str(path)
    assert mod.__name__ == "kern" and sys.modules["kern"] is mod
    assert mod.double.__code__.co_filename == str(path)
    del sys.kiln_test_runs


def test_load_never_clobbers_an_existing_module(tmp_path):
    import math
    write(tmp_path, {"math.kiln": "answer = 42\n"})
    mod = kiln.load(tmp_path / "math.kiln")
    assert mod.answer == 42 and sys.modules["math"] is math
    assert mod.__name__.startswith("math__kiln_")


def test_load_missing_file():
    with pytest.raises(FileNotFoundError):
        kiln.load("/no/such/dir/x.kiln")


def test_siblings_and_packages_import_from_kiln_code(tmp_path):
    write(tmp_path, {
        "app/main.kiln": """
            import helper
            from shapes import area
            from pkg import sub
            from pkg.deep import value
            result = (helper.twice(3), area(2), sub.NAME, value)
        """,
        "app/helper.kiln": "def twice(x):\n    return 2 * x\n",
        "app/shapes.kiln": "def area(r):\n    return r * r\n",
        "app/pkg/__init__.kiln": "from . import sub\n",
        "app/pkg/sub.kiln": "NAME = 'sub'\n",
        "app/pkg/deep.kiln": "from .sub import NAME\nvalue = NAME + '!'\n",
    })
    mod = kiln.load(tmp_path / "app" / "main.kiln")
    assert mod.result == (6, 4, "sub", "sub!")
    assert sys.modules["pkg"].__path__ == [str(tmp_path / "app" / "pkg")]
    assert sys.modules["pkg.sub"].__file__ == str(tmp_path / "app" / "pkg" / "sub.kiln")


def test_plain_python_does_not_see_kiln_modules_without_the_hook(tmp_path):
    write(tmp_path, {"quiet.kiln": "x = 1\n", "other.kiln": "y = 2\n"})
    kiln.load(tmp_path / "quiet.kiln")  # installs the finder for .kiln importers only
    sys.path.insert(0, str(tmp_path))
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("other")
    kiln.install_import_hook()
    assert importlib.import_module("other").y == 2


def test_kiln_wins_over_py_in_one_directory_but_not_over_an_earlier_one(tmp_path):
    write(tmp_path, {"a/dup.kiln": "src = 'kiln'\n", "a/dup.py": "src = 'py'\n",
                     "b/later.kiln": "src = 'kiln'\n", "first/later.py": "src = 'py'\n"})
    kiln.install_import_hook()
    sys.path[0:0] = [str(tmp_path / "a"), str(tmp_path / "first"), str(tmp_path / "b")]
    assert importlib.import_module("dup").src == "kiln"
    assert importlib.import_module("later").src == "py"


def test_kiln_path(tmp_path, monkeypatch):
    write(tmp_path, {"lib/shared.kiln": "VALUE = 7\n", "app/main.kiln": "import shared\nv = shared.VALUE\n"})
    monkeypatch.setenv("KILN_PATH", os.pathsep.join(["", str(tmp_path / "nothing"), str(tmp_path / "lib")]))
    assert kiln.load(tmp_path / "app" / "main.kiln").v == 7


def test_circular_imports_behave_as_in_python(tmp_path):
    write(tmp_path, {
        "a.kiln": "import b\nA = 'a'\ndef get():\n    return b.B + A\n",
        "b.kiln": "import a\nB = 'b'\ndef peek():\n    return a.A\n",
        "c.kiln": "from d import D\nC = 'c'\n",
        "d.kiln": "from c import C\nD = 'd'\n",
    })
    a = kiln.load(tmp_path / "a.kiln")
    assert a.get() == "ba" and sys.modules["b"].peek() == "a"
    with pytest.raises(ImportError, match="partially initialized module 'c'"):
        kiln.load(tmp_path / "c.kiln")


def test_reload_recompiles(tmp_path):
    write(tmp_path, {"conf.kiln": "LEVEL = 1\n", "user.kiln": "import conf\n"})
    kiln.load(tmp_path / "user.kiln")
    conf = sys.modules["conf"]
    (tmp_path / "conf.kiln").write_text("LEVEL = 2\nEXTRA = True\n")
    assert importlib.reload(conf) is conf and conf.LEVEL == 2 and conf.EXTRA


def test_syntax_error_in_an_import_is_a_compile_error(tmp_path):
    write(tmp_path, {"main.kiln": "import broken\n", "broken.kiln": "x = 1\ndef f(:\n    pass\n"})
    with pytest.raises(kiln.CompileError) as info:
        kiln.load(tmp_path / "main.kiln")
    err = info.value
    # The whole import closure is checked before anything runs: the error is
    # raised for the file being loaded and points into the broken module.
    assert isinstance(err, ImportError)
    assert err.path == str(tmp_path / "main.kiln") and err.name == "main"
    assert f"{tmp_path / 'broken.kiln'}:2:" in str(err) and "error[K0001]" in str(err)
    assert err.diagnostics and all(d.span.file == str(tmp_path / "broken.kiln") for d in err.diagnostics)
    assert kiln_frames(err) == []
    assert "broken" not in sys.modules and "main" not in sys.modules


def test_compile_error_of_the_loaded_file_itself(tmp_path):
    write(tmp_path, {"bad.kiln": "print(\n"})
    with pytest.raises(kiln.CompileError) as info:
        kiln.load(tmp_path / "bad.kiln")
    assert kiln_frames(info.value) == []


def test_compile_error_in_a_dynamic_import(tmp_path):
    # Not reachable by the closure check (a computed name): found at import time.
    write(tmp_path, {"main.kiln": "import importlib\ndef go(n):\n    return importlib.import_module(n)\n",
                     "late.kiln": "def f(:\n"})
    mod = kiln.load(tmp_path / "main.kiln")
    with pytest.raises(kiln.CompileError) as info:
        mod.go("late")
    assert info.value.name == "late" and info.value.path == str(tmp_path / "late.kiln")
    assert kiln_frames(info.value) == []


def test_runtime_error_traceback_shows_kiln_lines_only(tmp_path):
    write(tmp_path, {"top.kiln": "import mid\n", "mid.kiln": "x = 1\n\ndef boom():\n    return {}['k']\n\nboom()\n"})
    with pytest.raises(KeyError) as info:
        kiln.load(tmp_path / "top.kiln")
    frames = traceback.extract_tb(info.value.__traceback__)
    assert kiln_frames(info.value) == []
    assert [(pathlib.Path(f.filename).name, f.lineno, f.line) for f in frames[-3:]] == [
        ("top.kiln", 1, "import mid"), ("mid.kiln", 6, "boom()"), ("mid.kiln", 4, "return {}['k']")]
    assert not any(f.filename.startswith("<frozen") for f in frames)


def test_error_is_kiln_error(tmp_path):
    write(tmp_path, {"raiser.kiln": "def fail():\n    raise Error('nope')\n"})
    mod = kiln.load(tmp_path / "raiser.kiln")
    with pytest.raises(kiln.Error, match="nope") as info:
        mod.fail()
    assert type(info.value).__module__ == "kiln" and repr(info.value) == "Error('nope')"


def test_uncaught_compile_error_in_plain_python_reads_well(tmp_path):
    import subprocess
    write(tmp_path, {"bad.kiln": "x = (1,\ny = 2\n", "use.py": "import kiln\nkiln.install_import_hook()\nimport bad\n"})
    r = subprocess.run([sys.executable, "use.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[:3] == ["Traceback (most recent call last):", f'  File "{tmp_path / "use.py"}", line 3, in <module>',
                         "    import bad"]
    assert lines[3].startswith(f"kiln.CompileError: cannot import {tmp_path / 'bad.kiln'}: 1 error")
    assert lines[4].startswith(f"{tmp_path / 'bad.kiln'}:") and "error[K0" in lines[4]
