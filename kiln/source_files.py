"""Which `.kiln` files the path arguments of a command stand for.

`kiln check prog.kiln src/` checks `prog.kiln` and every `.kiln` file under
`src/`, like `ruff check src/`: recursively, in sorted order, skipping hidden
directories and the folders that hold tools' or packagers' copies rather than
the user's modules (virtual environments, build output, node_modules: the
same set the language server's indexer skips). A file named explicitly is
taken whatever its suffix. Each file counts once, however it was named
(`./a.kiln` and `/abs/a.kiln` are one file).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

SUFFIX = ".kiln"
SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                          "build", "dist", ".tox", ".mypy_cache", ".pytest_cache", "site-packages"})


class SourcePathError(Exception):
    """A path argument that names nothing readable; the message starts with the path."""


@dataclass(frozen=True)
class CollectedSources:
    files: tuple[str, ...]        # absolute paths, argument order, a directory's files sorted
    empty_dirs: tuple[str, ...]   # directory arguments (as given) without any .kiln file


def collect_sources(arguments: Sequence[str]) -> CollectedSources:
    """Raises `SourcePathError` for an argument that does not exist or a
    directory that cannot be listed."""
    files: list[str] = []
    empty: list[str] = []
    seen: set[str] = set()
    for argument in arguments:
        if os.path.isdir(argument):
            found = kiln_files_under(argument)
            if not found:
                empty.append(argument)
        elif os.path.exists(argument):
            found = [argument]
        else:
            raise SourcePathError(f"{argument}: no such file or directory")
        for path in found:
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                files.append(os.path.abspath(path))
    return CollectedSources(tuple(files), tuple(empty))


def kiln_files_under(folder: str) -> list[str]:
    """Every `.kiln` file under `folder`, sorted; symlinked directories are
    not followed (no loops, no files counted twice)."""
    def unreadable(error: OSError) -> None:
        raise SourcePathError(f"{error.filename}: cannot list the directory: {error.strerror}")

    found: list[str] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")]
        found.extend(os.path.join(root, name) for name in names if name.endswith(SUFFIX))
    return sorted(found)
