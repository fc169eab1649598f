"""Decoding source files the way CPython does, and K0552 when it cannot."""
from __future__ import annotations

import pytest

from kiln.compiler.pytier.source_reading import SourceReadError, read_source


def check(tmp_path, data: bytes, expected_text: str | None, bad_line: int | None = None):
    path = tmp_path / "m.kiln"
    path.write_bytes(data)
    result = read_source(str(path))
    if expected_text is not None:
        assert not result.diagnostics and result.source.text == expected_text
    else:
        [diag] = result.diagnostics
        assert diag.code == "K0552" and diag.hint
        assert result.source.position(diag.span.start).line == bad_line
        assert 0 <= diag.span.start <= diag.span.end <= len(result.source.data)


def test_utf8(tmp_path):
    check(tmp_path, "s = 'héllo ✓'\n".encode(), "s = 'héllo ✓'\n")


def test_bom_is_dropped_like_cpython(tmp_path):
    check(tmp_path, b"\xef\xbb\xbfx = 1\n", "x = 1\n")


def test_coding_cookie_is_honoured(tmp_path):
    check(tmp_path, b"# -*- coding: latin-1 -*-\ns = '\xe9'\n", "# -*- coding: latin-1 -*-\ns = 'é'\n")


def test_invalid_utf8_points_at_the_byte(tmp_path):
    check(tmp_path, b"a = 1\nb = 2\nc = '\xff'\n", None, bad_line=3)


def test_invalid_utf8_on_the_first_line(tmp_path):
    check(tmp_path, b"x = '\xc3'\n", None, bad_line=1)


def test_unknown_codec_in_cookie(tmp_path):
    check(tmp_path, b"# coding: no-such-codec\nx = 1\n", None, bad_line=1)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(SourceReadError, match="No such file"):
        read_source(str(tmp_path / "nope.kiln"))
    with pytest.raises(SourceReadError, match="Is a directory"):
        read_source(str(tmp_path))
