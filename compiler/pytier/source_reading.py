"""Reading a source file from disk into text, as CPython would decode it.

`.kiln` files are UTF-8; a BOM or a PEP 263 coding cookie is honoured as
CPython honours it (so `kiln ast --python` of any `.py` file decodes it
exactly like `python3` does). A file that cannot be opened is an OS-level
problem (`SourceReadError`, shown as one line); a file that opens but does
not decode is the user's source problem (diagnostic K0552 at the bad byte).
"""
from __future__ import annotations

import hashlib
import io
import tokenize
from dataclasses import dataclass

from ..diagnostics import make
from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile


class SourceReadError(Exception):
    """The file could not be read at all (missing, a directory, no permission)."""


@dataclass(frozen=True)
class SourceText:
    """The decoded file; `diagnostics` is non-empty when decoding failed (then
    `source.text` holds the text with U+FFFD for undecodable bytes)."""

    source: SourceFile
    diagnostics: tuple[Diagnostic, ...] = ()


def text_digest(text: str) -> str:
    """The identity of a file's content, for caches and "already checked"."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_source(path: str) -> SourceText:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise SourceReadError(f"cannot read '{path}': {exc.strerror or exc}") from None
    return decode_source(path, data)


def decode_source(path: str, data: bytes) -> SourceText:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        if "invalid or missing encoding" in str(exc):
            encoding = "utf-8"  # bad bytes early on: let decoding below find the byte
        else:  # a coding cookie naming an unknown codec, or contradicting a BOM
            return _bad_cookie(path, data, exc)
    try:
        text = data.decode(encoding)  # "utf-8-sig" drops a BOM, as CPython does
    except UnicodeDecodeError as exc:
        return _undecodable(path, data, encoding, exc)
    return SourceText(SourceFile(path, text))


def _bad_cookie(path: str, data: bytes, exc: SyntaxError) -> SourceText:
    source = SourceFile(path, data.decode("utf-8", "replace"))
    return SourceText(source, (make.error(
        "K0552", source.span(0, 0), f"cannot decode the file: {exc.msg}",
        hint="save the file as UTF-8 (the encoding Kiln expects)"),))


def _undecodable(path: str, data: bytes, encoding: str, exc: UnicodeDecodeError) -> SourceText:
    source = SourceFile(path, data.decode(encoding, "replace"))
    # The text before the bad byte decodes the same either way, so its UTF-8
    # length is the bad byte's offset in `source`.
    offset = len(data[:exc.start].decode(encoding, "replace").encode("utf-8", "surrogatepass"))
    diag = make.error(
        "K0552", source.span(offset, offset + 3),
        f"the file is not valid {encoding.upper()}: byte {data[exc.start:exc.start + 1]!r} "
        f"at offset {exc.start} cannot be decoded",
        hint="save the file as UTF-8 (the encoding Kiln expects)")
    return SourceText(source, (diag,))
