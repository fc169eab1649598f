"""The background workspace index.

At start-up every `.kiln` file under the workspace folders is read and handed
to the analysis workspace, then analysed, a file at a time, yielding to the
event loop between files so requests keep being answered. Progress goes to
the client through `$/progress` (work-done progress) when it supports that.

Afterwards the index follows the disk: `workspace/didChangeWatchedFiles`
events re-read changed files, add created ones and drop deleted ones, except
for files open in the editor, whose buffer wins until they are closed.

This module does the file I/O the analysis core must not do.
"""
from __future__ import annotations

import asyncio
import os
import time
import uuid
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

if TYPE_CHECKING:
    from .session import Session

SUFFIX = ".kiln"
# Folders that hold tools' or packagers' copies, never the user's modules.
_SKIPPED_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                 "build", "dist", ".tox", ".mypy_cache", ".pytest_cache", "site-packages"}
_MAX_FILE_BYTES = 4 * 1024 * 1024
_REPORT_EVERY_S = 0.1


def discover(folders: list[str]) -> list[str]:
    found: list[str] = []
    for folder in folders:
        if not os.path.isdir(folder):
            continue
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
            found += [os.path.join(root, f) for f in sorted(files) if f.endswith(SUFFIX)]
    return found


def read_text(path: str) -> str | None:
    try:
        if os.path.getsize(path) > _MAX_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return None


class WorkspaceIndexer:
    def __init__(self, session: "Session") -> None:
        self._session = session
        self._indexed: set[str] = set()
        self.ready = asyncio.Event()
        self._task: asyncio.Task | None = None

    @property
    def files(self) -> frozenset[str]:
        return frozenset(self._indexed)

    def start(self, folders: list[str] | None = None) -> None:
        """Index `folders` (default: all workspace folders) in the background;
        a second call waits for the first to finish."""
        folders = list(self._session.workspace_folders if folders is None else folders)
        previous = self._task

        async def run() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            await self._run(folders)

        self._task = asyncio.ensure_future(run())

    def forget_folder(self, folder: str) -> None:
        """A workspace folder was removed: its files leave the analysis,
        except those still open in the editor."""
        for path in [p for p in self._indexed if _inside(p, folder)]:
            self._indexed.discard(path)
            if self._session.documents.by_path(path) is None:
                self._session.analysis.remove_file(path)

    async def _run(self, folders: list[str]) -> None:
        session = self._session
        progress = _Progress(session)
        await progress.begin("Indexing Kiln workspace")
        try:
            paths = discover(folders)
            for i, path in enumerate(paths):
                self._load(path)
                await progress.report(f"reading {i + 1}/{len(paths)} files", i, 2 * len(paths))
                if i % 16 == 15:
                    await asyncio.sleep(0)
            for i, path in enumerate(paths):
                self._warm(path)
                await progress.report(f"analysing {i + 1}/{len(paths)} files",
                                      len(paths) + i, 2 * len(paths))
                await asyncio.sleep(0)
            progress.end(f"indexed {len(paths)} Kiln files")
        except Exception as exc:
            progress.end("indexing failed")
            session.log_error(f"kiln: internal error while indexing the workspace: {exc!r}")
        finally:
            self.ready.set()
        session.workspace_changed()

    def _load(self, path: str) -> None:
        if self._session.documents.by_path(path) is not None:
            self._indexed.add(path)
            return
        text = read_text(path)
        if text is not None:
            self._session.analysis.set_file(path, text)
            self._indexed.add(path)

    def _warm(self, path: str) -> None:
        try:
            self._session.analysis.analysis(path)
        except Exception as exc:  # one bad file must not stop the index
            self._session.log_error(f"kiln: internal error analysing {path}: {exc!r}")

    # -- following the disk --------------------------------------------------------
    def reload_from_disk(self, path: str) -> None:
        """`path` is no longer (or was never) open: the disk has the truth."""
        analysis = self._session.analysis
        text = read_text(path) if os.path.isfile(path) else None
        if text is not None and (path in self._indexed or self._in_folders(path)):
            analysis.set_file(path, text)
            self._indexed.add(path)
            return
        self._indexed.discard(path)
        analysis.remove_file(path)
        analysis.invalidate(path)

    def file_changed(self, path: str, deleted: bool) -> None:
        if self._session.documents.by_path(path) is not None:
            return  # the editor's buffer wins while the file is open
        if deleted:
            self._indexed.discard(path)
            self._session.analysis.remove_file(path)
            self._session.analysis.invalidate(path)
        else:
            self.reload_from_disk(path)

    def _in_folders(self, path: str) -> bool:
        return path.endswith(SUFFIX) and any(
            _inside(path, folder) for folder in self._session.workspace_folders)


def _inside(path: str, folder: str) -> bool:
    if not (os.path.isabs(path) and os.path.isabs(folder)):
        return False
    return os.path.commonpath([path, folder]) == folder


class _Progress:
    """Work-done progress, or nothing for clients that cannot show it."""

    def __init__(self, session: "Session") -> None:
        self._session = session
        self._token: str | None = None
        self._last = 0.0

    async def begin(self, title: str) -> None:
        if not self._session.client.work_done_progress:
            return
        token = f"kiln-index-{uuid.uuid4().hex[:8]}"
        progress = self._session.server.work_done_progress
        try:
            await progress.create_async(token)
        except Exception:
            return  # the client refused: index silently
        self._token = token
        progress.begin(token, lsp.WorkDoneProgressBegin(title=title, percentage=0,
                                                        cancellable=False))
        self._last = time.monotonic()

    async def report(self, message: str, done: int, total: int) -> None:
        if self._token is None:
            return
        now = time.monotonic()
        if now - self._last < _REPORT_EVERY_S:
            return
        self._last = now
        percentage = int(100 * done / total) if total else 100
        self._session.server.work_done_progress.report(
            self._token, lsp.WorkDoneProgressReport(message=message, percentage=percentage))
        await asyncio.sleep(0)

    def end(self, message: str) -> None:
        if self._token is not None:
            self._session.server.work_done_progress.end(
                self._token, lsp.WorkDoneProgressEnd(message=message))
            self._token = None
