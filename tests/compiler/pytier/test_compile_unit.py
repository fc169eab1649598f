"""compile_module: code objects carry the .kiln path and lines, linecache
knows the text, and the native provider contract (bindings, diagnostics,
absence) is honoured."""
from __future__ import annotations

import ast
import inspect
import linecache

import pytest

from kiln.compiler.diagnostics import make
from kiln.compiler.pytier import native_provider
from kiln.compiler.pytier.compile_unit import compile_module
from kiln.compiler.pytier.native_provider import NativeModule, NativeOptions, register_provider
from kiln.compiler.pytier.prelude import PRELUDE
from kiln.compiler.syntax.source import SourceFile

from .kiln_nodes import fn, module, struct

PATH = "/virtual/prog.kiln"


def compiled_from(text: str, tree=None, **kw):
    return compile_module(SourceFile(PATH, text), module_name="prog", tree=tree or ast.parse(text), **kw)


def test_code_carries_the_kiln_path_and_lines():
    text = "x = 1\n\ndef f():\n    return 42\n"
    result = compiled_from(text)
    assert result.ok and result.code.co_filename == PATH
    namespace: dict = {}
    exec(result.code, namespace)
    assert namespace["f"].__code__.co_firstlineno == 3
    assert inspect.getsource(namespace["f"]) == "def f():\n    return 42\n"
    assert linecache.getline(PATH, 4) == "    return 42\n"


def test_linecache_keeps_the_compiled_text():
    compiled_from("a = 1\n")
    linecache.checkcache(PATH)  # the file does not exist on disk: the entry must survive
    assert linecache.getline(PATH, 1) == "a = 1\n"


def test_prelude_names_are_offered_only_when_mentioned():
    result = compiled_from("def f(x: Int) -> Float64:\n    return Float64(x)\nraise Error('e')\n")
    assert set(result.globals) == {"Int", "Float64", "Error"}
    assert result.globals["Error"] is PRELUDE["Error"]
    assert compiled_from("print(1)\n").globals == {}


def test_errors_cpython_compiler_finds_become_diagnostics():
    text = "def f():\n    nonlocal zz\n"
    result = compiled_from(text)
    [diag] = result.diagnostics
    assert diag.code == "K0553" and not result.ok
    assert "zz" in diag.message
    assert SourceFile(PATH, text).position(diag.span.start).line == 2


@pytest.fixture
def no_native_tier(monkeypatch):
    monkeypatch.setattr(native_provider, "PROVIDER_MODULE", "kiln.compiler.native.absent_for_tests")
    monkeypatch.setattr(native_provider, "_discovered", False)
    monkeypatch.setattr(native_provider, "_default", None)
    register_provider(None)


def test_without_a_native_tier_the_first_declaration_is_named(no_native_tier):
    text = "print(1)\nfn add(): pass\nstruct P: pass\n"
    result = compiled_from(text, tree=module(fn("add", 2), struct("P", 3)))
    [diag] = result.diagnostics
    assert diag.code == "K0550" and "`fn add`" in diag.message and diag.hint
    assert SourceFile(PATH, text).position(diag.span.start).line == 2
    assert result.code is None


class RecordingProvider:
    """A provider implementing the protocol the native tier implements."""

    def __init__(self, bindings=None, diagnostics=()):
        self.bindings = bindings
        self.diagnostics = diagnostics
        self.requests = []

    def load(self, request):
        self.requests.append(request)
        bindings = self.bindings if self.bindings is not None else {d.name: d.kind for d in request.decls}
        return NativeModule(bindings, self.diagnostics)


@pytest.fixture
def provider():
    installed = RecordingProvider()
    register_provider(installed)
    yield installed
    register_provider(None)


def test_provider_bindings_are_bound_where_declared(provider):
    tree = module(fn("add", 1), struct("Pair", 2))
    result = compiled_from("fn add\nstruct Pair\n", tree=tree, options=NativeOptions(opt_level=3))
    assert result.ok
    [request] = provider.requests
    assert request.module_name == "prog" and request.source.path == PATH
    assert [d.name for d in request.decls] == ["add", "Pair"] and request.tree is tree
    assert request.options.opt_level == 3
    namespace = dict(result.globals)
    exec(result.code, namespace)
    assert namespace["add"] == "fn" and namespace["Pair"] == "struct"


def test_provider_errors_stop_the_module(provider):
    source = SourceFile(PATH, "fn add\n")
    provider.diagnostics = [make.error("K0900", source.span(0, 2), "codegen failed")]
    result = compiled_from("fn add\n", tree=module(fn("add", 1)))
    assert not result.ok and result.diagnostics[-1].message == "codegen failed"


def test_provider_that_forgets_a_name_is_an_internal_error(provider):
    provider.bindings = {"add": len}
    result = compiled_from("fn add\nfn sub\n", tree=module(fn("add", 1), fn("sub", 2)))
    assert not result.ok and result.diagnostics[-1].code == "K0900"
    assert "`fn sub`" in result.diagnostics[-1].message
