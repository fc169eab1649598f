"""The editor's buffers: the texts of open documents as the client last sent
them, kept in step with incremental `didChange` edits.

Open documents win over the disk: while a file is open, its text here is what
the analysis sees, whatever the file on disk says.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kiln.compiler.syntax.source import SourceFile

from .positions import ColumnUnit, offset_at


@dataclass(frozen=True, slots=True)
class TextChange:
    """One content change in protocol terms: a range (0-based line/column in
    the negotiated unit) or None for a whole-text replacement."""

    start: tuple[int, int] | None
    end: tuple[int, int] | None
    text: str


@dataclass
class Document:
    uri: str
    path: str
    language_id: str
    version: int
    text: str
    _source: SourceFile | None = field(default=None, repr=False)

    @property
    def source(self) -> SourceFile:
        """The text with its line index, built once per version."""
        if self._source is None:
            self._source = SourceFile(self.path, self.text)
        return self._source

    def apply(self, change: TextChange, unit: ColumnUnit) -> None:
        if change.start is None or change.end is None:
            self._replace_text(change.text)
            return
        source = self.source
        start = offset_at(source, change.start[0], change.start[1], unit)
        end = offset_at(source, change.end[0], change.end[1], unit)
        if end < start:  # a reversed range from a confused client: normalise
            start, end = end, start
        data = source.data
        new = data[:start] + change.text.encode("utf-8", "surrogatepass") + data[end:]
        self._replace_text(new.decode("utf-8", "surrogatepass"))

    def _replace_text(self, text: str) -> None:
        self.text = text
        self._source = None


class DocumentStore:
    """Open documents by URI."""

    def __init__(self) -> None:
        self._docs: dict[str, Document] = {}
        self._by_path: dict[str, Document] = {}

    def open(self, uri: str, path: str, language_id: str, version: int, text: str) -> Document:
        doc = Document(uri, path, language_id, version, text)
        self._docs[uri] = doc
        self._by_path[path] = doc
        return doc

    def change(self, uri: str, version: int, changes: list[TextChange],
               unit: ColumnUnit) -> Document | None:
        doc = self._docs.get(uri)
        if doc is None:
            return None
        for change in changes:
            doc.apply(change, unit)
        doc.version = version
        return doc

    def close(self, uri: str) -> Document | None:
        doc = self._docs.pop(uri, None)
        if doc is not None and self._by_path.get(doc.path) is doc:
            del self._by_path[doc.path]
        return doc

    def get(self, uri: str) -> Document | None:
        return self._docs.get(uri)

    def by_path(self, path: str) -> Document | None:
        return self._by_path.get(path)

    def __iter__(self):
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)
