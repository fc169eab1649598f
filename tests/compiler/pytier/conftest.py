import sys

import pytest

from kiln.compiler.pytier import import_hook, loading
from kiln.compiler.pytier.session import SESSION


@pytest.fixture
def isolated_imports(monkeypatch, tmp_path_factory):
    """Undo everything importing .kiln modules does to the interpreter."""
    modules = dict(sys.modules)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delenv("KILN_PATH", raising=False)
    monkeypatch.setenv("KILN_CACHE_DIR", str(tmp_path_factory.mktemp("kiln-cache")))
    SESSION.reset()
    yield
    import_hook.uninstall()
    SESSION.reset()
    loading._loaded.clear()
    for name in set(sys.modules) - set(modules):
        del sys.modules[name]
    sys.modules.update(modules)
