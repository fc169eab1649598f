import sys

import pytest

from kiln.compiler.pytier import import_hook, loading


@pytest.fixture
def isolated_imports(monkeypatch):
    """Undo everything importing .kiln modules does to the interpreter."""
    modules = dict(sys.modules)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delenv("KILN_PATH", raising=False)
    yield
    import_hook.uninstall()
    import_hook.SETTINGS.checked.clear()
    loading._loaded.clear()
    for name in set(sys.modules) - set(modules):
        del sys.modules[name]
    sys.modules.update(modules)
