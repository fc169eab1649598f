"""The call tree the HTML flame graph draws: one root per thread, then functions.

Threads stay separate roots so `parallelize` workers show as their own
towers beside the main thread. A node is a function (not a line: one box
per call path, as perf and FlameGraph draw it); the lines sampled in it are
kept per node for the tooltip. Children are sorted by name, as flame graphs
conventionally are (the x axis is not time).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .model import Frame, Profile, ThreadInfo


@dataclass
class FlameNode:
    label: str                       # what the flame graph prints
    frame: Frame | None              # None for the root and for thread nodes
    total: int = 0
    self_count: int = 0
    lines: dict[int, int] = field(default_factory=dict)   # line -> samples with this node there
    children: dict[tuple, "FlameNode"] = field(default_factory=dict)

    def child(self, key: tuple, label: str, frame: Frame | None) -> "FlameNode":
        node = self.children.get(key)
        if node is None:
            node = self.children[key] = FlameNode(label, frame)
        return node

    def sorted_children(self) -> list["FlameNode"]:
        return sorted(self.children.values(), key=lambda n: n.label)


def thread_label(info: ThreadInfo) -> str:
    return info.label if info.label == "main thread" else f"{info.label} {info.tid}"


def frame_label(frame: Frame) -> str:
    return frame.function


def build_tree(profile: Profile) -> FlameNode:
    root = FlameNode("all", None)
    for sample in profile.samples:
        info = profile.threads[sample.thread]
        node = root.child(("thread", sample.thread), thread_label(info), None)
        root.total += sample.count
        node.total += sample.count
        for frame in sample.frames:
            key = ("frame", frame.function, frame.file, frame.tier)
            node = node.child(key, frame_label(frame), frame)
            node.total += sample.count
            if frame.line:
                node.lines[frame.line] = node.lines.get(frame.line, 0) + sample.count
        node.self_count += sample.count
    return root
