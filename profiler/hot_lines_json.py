"""The hot lines as JSON, for editors that mark them (the VS Code extension).

Written next to every flame graph as `<output stem>.lines.json`:

    {"version": 1, "program": "/abs/prog.kiln", "rate": 1000, "samples": 11778,
     "lines": [{"file": "/abs/prog.kiln", "line": 8, "tier": "compiled",
                "function": "inner", "self": 3792, "total": 3810,
                "self_percent": 32.2, "total_percent": 32.3,
                "text": "acc = acc * 1.0000001 + 0.5"}, ...]}

Lines are sorted by `self`, then `total`; paths are absolute; percentages
are of all the program's samples; `tier` is "python" or "compiled".
"""
from __future__ import annotations

import json
import os

from .model import Profile
from .source_index import SourceCache
from .statistics import line_stats

VERSION = 1


def hot_lines_path(output: str) -> str:
    stem, _ = os.path.splitext(output)
    if stem.endswith(".speedscope"):
        stem = stem[: -len(".speedscope")]
    return stem + ".lines.json"


def render_hot_lines(profile: Profile, sources: SourceCache) -> str:
    total = profile.total
    lines = [{
        "file": s.file, "line": s.line, "tier": s.tier.value, "function": s.function,
        "self": s.self_count, "total": s.total_count,
        "self_percent": round(100.0 * s.self_count / total, 2) if total else 0.0,
        "total_percent": round(100.0 * s.total_count / total, 2) if total else 0.0,
        "text": sources.text(s.file, s.line),
    } for s in line_stats(profile)]
    document = {"version": VERSION, "program": profile.program, "rate": profile.rate,
                "samples": total, "lines": lines}
    return json.dumps(document, indent=1)
