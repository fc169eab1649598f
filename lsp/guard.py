"""The request guard: a bug in Kiln answers one request with nothing.

Every handler runs inside `guarded_request` / `guarded_notification`. An
exception raised by Kiln's own code is logged to the client
(`window/logMessage`, with the traceback) and the request gets its empty
answer (`None`, `[]`), never a JSON-RPC error and never a dead server. Only
cancellation escapes, so pygls can answer `RequestCancelled`.
"""
from __future__ import annotations

import asyncio
import logging
import os
import time
import traceback
from typing import Any, Awaitable, Callable, TypeVar

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

P = TypeVar("P")
R = TypeVar("R")

logger = logging.getLogger("kiln.lsp")
# Per-request durations: debug for all, info for slow ones
# (KILN_LSP_LOG=info shows the slow requests only).
timing = logging.getLogger("kiln.lsp.timing")
SLOW_MS = 100

Report = Callable[[str], None]

# KILN_LSP_FAULTS=textDocument/hover,... makes those handlers fail as if Kiln
# had a bug there: the end-to-end tests use it to prove the guard holds.
_INJECTED_FAULTS = frozenset(filter(None, os.environ.get("KILN_LSP_FAULTS", "").split(",")))


class InjectedFault(RuntimeError):
    pass


class RequestRefused(JsonRpcException):
    """The user asked for something that cannot be done (rename to `1abc`):
    an error response whose message the editor shows. Not a Kiln bug."""

    CODE = lsp.LSPErrorCodes.RequestFailed.value

    def __init__(self, message: str):
        super().__init__(message=message, code=self.CODE)


def _describe_failure(method: str, exc: BaseException) -> str:
    trace = "".join(traceback.format_exception(exc))
    return (f"kiln: internal error while handling {method}: {type(exc).__name__}: {exc}\n"
            f"This is a bug in Kiln; the request was answered with an empty result.\n{trace}")


def guarded_request(method: str, handler: Callable[[P], R], default: Callable[[], Any],
                    report: Report,
                    settle: Callable[[], Awaitable[None]]) -> Callable[[P], Awaitable[R]]:
    """An async handler for `method` that never fails because of Kiln.

    Before working it awaits `settle`, which returns once the messages
    already read behind this request (a `$/cancelRequest` for it, a newer
    edit) have been dispatched, so a cancelled request does no work at all.
    """

    async def run(params: P) -> R:
        await settle()
        started = time.perf_counter()
        try:
            if method in _INJECTED_FAULTS:
                raise InjectedFault(f"fault injected into {method} (KILN_LSP_FAULTS)")
            return handler(params)
        except (asyncio.CancelledError, RequestRefused):
            raise
        except Exception as exc:  # Kiln's bug: report it, answer empty
            logger.exception("handler for %s failed", method)
            report(_describe_failure(method, exc))
            return default()
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            timing.log(logging.INFO if elapsed > SLOW_MS else logging.DEBUG,
                       "%s took %.1f ms", method, elapsed)

    return run


def guarded_notification(method: str, handler: Callable[[P], None],
                         report: Report) -> Callable[[P], None]:
    """A synchronous notification handler: it runs in arrival order, so an
    edit is applied before any request that follows it starts."""

    def run(params: P) -> None:
        try:
            if method in _INJECTED_FAULTS:
                raise InjectedFault(f"fault injected into {method} (KILN_LSP_FAULTS)")
            handler(params)
        except Exception as exc:
            logger.exception("handler for %s failed", method)
            report(_describe_failure(method, exc))

    return run
