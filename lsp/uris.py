"""Document URIs and the file paths the analysis core is keyed by.

`file:` URIs map to absolute paths (percent-decoded); any other scheme
(`untitled:Untitled-1`, ...) is kept as its own key so unsaved buffers still
get answers. The URI a client used for a document is remembered so answers
name the file exactly as the client spelled it.
"""
from __future__ import annotations

import os
from urllib.parse import quote, unquote, urlparse


def path_from_uri(uri: str) -> str:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return uri
    path = unquote(parsed.path)
    if parsed.netloc:  # UNC share
        path = f"//{parsed.netloc}{path}"
    return os.path.normpath(path) if path else uri


def uri_from_path(path: str) -> str:
    if not os.path.isabs(path):
        return path  # an untitled buffer's key is already its URI
    return "file://" + quote(path.replace(os.sep, "/"), safe="/:@")


class UriBook:
    """Remembers the URI spelling the client used for each path."""

    def __init__(self) -> None:
        self._by_path: dict[str, str] = {}

    def remember(self, uri: str) -> str:
        path = path_from_uri(uri)
        self._by_path[path] = uri
        return path

    def uri(self, path: str) -> str:
        return self._by_path.get(path) or uri_from_path(path)
