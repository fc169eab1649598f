"""collect_sources: what `kiln check PATH...` checks."""
from __future__ import annotations

import os

import pytest

from kiln.source_files import SourcePathError, collect_sources


def make(root, *names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")


def check(root, arguments, files, empty=()):
    old = os.getcwd()
    os.chdir(root)
    try:
        got = collect_sources(arguments)
    finally:
        os.chdir(old)
    assert [os.path.relpath(f, root) for f in got.files] == files
    assert all(os.path.isabs(f) for f in got.files) and got.empty_dirs == tuple(empty)


def test_a_directory_is_every_kiln_file_under_it_sorted(tmp_path):
    make(tmp_path, "src/b.kiln", "src/a.kiln", "src/pkg/z.kiln", "src/pkg/deep/y.kiln", "src/notes.txt",
         "src/helper.py")
    check(tmp_path, ["src"], ["src/a.kiln", "src/b.kiln", "src/pkg/deep/y.kiln", "src/pkg/z.kiln"])


def test_hidden_and_tool_folders_are_skipped(tmp_path):
    make(tmp_path, "ok.kiln", ".git/x.kiln", ".hidden/x.kiln", ".venv/lib/x.kiln", "venv/x.kiln",
         "node_modules/m/x.kiln", "build/x.kiln", "dist/x.kiln", "__pycache__/x.kiln")
    check(tmp_path, ["."], ["ok.kiln"])


def test_named_files_come_in_argument_order_each_once(tmp_path):
    make(tmp_path, "a.kiln", "b.kiln", "c.txt")
    (tmp_path / "link.kiln").symlink_to(tmp_path / "a.kiln")
    check(tmp_path, ["b.kiln", "./a.kiln", str(tmp_path / "a.kiln"), "link.kiln", "c.txt", "."],
          ["b.kiln", "a.kiln", "c.txt"])


def test_a_directory_without_kiln_files_is_reported(tmp_path):
    make(tmp_path, "docs/readme.txt", "a.kiln")
    check(tmp_path, ["docs", "a.kiln"], ["a.kiln"], empty=["docs"])


def test_symlinked_directories_are_not_followed(tmp_path):
    make(tmp_path, "src/a.kiln")
    (tmp_path / "src" / "loop").symlink_to(tmp_path / "src")
    check(tmp_path, ["src"], ["src/a.kiln"])


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(SourcePathError, match=r"^nope\.kiln: no such file or directory$"):
        collect_sources(["nope.kiln"])
