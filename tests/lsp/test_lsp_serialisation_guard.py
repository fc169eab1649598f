"""A result the protocol layer cannot serialise still answers the request."""
import json

from kiln.lsp.server import KilnLanguageServer


class Sink:
    def __init__(self):
        self.data = b""

    def write(self, data: bytes) -> None:
        self.data += data


def frames(data: bytes) -> list[dict]:
    out = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def check(result, expected_result, logged: bool):
    server = KilnLanguageServer()
    sink = Sink()
    server.protocol.set_writer(sink)
    server.protocol._send_response("7", result=result)
    messages = frames(sink.data)
    (answer,) = [m for m in messages if m.get("id") == "7"]
    assert answer["result"] == expected_result
    logs = [m for m in messages if m.get("method") == "window/logMessage"]
    assert bool(logs) == logged


def test_unserialisable_result_becomes_null():
    check(object(), None, logged=True)


def test_ordinary_results_pass_through():
    check({"contents": "é"}, {"contents": "é"}, logged=False)
