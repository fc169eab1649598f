"""Framing of the stdio stream."""
import io

from kiln.lsp.transport import read_message


def check(raw: bytes, expected: list):
    stream = io.BytesIO(raw)
    got = []
    while (body := read_message(stream)) is not None:
        got.append(body)
    assert got == expected


def test_messages_headers_and_end_of_input():
    check(b'Content-Length: 2\r\n\r\n{}Content-Length: 4\r\nContent-Type: x\r\n\r\nnull',
          [b"{}", b"null"])
    check(b'content-length: 2\n\n[]', [b"[]"])  # tolerant of case and bare \n
    check(b'Content-Length: 10\r\n\r\nshort', [])  # truncated body: end of input
    check(b'\r\nContent-Length: 1\r\n\r\n1', [b"1"])
    check(b'Content-Length: -5\r\n\r\nContent-Length: 1\r\n\r\n2', [b"", b"2"])
