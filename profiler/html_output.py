"""The self-contained HTML flame graph (`--format html`, the default).

One file that opens offline: the page, `flamegraph.css` and `flamegraph.js`
inlined, the profile as JSON in a `<script type="application/json">`
element, and the top functions and hot lines as plain tables under the
graph. Nothing is fetched from anywhere.
"""
from __future__ import annotations

import html
import json
import os

from .flame_tree import FlameNode, build_tree
from .model import Profile, Tier
from .source_index import SourceCache
from .statistics import function_stats, line_stats
from .terminal_report import display_path, percent

_HERE = os.path.dirname(os.path.abspath(__file__))


def render_html(profile: Profile, sources: SourceCache, summary: str = "") -> str:
    data = {"frames": [], "tree": None}
    index: dict[tuple, int] = {}
    data["tree"] = _encode(build_tree(profile), data["frames"], index)
    title = f"kiln profile: {os.path.basename(profile.program)}"
    return _PAGE.format(
        title=html.escape(title), heading=html.escape(title),
        summary=html.escape(summary or _summary(profile)),
        css=_asset("flamegraph.css"), js=_asset("flamegraph.js"),
        data=_script_json(data),
        functions=_functions_table(profile, sources), lines=_lines_table(profile, sources),
        notes="".join(f"<p>{html.escape(n)}</p>" for n in profile.notes))


def _summary(profile: Profile) -> str:
    threads = len(profile.threads)
    return (f"{display_path(profile.program)}: {profile.total:,} samples at {profile.rate} Hz "
            f"({profile.seconds:.2f} s of busy thread time, {threads} thread{'s' * (threads != 1)})")


def _encode(node: FlameNode, frames: list, index: dict[tuple, int]) -> list:
    if node.frame is None:
        tier = "root" if node.label == "all" else "thread"
        key = (node.label, "", tier)
        frame_id = -1 if tier == "root" else _frame_id(key, frames, index)
    else:
        key = (node.frame.function, display_path(node.frame.file), node.frame.tier.value)
        frame_id = _frame_id(key, frames, index)
    lines = sorted(node.lines.items())
    children = [_encode(c, frames, index) for c in node.sorted_children()]
    return [frame_id, node.total, node.self_count, [list(l) for l in lines], children]


def _frame_id(key: tuple, frames: list, index: dict[tuple, int]) -> int:
    if key not in index:
        index[key] = len(frames)
        frames.append(list(key))
    return index[key]


def _script_json(data: dict) -> str:
    # `</` would end the script element early; JSON allows `<\/`.
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def _asset(name: str) -> str:
    with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
        return fh.read()


def _functions_table(profile: Profile, sources: SourceCache, limit: int = 30) -> str:
    rows = []
    for s in function_stats(profile)[:limit]:
        line = sources.declaration(s.function, s.file, s.tier) or s.first_line
        where = display_path(s.file) + (f":{line}" if line and s.tier is not Tier.NATIVE else "")
        rows.append(f'<tr class="{s.tier.value}"><td>{html.escape(s.function)}</td>'
                    f'<td>{s.tier.value}</td><td class="num">{percent(s.self_count, profile.total)}</td>'
                    f'<td class="num">{percent(s.total_count, profile.total)}</td>'
                    f"<td>{html.escape(where)}</td></tr>")
    head = "<tr><th>function</th><th>tier</th><th>self</th><th>total</th><th>defined at</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def _lines_table(profile: Profile, sources: SourceCache, limit: int = 40) -> str:
    rows = []
    for s in line_stats(profile)[:limit]:
        rows.append(f'<tr class="{s.tier.value}"><td>{html.escape(display_path(s.file))}:{s.line}</td>'
                    f'<td>{s.tier.value}</td><td class="num">{percent(s.self_count, profile.total)}</td>'
                    f'<td class="num">{percent(s.total_count, profile.total)}</td>'
                    f'<td>{html.escape(s.function)}</td>'
                    f'<td class="code">{html.escape(sources.text(s.file, s.line))}</td></tr>')
    head = ("<tr><th>line</th><th>tier</th><th>self</th><th>total</th><th>function</th>"
            "<th>source</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<h1>{heading}</h1>
<div class="summary">{summary}</div>
<div class="controls">
  <input id="search" type="search" placeholder="highlight functions matching...">
  <button id="reset" type="button">Reset zoom</button>
  <span class="legend"><span class="python">Python tier</span><span class="compiled">compiled tier</span><span class="native">native library</span><span class="thread">thread</span></span>
  <span id="status"></span>
</div>
<div class="graph"><canvas id="flame"></canvas></div>
<div id="tooltip" hidden></div>
<h2>Top functions</h2>
{functions}
<h2>Hot lines</h2>
{lines}
<div class="notes">{notes}</div>
<script id="profile-data" type="application/json">{data}</script>
<script>
{js}
</script>
</body>
</html>
"""
