import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False,
                     help="also run slow tests (full stdlib parser conformance, ...)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: pass --run-slow to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def kiln_exe() -> list[str]:
    """The command that runs the installed `kiln` CLI in a subprocess."""
    return [sys.executable, "-m", "kiln"]


@pytest.fixture(scope="session")
def shared_cache_dir(tmp_path_factory):
    """One KILN_CACHE_DIR per test session: building the parser tables and the
    stdlib is paid once, not per test. Tests about cold caches pass their own."""
    return tmp_path_factory.mktemp("kiln-cache")


@pytest.fixture
def run_kiln(kiln_exe, tmp_path, shared_cache_dir):
    import subprocess

    def run(*args, cwd=None, input=None, env=None, timeout=120):
        full_env = dict(os.environ)
        full_env.setdefault("KILN_CACHE_DIR", str(shared_cache_dir))
        if env:
            full_env.update(env)
        return subprocess.run([*kiln_exe, *map(str, args)], cwd=cwd or tmp_path,
                              input=input, env=full_env, capture_output=True,
                              text=True, timeout=timeout)
    return run
