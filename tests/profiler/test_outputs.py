"""The flame graph outputs and the hot-lines JSON are well-formed, carry the
profile's numbers, and the HTML page is self-contained and actually draws."""
from __future__ import annotations

import html.parser
import json
import re
import shutil
import subprocess

import pytest

from kiln.profiler.folded_output import render_folded
from kiln.profiler.hot_lines_json import hot_lines_path, render_hot_lines
from kiln.profiler.html_output import render_html
from kiln.profiler.speedscope_output import render_speedscope

from .recorded import load


@pytest.fixture(scope="module")
def mixed():
    return load("mixed")


def test_folded_lines_are_stack_space_count(mixed):
    text = render_folded(mixed.profile)
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        assert count.isdigit() and int(count) > 0 and len(frames) >= 2
        assert frames[0] in ("main thread", *(f"parallelize worker {t}" for t in mixed.profile.threads))
        total += int(count)
    assert total == mixed.profile.total
    assert re.search(r";driver \(.*mixed\.kiln:42\);hot_loop \[fn\] \(.*mixed\.kiln:15\);"
                     r"inner \[fn\] \(.*mixed\.kiln:8\) \d+$", text, re.M)


def test_speedscope_document_is_consistent(mixed):
    doc = json.loads(render_speedscope(mixed.profile))
    assert doc["$schema"].endswith("file-format-schema.json")
    frames = doc["shared"]["frames"]
    assert all(isinstance(f["name"], str) and f["file"] for f in frames)
    names = [p["name"] for p in doc["profiles"]]
    assert names[0] == "main thread" and any(n.startswith("parallelize worker") for n in names)
    seconds = 0.0
    for profile in doc["profiles"]:
        assert profile["type"] == "sampled" and profile["unit"] == "seconds"
        assert len(profile["samples"]) == len(profile["weights"])
        assert all(0 <= i < len(frames) for stack in profile["samples"] for i in stack)
        seconds += sum(profile["weights"])
    assert seconds == pytest.approx(mixed.profile.total / mixed.profile.rate)
    inner = [f for f in frames if f["name"] == "inner [fn]"]
    assert inner and all(f["file"].endswith("mixed.kiln") and f["line"] in (7, 8) for f in inner)


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.data_script = ""
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        self._in_data = tag == "script" and attrs.get("id") == "profile-data"

    def handle_endtag(self, tag):
        self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_script += data


def test_html_page_is_self_contained(mixed):
    page = render_html(mixed.profile, mixed.sources)
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", page, re.I)
    parser = _Page()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert "src" not in attrs and "href" not in attrs, (tag, attrs)
        assert tag not in ("link", "iframe", "img", "object", "embed")
    data = json.loads(parser.data_script)
    root = data["tree"]
    assert root[1] == mixed.profile.total
    threads = [data["frames"][child[0]][0] for child in root[4]]
    assert "main thread" in threads and any(t.startswith("parallelize worker") for t in threads)
    assert "acc = acc * 1.0000001 + 0.5" in page      # the hot line's text, in the table


def test_html_tree_sums(mixed):
    page = render_html(mixed.profile, mixed.sources)
    parser = _Page()
    parser.feed(page)
    data = json.loads(parser.data_script)

    def walk(node):
        frame_id, total, self_count, lines, children = node
        assert total == self_count + sum(c[1] for c in children)
        for child in children:
            walk(child)
    walk(data["tree"])


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium")
def test_html_renders_in_a_browser(mixed, tmp_path):
    path = tmp_path / "profile.html"
    path.write_text(render_html(mixed.profile, mixed.sources))
    proc = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                           "--window-size=1200,800", "--dump-dom", path.as_uri()],
                          capture_output=True, text=True, timeout=60)
    match = re.search(r'<body data-boxes="(\d+)"', proc.stdout)
    assert match, proc.stderr[-2000:]
    assert int(match.group(1)) >= 8        # root, 2 threads, main/driver/hot_loop/inner, ...


def test_hot_lines_json(mixed):
    doc = json.loads(render_hot_lines(mixed.profile, mixed.sources))
    assert doc["version"] == 1 and doc["samples"] == mixed.profile.total
    top = doc["lines"][0]
    assert (top["line"], top["tier"], top["function"]) == (8, "compiled", "inner")
    assert top["file"].endswith("mixed.kiln") and top["text"] == "acc = acc * 1.0000001 + 0.5"
    tiers = {(entry["line"], entry["tier"]) for entry in doc["lines"]}
    assert (35, "python") in tiers and (34, "python") in tiers
    selfs = [entry["self"] for entry in doc["lines"]]
    assert selfs == sorted(selfs, reverse=True)


@pytest.mark.parametrize("output,expected", [
    ("out/prog.profile.html", "out/prog.profile.lines.json"),
    ("prog.speedscope.json", "prog.lines.json"),
    ("prog.folded", "prog.lines.json"),
])
def test_hot_lines_path(output, expected):
    assert hot_lines_path(output) == expected
