"""The wrapped `__main__` code of `kiln run` (main_wrapper.py) with its real
driver (top_level.MainDriver), run in process: it must keep the module's
meaning and end the program the way the interpreter would."""
from __future__ import annotations

import ast
import marshal
import sys
import traceback

import pytest

from kiln.compiler.pytier.main_wrapper import DRIVER_PLACEHOLDER, attach_driver, wrap_for_top_level
from kiln.compiler.pytier.top_level import MainDriver

PATH = "/virtual/prog.kiln"


def run_wrapped(text: str, monkeypatch) -> tuple[int | str | None, dict, list]:
    """Exec the wrapped module; (exit code, its globals, what sys.excepthook got)."""
    tree = ast.parse(text)
    main = next((s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and s.name == "main"), None)
    code = compile(wrap_for_top_level(tree, main), PATH, "exec", dont_inherit=True)
    driver = MainDriver((), False, main.lineno if main else 0)
    driver.code = attach_driver(code, driver)
    hooked: list = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: hooked.append(traceback.extract_tb(tb)))
    for name in ("last_type", "last_value", "last_traceback"):
        monkeypatch.setattr(sys, name, None, raising=False)  # put back (or removed) afterwards
    namespace = {"__name__": "__main__"}
    with pytest.raises(SystemExit) as ended:
        exec(driver.code, namespace)
    return ended.value.code, namespace, hooked


def test_docstring_and_future_imports_keep_their_meaning(monkeypatch):
    status, namespace, hooked = run_wrapped(
        '"""The doc."""\nfrom __future__ import annotations\nx: int = 1\n', monkeypatch)
    assert (status, hooked) == (None, [])
    assert namespace["__doc__"] == "The doc." and namespace["__annotations__"] == {"x": "int"}


def test_main_is_called_and_its_result_is_the_exit_status(monkeypatch):
    status, namespace, _ = run_wrapped("calls = []\ndef main():\n    calls.append(1)\n    return 7\n",
                                       monkeypatch)
    assert status == 7 and namespace["calls"] == [1]


def test_async_main_is_run(monkeypatch):
    status, _, _ = run_wrapped("import asyncio\nasync def main():\n    await asyncio.sleep(0)\n"
                               "    return 'done'\n", monkeypatch)
    assert status == "done"


def test_uncaught_exception_goes_to_excepthook_without_the_main_call(monkeypatch):
    status, _, hooked = run_wrapped("x = 1\ndef main():\n    return 1 / 0\n", monkeypatch)
    assert status == 1 and len(hooked) == 1
    assert [(f.lineno, f.name) for f in hooked[0]] == [(3, "main")]
    assert isinstance(sys.last_value, ZeroDivisionError)


def test_top_level_exception_keeps_its_module_frame(monkeypatch):
    status, _, hooked = run_wrapped("x = 1\ny = {}['k']\n", monkeypatch)
    assert status == 1 and [(f.lineno, f.name) for f in hooked[0]] == [(2, "<module>")]


def test_keyboard_interrupt_exits_130(monkeypatch):
    status, _, _ = run_wrapped("raise KeyboardInterrupt\n", monkeypatch)
    assert status == 130


def test_sys_exit_passes_through_untouched(monkeypatch):
    status, _, hooked = run_wrapped("import sys\nsys.exit('bye')\n", monkeypatch)
    assert (status, hooked) == ("bye", [])


def test_the_program_sees_no_name_of_kilns(monkeypatch):
    _, namespace, _ = run_wrapped("names = sorted(globals())\n", monkeypatch)
    assert namespace["names"] == ["__builtins__", "__name__"]


def test_placeholder_survives_the_cache_and_is_replaced():
    code = compile(wrap_for_top_level(ast.parse("pass\n"), None), PATH, "exec")
    again = marshal.loads(marshal.dumps(code))
    assert DRIVER_PLACEHOLDER in again.co_consts
    marker = object()
    attached = attach_driver(again, marker)
    assert marker in attached.co_consts and DRIVER_PLACEHOLDER not in attached.co_consts
