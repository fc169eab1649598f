"""Folded stacks (`--format collapsed`): the input of flamegraph.pl and inferno.

One line per distinct stack: `thread;frame;frame;... count`, root first.
A frame reads `function (file:line)` like py-spy's; compiled frames are
marked `[fn]` and foreign native ones `[native]`, so the tiers stay visible
in any viewer. Semicolons cannot appear inside a frame (they separate
frames), so they are replaced.
"""
from __future__ import annotations

from .flame_tree import thread_label
from .model import Frame, Profile, Tier
from .terminal_report import display_path

TIER_MARK = {Tier.PYTHON: "", Tier.COMPILED: " [fn]", Tier.NATIVE: " [native]"}


def folded_frame(frame: Frame) -> str:
    where = display_path(frame.file) + (f":{frame.line}" if frame.line else "")
    return f"{frame.function}{TIER_MARK[frame.tier]} ({where})".replace(";", ":")


def render_folded(profile: Profile) -> str:
    lines = []
    for sample in profile.samples:
        parts = [thread_label(profile.threads[sample.thread]).replace(";", ":")]
        parts += [folded_frame(f) for f in sample.frames]
        lines.append(f"{';'.join(parts)} {sample.count}")
    return "\n".join(sorted(lines)) + ("\n" if lines else "")
