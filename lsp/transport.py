"""Reading the client's messages from stdin.

pygls' own reader reads one header line at a time through the event loop, so
while the loop is busy (checking a big file) nothing is read, and when it is
free again a request starts before the `$/cancelRequest` behind it is even
read. Here a thread reads whole messages as they arrive and queues them on the
loop in order: when the loop gets to them, a request and the cancellation
that follows it are dispatched together and the request never runs.

A message that cannot be decoded is answered (if it was a request) with an
InvalidParams error instead of being dropped, so every request gets a reply.
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from typing import BinaryIO, Callable

from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams
from pygls.protocol import JsonRPCProtocol

logger = logging.getLogger("kiln.lsp")

_MAX_BODY = 256 * 1024 * 1024  # refuse absurd lengths instead of allocating them


def read_message(stream: BinaryIO) -> bytes | None:
    """One JSON-RPC body, or None at end of input."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            if length is None:
                continue  # a blank line without a header: skip it
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                length = None
    if length < 0 or length > _MAX_BODY:
        return b""
    body = stream.read(length)
    return body if len(body) == length else None


class FdReader:
    """`readline`/`read` straight from a file descriptor.

    The reader thread is still blocked in a read when the server exits; a
    `BufferedReader` would then hold its lock during interpreter shutdown,
    which CPython treats as a fatal error. Reading the raw descriptor with
    `os.read` takes no such lock.
    """

    def __init__(self, fd: int, chunk: int = 65536):
        self._fd = fd
        self._chunk = chunk
        self._buffer = bytearray()
        self._eof = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        try:
            data = os.read(self._fd, self._chunk)
        except OSError:
            data = b""
        if not data:
            self._eof = True
            return False
        self._buffer += data
        return True

    def readline(self) -> bytes:
        while (end := self._buffer.find(b"\n")) == -1:
            if not self._fill():
                end = len(self._buffer) - 1
                break
        line = bytes(self._buffer[:end + 1])
        del self._buffer[:end + 1]
        return line

    def read(self, size: int) -> bytes:
        while len(self._buffer) < size and self._fill():
            pass
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


class MessagePump:
    """Moves messages from a reader thread into the event loop, in order."""

    def __init__(self, protocol: JsonRPCProtocol, report: Callable[[Exception], None],
                 on_message: Callable[[], None] = lambda: None):
        self._protocol = protocol
        self._report = report
        self._on_message = on_message
        # Each counter is written by one thread only; their difference is the
        # number of messages read but not dispatched yet.
        self._read = 0
        self._dispatched = 0

    @property
    def pending(self) -> int:
        return self._read - self._dispatched

    async def settle(self, max_rounds: int = 64) -> None:
        """Yield to the loop until every message read so far is dispatched."""
        await asyncio.sleep(0)
        rounds = 1
        while self.pending > 0 and rounds < max_rounds:
            await asyncio.sleep(0)
            rounds += 1

    async def run(self, stream: BinaryIO) -> None:
        loop = asyncio.get_running_loop()
        finished = asyncio.Event()

        def reader() -> None:
            while True:
                body = read_message(stream)
                if body is None:
                    loop.call_soon_threadsafe(finished.set)
                    return
                self._read += 1
                loop.call_soon_threadsafe(self._dispatch, body)

        threading.Thread(target=reader, name="kiln-lsp-reader", daemon=True).start()
        await finished.wait()
        await self._drain()

    async def _drain(self, timeout: float = 5.0) -> None:
        """The client closed our stdin: finish the requests already started
        (their answers may still be read) instead of dropping them."""
        pending = [f for f in self._protocol._request_futures.values()
                   if isinstance(f, asyncio.Future) and not f.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
            await asyncio.sleep(0)  # let the done-callbacks send the replies

    def _dispatch(self, body: bytes) -> None:
        self._dispatched += 1
        self._on_message()
        try:
            message = json.loads(body, object_hook=self._protocol.structure_message)
        except JsonRpcException as exc:
            self._answer_undecodable(body, exc)
            return
        except ValueError as exc:  # not JSON at all
            logger.error("dropping a message that is not JSON: %s", exc)
            return
        try:
            self._protocol.handle_message(message)
        except Exception as exc:
            logger.exception("failed to handle a message")
            self._report(exc)

    def _answer_undecodable(self, body: bytes, exc: JsonRpcException) -> None:
        try:
            raw = json.loads(body)
        except ValueError:
            return
        if isinstance(raw, dict) and "id" in raw and "method" in raw:
            error = JsonRpcInvalidParams(f"cannot decode params of {raw['method']}: {exc}")
            self._protocol._send_response(raw["id"], None, error.to_response_error())
        else:
            logger.error("dropping an undecodable notification: %s", exc)
