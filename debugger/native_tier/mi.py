"""GDB/MI output records, parsed.

One line of gdb's MI output is one record (GDB manual, "GDB/MI Output
Syntax"): a result record `123^done,k=v`, an async record (`*stopped`,
`=breakpoint-modified`, `+download`), a stream record (`~"text"`) or the
`(gdb)` prompt. Values are C strings, tuples `{k=v,...}` (dicts here) and
lists `[v,...]` or `[k=v,...]` (lists of values; the repeated keys of the
second form carry no information).
"""
from __future__ import annotations

from dataclasses import dataclass, field

_ASYNC_KINDS = {"*": "exec", "+": "status", "=": "notify"}
_STREAM_KINDS = {"~": "console", "@": "target", "&": "log"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v", "e": "\x1b"}


class MISyntaxError(ValueError):
    pass


@dataclass
class MIRecord:
    kind: str                      # result | exec | status | notify | console | target | log | prompt
    token: int | None = None
    cls: str = ""                  # done/running/error/exit, stopped/running, breakpoint-modified, ...
    results: dict = field(default_factory=dict)
    text: str = ""                 # stream records

    @property
    def error_message(self) -> str:
        return str(self.results.get("msg", ""))


def parse_record(line: str) -> MIRecord:
    line = line.rstrip("\r\n")
    if line.strip() == "(gdb)":
        return MIRecord("prompt")
    if line[:1] in _STREAM_KINDS:
        text, end = _Parser(line, 1).c_string()
        return MIRecord(_STREAM_KINDS[line[0]], text=text)
    pos = 0
    while pos < len(line) and line[pos].isdigit():
        pos += 1
    token = int(line[:pos]) if pos else None
    if pos >= len(line):
        raise MISyntaxError(f"not an MI record: {line!r}")
    marker = line[pos]
    if marker == "^":
        kind = "result"
    elif marker in _ASYNC_KINDS:
        kind = _ASYNC_KINDS[marker]
    else:
        raise MISyntaxError(f"not an MI record: {line!r}")
    parser = _Parser(line, pos + 1)
    cls = parser.word()
    results = parser.results_until_end()
    return MIRecord(kind, token, cls, results)


class _Parser:
    def __init__(self, text: str, pos: int):
        self.text = text
        self.pos = pos

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def _expect(self, char: str) -> None:
        if self._peek() != char:
            raise MISyntaxError(f"expected {char!r} at column {self.pos} of {self.text!r}")
        self.pos += 1

    def word(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in ",={}[]\"":
            self.pos += 1
        return self.text[start:self.pos]

    def results_until_end(self) -> dict:
        results: dict = {}
        while self._peek() == ",":
            self.pos += 1
            name, value = self.result()
            results[name] = value
        if self.pos != len(self.text):
            raise MISyntaxError(f"unexpected text at column {self.pos} of {self.text!r}")
        return results

    def result(self) -> tuple[str, object]:
        name = self.word()
        self._expect("=")
        return name, self.value()

    def value(self) -> object:
        char = self._peek()
        if char == '"':
            text, self.pos = self.c_string()
            return text
        if char == "{":
            return self._tuple()
        if char == "[":
            return self._list()
        raise MISyntaxError(f"expected a value at column {self.pos} of {self.text!r}")

    def _tuple(self) -> dict:
        self._expect("{")
        items: dict = {}
        if self._peek() == "}":
            self.pos += 1
            return items
        while True:
            name, value = self.result()
            items[name] = value
            if self._peek() == ",":
                self.pos += 1
                continue
            self._expect("}")
            return items

    def _list(self) -> list:
        self._expect("[")
        items: list = []
        if self._peek() == "]":
            self.pos += 1
            return items
        while True:
            if self._peek() in ('"', "{", "["):
                items.append(self.value())
            else:
                items.append(self.result()[1])
            if self._peek() == ",":
                self.pos += 1
                continue
            self._expect("]")
            return items

    def c_string(self) -> tuple[str, int]:
        """The C string starting at self.pos and the position after it."""
        self._expect('"')
        out = bytearray()
        text, pos = self.text, self.pos
        while pos < len(text):
            char = text[pos]
            if char == '"':
                return out.decode("utf-8", errors="replace"), pos + 1
            if char == "\\" and pos + 1 < len(text):
                nxt = text[pos + 1]
                if nxt in "01234567":
                    digits = text[pos + 1:pos + 4]
                    count = len(digits) - len(digits.lstrip("01234567"))
                    out.append(int(digits[:count], 8) & 0xFF)
                    pos += 1 + count
                    continue
                out += _ESCAPES.get(nxt, nxt).encode("utf-8")
                pos += 2
                continue
            out += char.encode("utf-8")
            pos += 1
        raise MISyntaxError(f"unterminated string in {self.text!r}")


def c_quote(text: str) -> str:
    """`text` as an MI C-string argument."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
