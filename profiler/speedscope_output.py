"""speedscope JSON (`--format speedscope`), for https://www.speedscope.app or
its offline build: one "sampled" profile per thread, frames shared.

Frames carry `file` and `line`; the tier is in the name (`inner [fn]`), as
in the folded output, because speedscope has no field for it.
"""
from __future__ import annotations

import json

from .flame_tree import thread_label
from .folded_output import TIER_MARK
from .model import Frame, Profile

SCHEMA = "https://www.speedscope.app/file-format-schema.json"


def render_speedscope(profile: Profile, name: str = "") -> str:
    index: dict[Frame, int] = {}
    frames: list[dict] = []

    def frame_id(frame: Frame) -> int:
        if frame not in index:
            index[frame] = len(frames)
            entry = {"name": frame.function + TIER_MARK[frame.tier], "file": frame.file}
            if frame.line:
                entry["line"] = frame.line
            frames.append(entry)
        return index[frame]

    per_thread: dict[int, tuple[list, list]] = {}
    for sample in profile.samples:
        stacks, weights = per_thread.setdefault(sample.thread, ([], []))
        stacks.append([frame_id(f) for f in sample.frames])
        weights.append(sample.count / profile.rate)
    profiles = []
    for tid in sorted(per_thread, key=lambda t: (profile.threads[t].label != "main thread", t)):
        stacks, weights = per_thread[tid]
        profiles.append({"type": "sampled", "name": thread_label(profile.threads[tid]),
                         "unit": "seconds", "startValue": 0, "endValue": sum(weights),
                         "samples": stacks, "weights": weights})
    document = {"$schema": SCHEMA, "shared": {"frames": frames}, "profiles": profiles,
                "activeProfileIndex": 0, "exporter": "kiln profile",
                "name": name or f"kiln profile {profile.program}"}
    return json.dumps(document, separators=(",", ":"))
