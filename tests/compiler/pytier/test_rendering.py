"""render_diagnostics: relative paths for the terminal, absolute for CompileError."""
from __future__ import annotations

import os

from kiln.compiler.diagnostics import make
from kiln.compiler.diagnostics.diagnostic import Note
from kiln.compiler.pytier.rendering import display_path, render_diagnostics, summary
from kiln.compiler.syntax.source import SourceFile


def test_paths_under_the_current_directory_are_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inside, outside = str(tmp_path / "pkg" / "a.kiln"), os.path.dirname(str(tmp_path)) + "/b.kiln"
    assert (display_path(inside), display_path(outside), display_path("<stdin>")) == \
        ("pkg/a.kiln", outside, "<stdin>")


def test_relative_rendering_renames_the_span_and_its_notes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = str(tmp_path / "a.kiln")
    source = SourceFile(path, "let x = 1\nx = 2\n")
    diag = make.error("K0103", source.span(10, 11), "cannot assign to `x`",
                      notes=(Note("declared here", source.span(4, 5)),))
    text = render_diagnostics([diag], {path: source}, relative=True)
    assert text.startswith("a.kiln:2:1: error[K0103]") and "- declared here" in text
    assert render_diagnostics([diag], {path: source}).startswith(f"{path}:2:1:")


def test_summary_counts_errors_and_warnings(tmp_path):
    source = SourceFile("a.kiln", "x\n")
    error = make.error("K0101", source.span(0, 1), "e")
    warning = make.warning("K0554", source.span(0, 1), "w")
    assert summary([error]) == "1 error"
    assert summary([error, error, warning]) == "2 errors, 1 warning"
