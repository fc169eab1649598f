import sys

import pytest

from kiln.compiler.pytier import import_hook, loading
from kiln.compiler.pytier.session import SESSION


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory):
    """One KILN_CACHE_DIR for the whole session, shared by xdist workers: the
    parser keeps its grammar tables there too, and building them is slow."""
    path = tmp_path_factory.getbasetemp().parent / "kiln-cache-shared"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def isolated_imports(monkeypatch, shared_cache_dir):
    """Undo everything importing .kiln modules does to the interpreter."""
    modules = dict(sys.modules)
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    monkeypatch.delenv("KILN_PATH", raising=False)
    monkeypatch.setenv("KILN_CACHE_DIR", str(shared_cache_dir))
    SESSION.reset()
    yield
    import_hook.uninstall()
    SESSION.reset()
    loading._loaded.clear()
    for name in set(sys.modules) - set(modules):
        del sys.modules[name]
    sys.modules.update(modules)
