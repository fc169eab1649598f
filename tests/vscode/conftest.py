"""Fixtures for the VS Code extension's checks: they run the extension's own
tools (tsc, vscode-tmgrammar-test, node's test runner, vsce, the code-server
end-to-end test) so that the one test command covers the extension too.

`scripts/vscode-test-setup.sh` installs what they need; a fixture runs it
(cached, fast when nothing changed), so the tests skip only when node/npm
cannot be had at all.
"""
from __future__ import annotations

import pathlib
import shutil

import pytest

from .tools import EXTENSION, exclusive, local_bin, run_setup, run_tool


@pytest.fixture(scope="session")
def node_tools() -> pathlib.Path:
    """The extension folder with its npm packages installed."""
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("node/npm are not installed (scripts/vscode-test-setup.sh installs them)")
    run_setup("--npm")
    return EXTENSION


@pytest.fixture(scope="session")
def vsix(node_tools, tmp_path_factory) -> pathlib.Path:
    """The extension packaged by `vsce package`, as users install it."""
    out = tmp_path_factory.mktemp("vsix") / "kiln.vsix"
    # vsce's prepublish step rewrites dist/extension.js: one build at a time
    with exclusive(EXTENSION / "node_modules" / ".kiln-build.lock"):
        proc = run_tool([local_bin("vsce"), "package", "--no-dependencies", "--no-rewrite-relative-links",
                         "-o", str(out)])
    assert proc.returncode == 0, f"vsce package failed:\n{proc.stdout}\n{proc.stderr}"
    return out
