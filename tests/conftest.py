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


@pytest.fixture
def run_kiln(kiln_exe, tmp_path):
    import subprocess

    def run(*args, cwd=None, input=None, env=None, timeout=120):
        full_env = dict(os.environ)
        full_env.setdefault("KILN_CACHE_DIR", str(tmp_path / "kiln-cache"))
        if env:
            full_env.update(env)
        return subprocess.run([*kiln_exe, *map(str, args)], cwd=cwd or tmp_path,
                              input=input, env=full_env, capture_output=True,
                              text=True, timeout=timeout)
    return run
