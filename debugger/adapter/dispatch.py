"""Requests to handler methods named after the protocol message:
`launch` -> `launch_request(request)`. A handler returns the response body
(or None); a RequestError becomes a failure response with its message; any
other exception is a Kiln bug, answered as one and logged, and the adapter
keeps serving."""
from __future__ import annotations

import sys
import traceback
from typing import Iterable

from .protocol import ClientChannel, Request, RequestError

DEFERRED = object()        # the handler answers later itself


class Dispatcher:
    def __init__(self, channel: ClientChannel, handler_objects: Iterable[object]):
        self._channel = channel
        self._handlers: dict[str, object] = {}
        for obj in handler_objects:
            for attr in dir(obj):
                if attr.endswith("_request") and callable(getattr(obj, attr)):
                    self._handlers[attr[: -len("_request")]] = getattr(obj, attr)

    def supports(self, command: str) -> bool:
        return command in self._handlers

    def dispatch(self, request: Request) -> None:
        handler = self._handlers.get(request.command)
        if handler is None:
            self._channel.fail(request, f"the Kiln debugger does not support the `{request.command}` request")
            return
        try:
            body = handler(request)
        except RequestError as exc:
            self._channel.fail(request, str(exc))
            return
        except Exception as exc:  # a bug in the adapter: answer, log, keep going
            print(f"kiln debug adapter: internal error in `{request.command}`:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            self._channel.fail(request, f"internal error in the Kiln debug adapter ({type(exc).__name__}: {exc}); "
                                        "this is a bug in Kiln, please report it")
            return
        if body is not DEFERRED:
            self._channel.respond(request, body)
