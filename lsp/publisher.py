"""Diagnostics for open documents: debounced push, and the pull model.

Push (`textDocument/publishDiagnostics`): an edit after a quiet spell is
checked at once (leading edge: a lone keystroke should not wait out a
timer); an edit that follows another within the debounce re-arms a short
timer, so a burst is checked once at its end. When the check runs, the edited documents are checked first, then the other open
documents (an edit in `a.kiln` can fix or break `b.kiln`, which imports it;
the analysis core's caches make the unaffected ones cheap). A document is only
re-published, if it was not edited, when its diagnostics changed. If more edits are already queued
when the timer fires, checking waits for them instead of reporting on a text
that is about to change.

Once the edited document is published, and if no message is waiting, the
publisher asks for its reference index (`_warm`) so that the first go-to or
hover after a re-check does not pay for sorting it (semantic-api.md, item 13).

Pull (`textDocument/diagnostic`): used instead of push when the client
supports it (pushing as well would show every problem twice in VS Code); a
report carries a result id so an unchanged file is answered "unchanged".
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from typing import TYPE_CHECKING, Callable

from lsprotocol import types as lsp

from .guard import SLOW_MS, timing

if TYPE_CHECKING:
    from .session import Session

_MAX_POSTPONES = 5


def fingerprint(items: list[lsp.Diagnostic], unstructure: Callable) -> str:
    """A short digest of a diagnostics list: the pull model's result id, and
    how push notices that nothing changed."""
    data = json.dumps(unstructure(items), sort_keys=True)
    return hashlib.blake2b(data.encode(), digest_size=12).hexdigest()


class DiagnosticsPublisher:
    def __init__(self, session: "Session", pending_messages: Callable[[], int],
                 before_check: Callable[[], None] = lambda: None):
        self._session = session
        self._pending_messages = pending_messages
        # Called before a burst of checks (the idle collector's forced
        # collection, if one is due, lands where the user already waits).
        self._before_check = before_check
        self._dirty: list[str] = []      # URIs, most recently edited first
        self._timer: asyncio.TimerHandle | None = None
        self._postponed = 0
        self._published: dict[str, str] = {}  # URI -> fingerprint
        self._last_edit = float("-inf")       # time.monotonic() of the last schedule
        self.push = True

    # -- push --------------------------------------------------------------------
    def schedule(self, uri: str, immediately: bool = False) -> None:
        if uri in self._dirty:
            self._dirty.remove(uri)
        self._dirty.insert(0, uri)
        if not self.push:
            return
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(
            self._delay(immediately), self._fire)

    def _delay(self, immediately: bool) -> float:
        """Seconds to wait before checking: none for the first edit after a
        quiet spell, the debounce for an edit hard on the heels of another.
        (Edits already queued behind are coalesced by `_fire` either way.)"""
        now = time.monotonic()
        debounce = self._session.settings.diagnostics.debounce_ms / 1000
        in_burst = now - self._last_edit < debounce
        self._last_edit = now
        return debounce if in_burst and not immediately else 0

    def schedule_all(self) -> None:
        for doc in self._session.documents:
            self.schedule(doc.uri, immediately=True)

    def refresh(self) -> None:
        """Something outside the open buffers changed (the index finished, a
        file changed on disk): every open document may need new diagnostics."""
        if self.push:
            self.schedule_all()
        elif self._session.client.diagnostic_refresh:
            self._session.server.workspace_diagnostic_refresh(None)

    def forget(self, uri: str) -> None:
        """A closed document: clear what the client shows for it."""
        if uri in self._dirty:
            self._dirty.remove(uri)
        self._published.pop(uri, None)
        if self.push:
            self._send(uri, None, [])

    def _fire(self) -> None:
        self._timer = None
        if self._pending_messages() > 0 and self._postponed < _MAX_POSTPONES:
            # Edits are queued behind us: let them land, then check once.
            self._postponed += 1
            self._timer = asyncio.get_running_loop().call_later(0.005, self._fire)
            return
        self._postponed = 0
        self._before_check()
        first, self._dirty = self._dirty, []
        others = [d.uri for d in self._session.documents if d.uri not in first]
        for uri in first:
            self._publish(uri, always=True)
        if first:
            asyncio.get_running_loop().call_soon(self._warm, first[0])
        for uri in others:
            self._publish(uri, always=False)

    def _warm(self, uri: str) -> None:
        """Build the edited document's reference index while the user reads
        the diagnostics, instead of inside their next definition or hover.
        Skipped when a message is waiting (it may be an edit: this would then
        re-check a text about to change, or delay a request)."""
        doc = self._session.documents.get(uri)
        if doc is None or self._pending_messages() > 0 or self._timer is not None:
            return
        try:
            # No dedicated entry point exists: a lookup sorts the references
            # once per analysis, and offset 0 (the module's start) is cheap.
            self._session.analysis.definition(doc.path, 0)
        except Exception as exc:  # a Kiln bug here must not reach the loop
            self._session.log_error(f"kiln: internal error preparing {uri}: {exc!r}")

    def _publish(self, uri: str, always: bool) -> None:
        """Edited documents are always answered, so the client knows the
        diagnostics it has are current for the new version; the others only
        when what they show has changed."""
        doc = self._session.documents.get(uri)
        if doc is None:
            return
        started = time.perf_counter()
        try:
            items = self.compute(uri)
        except Exception as exc:  # a Kiln bug must not stop the other files
            self._session.log_error(f"kiln: internal error computing diagnostics for {uri}: {exc!r}")
            return
        elapsed = (time.perf_counter() - started) * 1000
        timing.log(logging.INFO if elapsed > SLOW_MS else logging.DEBUG,
                   "diagnostics of %s (v%s) took %.1f ms", uri, doc.version, elapsed)
        mark = self._fingerprint(items)
        if not always and self._published.get(uri) == mark:
            return
        self._published[uri] = mark
        self._send(uri, doc.version, items)

    def _send(self, uri: str, version: int | None, items: list[lsp.Diagnostic]) -> None:
        self._session.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=version))

    # -- shared by push and pull --------------------------------------------------
    def compute(self, uri: str) -> list[lsp.Diagnostic]:
        session = self._session
        path = session.path_of(uri)
        return session.converter.diagnostics(session.analysis.diagnostics(path))

    def _fingerprint(self, items: list[lsp.Diagnostic]) -> str:
        return fingerprint(items, self._session.server.protocol._converter.unstructure)

    # -- pull ----------------------------------------------------------------------
    def report(self, uri: str, previous_id: str | None) -> lsp.DocumentDiagnosticReport:
        items = self.compute(uri)
        mark = self._fingerprint(items)
        asyncio.get_running_loop().call_soon(self._warm, uri)
        if previous_id == mark:
            return lsp.RelatedUnchangedDocumentDiagnosticReport(result_id=mark)
        return lsp.RelatedFullDocumentDiagnosticReport(items=items, result_id=mark)
