"""Fixtures for the end-to-end tests: a copy of a fixture workspace and a
real `kiln lsp` process driven by a scripted editor (one per test module,
since starting the server is the slow part)."""
import shutil

import pytest
import pytest_asyncio

from lsp_editor import start_editor, stop_editor
from lsp_paths import FIXTURES


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    for path in (FIXTURES / "project").iterdir():
        shutil.copy(path, root / path.name)
    return root


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def editor(project):
    editor = await start_editor(project)
    yield editor
    await stop_editor(editor)
