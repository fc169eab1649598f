"""Latency of `kiln lsp` while typing in a big file.

    .venv/bin/python benchmarks/lsp_latency.py [--lines 5000] [--edits 100] [--memory-edits 1000]

Starts the real server (`python -m kiln lsp`) over stdio, opens a generated
Kiln file of about 5,000 lines (structs, fns, defs calling fns), and then, for
each round: makes a one-character edit and measures

  * time to diagnostics: from sending `didChange` to receiving the
    `publishDiagnostics` for that version (includes the debounce);
  * definition, hover, completion and references response times, asked right
    after the diagnostics arrived (the analysis is current);
  * hover asked immediately after an edit (includes re-analysis);

then reports p50/p95 of each. Two more scenarios are reported separately,
one keystroke at a time (waiting for each keystroke's diagnostics):

  * typing a short statement on a new line inside an `fn` body, which passes
    through states that do not parse (`x = count3(`, `if acc ==`);
  * typing a statement inside a Python-tier `def` body;

each with the time to diagnostics and the server's CPU per keystroke. Last,
the server's resident memory (VmRSS) after a warm-up and after
`--memory-edits` more edits. Targets (issue 5): diagnostics
p95 < 150 ms, definition/hover p95 < 30 ms, completion p95 < 80 ms, no memory
growth after warm-up.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

TARGETS_MS = {"diagnostics": 150, "definition": 30, "hover": 30, "completion": 80,
              "diagnostics, typing in an fn body": 150, "diagnostics, typing in a def body": 150}


def generate(lines: int) -> str:
    """A plausible module: each block a struct with methods, a few fns that
    use it (vars, loops, calls to earlier blocks) and a def that calls them."""
    out = ['"""Generated for the LSP latency benchmark."""', "", "alias Limit = 64", ""]
    block = 0
    while len(out) < lines:
        b = block
        prev = max(0, b - 1)
        out += [
            f"struct Vec{b}:",
            "    var x: Float64",
            "    var y: Float64",
            "",
            "    fn __init__(inout self, x: Float64, y: Float64):",
            "        self.x = x",
            "        self.y = y",
            "",
            "    fn dot(self, other: Self) -> Float64:",
            '        """Dot product."""',
            "        return self.x * other.x + self.y * other.y",
            "",
            "",
            f"fn norm{b}(v: Vec{b}) -> Float64:",
            "    var total = v.dot(v)",
            "    return total",
            "",
            "",
            f"fn accumulate{b}(n: Int) -> Int:",
            "    var acc = 0",
            "    for i in range(n):",
            "        if i % 3 == 0:",
            "            acc += i * 2",
            "        else:",
            "            acc -= 1",
            f"    return acc + count{prev}(n)" if b > 0 else "    return acc",
            "",
            "",
            f"fn count{b}(n: Int) -> Int:",
            "    let half = n // 2",
            "    return half + 1",
            "",
            "",
            f"def report{b}(values):",
            f'    """Python-tier caller of block {b}."""',
            "    total = 0",
            "    for value in values:",
            f"        total += accumulate{b}(value)",
            f"    return norm{b}(Vec{b}(1.0, 2.0)) + total",
            "",
            "",
        ]
        block += 1
    return "\n".join(out) + "\n"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) the process has used so far: unlike wall
    time, it does not grow when other processes load the machine."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Bench:
    def __init__(self, client: LanguageClient, uri: str, text: str, pid: int = 0):
        self.client = client
        self.pid = pid
        self.uri = uri
        self.text = text
        self.version = 1
        self.published: dict[int, float] = {}
        self.samples: dict[str, list[float]] = {}

        @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_publish(params: lsp.PublishDiagnosticsParams):
            if params.uri == self.uri and params.version is not None:
                self.published.setdefault(params.version, time.perf_counter())

    def position(self, marker: str, delta: int = 0) -> lsp.Position:
        index = self.text.index(marker) + delta
        line = self.text.count("\n", 0, index)
        return lsp.Position(line=line, character=index - (self.text.rfind("\n", 0, index) + 1))

    def edit_one_char(self, round_no: int) -> int:
        """Toggle one digit inside a literal deep in the file: a one-character
        edit that keeps the file valid, like fixing a typo."""
        marker = "acc += i * "
        index = self.text.index(marker, len(self.text) // 2) + len(marker)
        new = "3" if self.text[index] == "2" else "2"
        start = self.position_at(index)
        self.text = self.text[:index] + new + self.text[index + 1:]
        self.version += 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=start, end=lsp.Position(line=start.line,
                                                              character=start.character + 1)),
                text=new)]))
        return self.version

    def position_at(self, index: int) -> lsp.Position:
        line = self.text.count("\n", 0, index)
        return lsp.Position(line=line, character=index - (self.text.rfind("\n", 0, index) + 1))

    async def wait_published(self, version: int, timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while version not in self.published:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no diagnostics for version {version}")
            await asyncio.sleep(0.0005)
        return self.published[version]

    async def timed(self, name: str, method: str, params) -> None:
        start = time.perf_counter()
        await self.client.protocol.send_request_async(method, params)
        self.samples.setdefault(name, []).append((time.perf_counter() - start) * 1000)

    async def round(self, round_no: int) -> None:
        doc = lsp.TextDocumentIdentifier(uri=self.uri)
        sent = time.perf_counter()
        cpu_before = cpu_ms(self.pid)
        version = self.edit_one_char(round_no)
        if round_no % 2:
            await self.timed("hover right after the edit", lsp.TEXT_DOCUMENT_HOVER,
                             lsp.HoverParams(text_document=doc, position=self.call_site()))
        arrived = await self.wait_published(version)
        self.samples.setdefault("diagnostics", []).append((arrived - sent) * 1000)
        self.samples.setdefault("server CPU per edit round", []).append(
            cpu_ms(self.pid) - cpu_before)
        at = self.call_site()
        await self.timed("definition", lsp.TEXT_DOCUMENT_DEFINITION,
                         lsp.DefinitionParams(text_document=doc, position=at))
        await self.timed("hover", lsp.TEXT_DOCUMENT_HOVER,
                         lsp.HoverParams(text_document=doc, position=at))
        await self.timed("completion", lsp.TEXT_DOCUMENT_COMPLETION,
                         lsp.CompletionParams(text_document=doc, position=self.member_site()))
        await self.timed("references", lsp.TEXT_DOCUMENT_REFERENCES,
                         lsp.ReferenceParams(text_document=doc, position=at,
                                             context=lsp.ReferenceContext(include_declaration=True)))

    def replace_range(self, start: int, end: int, new: str) -> int:
        """One didChange replacing text[start:end] (character offsets)."""
        first, last = self.position_at(start), self.position_at(end)
        self.text = self.text[:start] + new + self.text[end:]
        self.version += 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[lsp.TextDocumentContentChangePartial(
                range=lsp.Range(start=first, end=last), text=new)]))
        return self.version

    async def keystroke(self, kind: str, start: int, end: int, new: str) -> None:
        sent = time.perf_counter()
        cpu_before = cpu_ms(self.pid)
        version = self.replace_range(start, end, new)
        arrived = await self.wait_published(version)
        self.samples.setdefault(f"diagnostics, typing in {kind}", []).append((arrived - sent) * 1000)
        self.samples.setdefault(f"server CPU per key, {kind}", []).append(
            cpu_ms(self.pid) - cpu_before)

    async def type_statement(self, kind: str, anchor: str, statement: str, round_no: int) -> None:
        """Enter on the line before `anchor` (a body line in the second half
        of the file), the statement one character at a time, then the line
        deleted again (not measured)."""
        found, at = [], self.text.find(anchor, len(self.text) // 2)
        while at >= 0:
            found.append(at)
            at = self.text.find(anchor, at + 1)
        line = found[(7 * round_no) % len(found)]
        indent = anchor[:len(anchor) - len(anchor.lstrip())]
        await self.keystroke(kind, line, line, indent + "\n")
        at = line + len(indent)
        for char in statement:
            await self.keystroke(kind, at, at, char)
            at += 1
        version = self.replace_range(line, at + 1, "")
        await self.wait_published(version)

    def call_site(self) -> lsp.Position:
        middle = self.text.index("total += accumulate", len(self.text) // 2)
        return self.position_at(middle + len("total += accu"))

    def member_site(self) -> lsp.Position:
        middle = self.text.index("var total = v.dot(v)", len(self.text) // 2)
        return self.position_at(middle + len("var total = v."))


async def run(args) -> int:
    text = generate(args.lines)
    folder = Path(tempfile.mkdtemp(prefix="kiln-lsp-bench-"))
    path = folder / "big.kiln"
    path.write_text(text)
    client = LanguageClient("kiln-bench", "1")
    bench = Bench(client, path.as_uri(), text)
    await client.start_io(sys.executable, "-m", "kiln", "lsp")
    pid = bench.pid = client._server.pid
    # pygls pipes the server's stderr: read it, or a chatty server blocks.
    drain = asyncio.ensure_future(forward_stderr(client._server.stderr))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    await client.initialize_async(lsp.InitializeParams(
        capabilities=lsp.ClientCapabilities(), root_uri=folder.as_uri(),
        workspace_folders=[lsp.WorkspaceFolder(uri=folder.as_uri(), name="bench")]))
    client.initialized(lsp.InitializedParams())
    opened = time.perf_counter()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
        uri=bench.uri, language_id="kiln", version=1, text=text)))
    first = await bench.wait_published(1, timeout=120)
    print(f"file: {text.count(chr(10))} lines, {len(text.encode())} bytes; "
          f"first diagnostics after open: {(first - opened) * 1000:.0f} ms")

    for i in range(args.warmup):
        await bench.round(i)
    bench.samples.clear()
    for i in range(args.edits):
        await bench.round(i)
    for i in range(args.typing_rounds):
        await bench.type_statement("an fn body", "    return acc + count",
                                   "x = count1(n) + acc * 2", i)
        await bench.type_statement("a def body", "    return norm",
                                   "scale = total * 2 + len(values)", i)
    report(bench.samples)
    print(f"load average {os.getloadavg()[0]:.1f} at the end (wall times grow with it; "
          "the server's CPU time per round does not)")

    await memory(bench, pid, args.memory_edits, args.settle_seconds)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    drain.cancel()
    return 0


async def forward_stderr(stream) -> None:
    while line := await stream.readline():
        sys.stderr.write(line.decode("utf-8", "replace"))


async def settled_rss(pid: int, settle: float) -> float:
    """RSS once the server has been idle long enough to collect garbage (it
    defers full collections while the user types), i.e. what it keeps."""
    await asyncio.sleep(settle)
    return rss_mb(pid)


async def memory(bench: Bench, pid: int, edits: int, settle: float) -> None:
    """`edits` more one-character edits at a fast typist's pace (30 ms apart),
    waiting for the diagnostics of every 10th version so the server really
    re-checks along the way, with the settled RSS at four checkpoints."""
    before = await settled_rss(pid, settle)
    checkpoints = []
    for i in range(edits):
        version = bench.edit_one_char(i)
        if i % 10 == 9:
            await bench.wait_published(version)
        else:
            await asyncio.sleep(0.03)
        if (i + 1) % max(1, edits // 4) == 0:
            during = rss_mb(pid)
            checkpoints.append((i + 1, during, await settled_rss(pid, settle)))
    print(f"\nmemory (VmRSS of the server, settled = after {settle} s idle): "
          f"{before:.1f} MB after warm-up")
    for count, during, settled in checkpoints:
        print(f"  after {count:5d} more edits: {settled:.1f} MB settled "
              f"({settled - before:+.1f} MB), {during:.1f} MB while typing")
    print(f"  peak (VmHWM): {peak_mb(pid):.1f} MB")


def peak_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report(samples: dict[str, list[float]]) -> None:
    print(f"\n{'measure':36} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target p95")
    for name, values in samples.items():
        target = TARGETS_MS.get(name)
        verdict = ""
        if target is not None:
            verdict = f"< {target} ms " + ("ok" if percentile(values, 0.95) < target else "MISSED")
        print(f"{name:36} {len(values):5d} {statistics.median(values):8.1f} "
              f"{percentile(values, 0.95):8.1f} {max(values):8.1f}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=5000)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--memory-edits", type=int, default=1000)
    parser.add_argument("--typing-rounds", type=int, default=3,
                        help="statements typed per scenario (fn body, def body)")
    parser.add_argument("--settle-seconds", type=float, default=1.5,
                        help="idle time before reading the settled memory")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
