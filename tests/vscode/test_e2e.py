"""The packaged extension in a real VS Code: code-server 4.100.3 and headless
Chromium driven by playwright-core (vscode-extension/test/e2e/run.mjs). It
installs the .vsix, opens main.kiln of the fixture workspace, and checks the
language mode, a diagnostic squiggle and its Problems entry, Go to Definition
from a `def` to an `fn` in kernels.kiln, a hover, and that killing the
language server brings a visible message and a new server.

The extension is pointed at the interpreter running these tests
(`.venv/bin/python`) through KILN_PYTHON in code-server's environment, which
the extension host inherits."""
import sys

import pytest

from .server_probe import why_server_cannot_start
from .tools import EXTENSION, run_setup, run_tool


@pytest.fixture(scope="session")
def code_server(node_tools):
    run_setup("--e2e")


def test_extension_works_in_real_vscode(vsix, code_server, tmp_path):
    reason = why_server_cannot_start(sys.executable)
    if reason:
        pytest.skip(f"the language server cannot start yet, so there is nothing to test end to end: {reason}")
    proc = run_tool(["node", "test/e2e/run.mjs", "--python", sys.executable, "--vsix", str(vsix),
                     "--artifacts", str(tmp_path / "artifacts")], timeout=400)
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"end-to-end checks failed (screenshots in {tmp_path / 'artifacts'}):\n{report}"
    assert "FAIL" not in proc.stdout and "ALL PASSED" in proc.stdout, report
