"""`kiln lsp`: the pygls server, its wiring, and the stdio entry point.

The server owns one `Session` (documents + the compiler's analysis workspace)
and registers one guarded handler per LSP method from `handlers/`.
"""
from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import sys
from typing import BinaryIO

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInternalError, JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from kiln import __version__

from .guard import RequestRefused, guarded_notification, guarded_request
from .handlers import all_features
from .idle_gc import IdleCollector
from .indexer import WorkspaceIndexer
from .publisher import DiagnosticsPublisher
from .session import Session
from .transport import FdReader, MessagePump

logger = logging.getLogger("kiln.lsp")


class KilnProtocol(LanguageServerProtocol):
    """pygls' protocol without its own copy of every document (the session's
    `DocumentStore` is the one store, so an edit is applied once), and with a
    last line of defence for answers that cannot be serialised."""

    def _send_data(self, data) -> None:
        # pygls logs a result it cannot serialise and sends nothing, leaving
        # the client waiting forever; a Kiln bug should cost one empty answer.
        if not data or self.writer is None:
            return super()._send_data(data)
        try:
            body = json.dumps(data, default=self._serialize_message)
        except Exception as exc:
            msg_id = getattr(data, "id", None)
            logger.exception("cannot serialise a message to the client")
            self._server.report_server_error(exc, JsonRpcInternalError)
            if msg_id is None or not hasattr(data, "result"):
                return
            body = json.dumps({"jsonrpc": "2.0", "id": msg_id, "result": None})
        self.writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body.encode()))
        self.on_send()

    def on_send(self) -> None:
        """Hook: called after each message to the client."""

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams):
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class KilnLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("kiln", __version__, protocol_cls=KilnProtocol,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental)
        self.collector = IdleCollector()
        self.pump = MessagePump(self.protocol, self._report_transport_error,
                                on_message=self.collector.activity)
        self.protocol.on_send = self.collector.activity
        self.session = Session(self)
        self.session.publisher = DiagnosticsPublisher(
            self.session, lambda: self.pump.pending,
            before_check=self.collector.collect_if_over_budget)
        self.session.indexer = WorkspaceIndexer(self.session)
        self._register_features()

    def _register_features(self) -> None:
        report = self.session.log_error
        for feature in all_features():
            bound = functools.partial(feature.handler, self.session)
            if feature.synchronous:
                handler = guarded_notification(feature.method, bound, report)
            else:
                handler = guarded_request(feature.method, bound, feature.empty, report,
                                          self.pump.settle)
            self.feature(feature.method, feature.options)(handler)

    def report_server_error(self, error: Exception, source) -> None:
        # pygls would pop up a message box; a log line is enough for our bugs.
        if isinstance(error, (RequestRefused, JsonRpcMethodNotFound)):
            # the user's request could not be done (the editor shows the
            # error response) or the client asked for a method we do not
            # offer: neither is a bug in Kiln
            logger.info("request refused: %s", error)
            return
        logger.error("server error (%s): %s", getattr(source, "__name__", source), error)
        try:
            self.session.log_error(f"kiln: internal error: {error}")
        except Exception:
            pass

    def _report_transport_error(self, error: Exception) -> None:
        self.report_server_error(error, MessagePump)

    # -- running ---------------------------------------------------------------------
    def serve(self, stdin, stdout: BinaryIO) -> None:
        from pygls.io_ import StdoutWriter

        self.protocol.set_writer(StdoutWriter(stdout))
        self.collector.start()
        try:
            asyncio.run(self.pump.run(stdin))
        except BrokenPipeError:
            logger.error("the client went away")
        finally:
            self.collector.stop()
            self.shutdown()


def serve_stdio() -> int:
    """Run the server on this process's stdin/stdout until `exit`.

    Anything Kiln's code prints goes to stderr: stdout carries the protocol,
    and one stray `print` would corrupt it.
    """
    _configure_logging()
    stdin, stdout = FdReader(sys.stdin.fileno()), sys.stdout.buffer
    sys.stdout = sys.stderr
    server = KilnLanguageServer()
    try:
        server.serve(stdin, stdout)
    except SystemExit as exc:  # the `exit` notification
        return exc.code if isinstance(exc.code, int) else 0
    return 0 if server.protocol._shutdown else 1


def _configure_logging() -> None:
    """Warnings and worse to stderr (editors show it in the server's output
    channel); KILN_LSP_LOG=info adds slow requests, =debug everything,
    pygls' chatter included."""
    requested = os.environ.get("KILN_LSP_LOG")
    level = getattr(logging, (requested or "WARNING").upper(), logging.WARNING)
    logging.basicConfig(stream=sys.stderr, level=level,
                        format="kiln-lsp %(levelname)s %(name)s: %(message)s")
    if level > logging.DEBUG:
        # pygls warns about routine events (a late reply after shutdown, a
        # cancel for a finished request) and logs every message at info:
        # keep stderr for real problems unless debugging.
        logging.getLogger("pygls").setLevel(logging.ERROR)
    # pygls logs the traceback of every error response; a refused rename is
    # the user's, not a bug worth a traceback in the output channel.
    logging.getLogger("pygls.protocol.json_rpc").addFilter(_not_refused)


def _not_refused(record: logging.LogRecord) -> bool:
    exc = record.exc_info[1] if record.exc_info else None
    return not isinstance(exc, RequestRefused)
