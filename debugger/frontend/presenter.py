"""How the terminal debugger prints stops, frames, values and breakpoints."""
from __future__ import annotations

import os
from functools import lru_cache


@lru_cache(maxsize=32)
def _lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return tuple(f.read().splitlines())
    except OSError:
        return ()


def source_line(path: str, line: int) -> str:
    lines = _lines(path)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def location(frame: dict) -> str:
    path = (frame.get("source") or {}).get("path", "")
    return f"{os.path.basename(path)}:{frame.get('line', 0)}" if path else "??"


def stop_banner(reason: str, frame: dict, breakpoint_numbers: list[int]) -> str:
    where = f"{frame.get('name', '??')} ({location(frame)})"
    if reason == "breakpoint" and breakpoint_numbers:
        head = f"Breakpoint {', '.join(map(str, breakpoint_numbers))}, {where}"
    elif reason == "exception":
        head = f"Stopped on an exception in {where}"
    else:
        head = where
    return head + "\n" + listing(frame)


def listing(frame: dict) -> str:
    path = (frame.get("source") or {}).get("path", "")
    line = frame.get("line", 0)
    return f"{line:>5} | {source_line(path, line)}" if path else ""


def backtrace(frames: list[dict], selected: int) -> str:
    rows = []
    for index, frame in enumerate(frames):
        marker = "*" if index == selected else " "
        rows.append(f"{marker}#{index:<3}{frame.get('name', '??')} at {location(frame)}")
    return "\n".join(rows)


def variable(item: dict, indent: str = "") -> str:
    kind = f": {item['type']}" if item.get("type") else ""
    return f"{indent}{item['name']}{kind} = {item['value']}"


def breakpoint_row(number: int, path: str, line: int, info: dict | None) -> str:
    state = "" if info is None else ("" if info.get("verified") else f"  (not set: {info.get('message', '')})")
    return f"{number:>3}  {os.path.basename(path)}:{line}{state}"
