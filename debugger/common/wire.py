"""DAP framing: `Content-Length: N\\r\\n\\r\\n` followed by N bytes of UTF-8 JSON.

`MessageStream` reads and writes whole messages on a pair of binary file
objects (stdio, a socket's makefile, pipes). Reads happen on one thread;
writes may come from any thread and are serialized by a lock.
"""
from __future__ import annotations

import json
import threading
from typing import BinaryIO


class ProtocolError(Exception):
    """The peer sent something that is not a DAP message."""


class MessageStream:
    def __init__(self, reader: BinaryIO, writer: BinaryIO):
        self._reader = reader
        self._writer = writer
        self._write_lock = threading.Lock()

    def read(self) -> dict | None:
        """The next message, or None at end of stream."""
        length = None
        while True:
            line = self._reader.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                if length is None:
                    continue            # tolerate stray blank lines between messages
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    raise ProtocolError(f"bad Content-Length header: {line!r}") from None
        body = self._read_exactly(length)
        if body is None:
            return None
        try:
            message = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ProtocolError(f"message body is not JSON: {exc}") from None
        if not isinstance(message, dict):
            raise ProtocolError("message body is not a JSON object")
        return message

    def _read_exactly(self, count: int) -> bytes | None:
        chunks, remaining = [], count
        while remaining > 0:
            chunk = self._reader.read(remaining)
            if not chunk:
                return None
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def write(self, message: dict) -> None:
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        data = b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
        with self._write_lock:
            self._writer.write(data)
            self._writer.flush()

    def close_writer(self) -> None:
        """End the outgoing side. (The reading side is left to its reader
        thread: closing a buffered file another thread is blocked reading
        would wait for that read to finish.)"""
        try:
            self._writer.close()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        for stream in (self._writer, self._reader):
            try:
                stream.close()
            except (OSError, ValueError):
                pass
