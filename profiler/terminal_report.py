"""The report `kiln profile` prints: top functions, threads, hot lines.

Hot lines are shown per file, the Python tier's lines (`def`, top-level
code) on the left and the compiled tier's (`fn`) on the right, so the two
halves of one program read side by side; a file with one tier gets one
column.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass

from .model import Profile, Tier
from .source_index import SourceCache
from .statistics import FunctionStat, LineStat, function_stats, line_stats, thread_stats

_TIER_WORD = {Tier.PYTHON: "python", Tier.COMPILED: "compiled", Tier.NATIVE: "native"}


@dataclass(frozen=True)
class ReportOptions:
    width: int = 0               # 0: the terminal's width
    functions: int = 12
    files: int = 3
    lines_per_tier: int = 8


def render_report(profile: Profile, sources: SourceCache, options: ReportOptions = ReportOptions(),
                  header_extra: str = "") -> str:
    width = options.width or max(80, shutil.get_terminal_size((120, 24)).columns)
    out = [_header(profile, header_extra), ""]
    if not profile.total:
        out.append("No samples in the program's code (it ran too briefly to be sampled).")
        return "\n".join(out + _notes(profile)) + "\n"
    out += _functions(profile, sources, options.functions)
    out += _threads(profile)
    out += _hot_lines(profile, sources, options, width)
    return "\n".join(out + _notes(profile)) + "\n"


def display_path(path: str) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path


def percent(count: int, total: int) -> str:
    if not total:
        return "-"
    share = 100.0 * count / total
    return "<0.1%" if 0 < share < 0.05 else f"{share:.1f}%"


def _header(profile: Profile, extra: str) -> str:
    threads = len(profile.threads)
    return (f"Profile of {display_path(profile.program)}: {profile.total:,} samples at "
            f"{profile.rate} Hz ({profile.seconds:.2f} s of busy thread time, {threads} "
            f"thread{'s' * (threads != 1)}){extra}")


def _functions(profile: Profile, sources: SourceCache, limit: int) -> list[str]:
    stats = function_stats(profile)[:limit]
    rows = [("function", "self", "total", "tier", "defined at")]
    for s in stats:
        rows.append((_fit(s.function, 48), percent(s.self_count, profile.total),
                     percent(s.total_count, profile.total), _TIER_WORD[s.tier], _where(s, sources)))
    return ["Top functions", *_table(rows, right=(1, 2)), ""]


def _where(stat: FunctionStat, sources: SourceCache) -> str:
    if stat.tier is Tier.NATIVE:
        return os.path.basename(stat.file)
    line = sources.declaration(stat.function, stat.file, stat.tier) or stat.first_line
    return f"{display_path(stat.file)}:{line}" if line else display_path(stat.file)


def _threads(profile: Profile) -> list[str]:
    stats = thread_stats(profile)
    if len(stats) < 2:
        return []
    rows = [("thread", "id", "samples", "hottest function")]
    rows += [(s.label, str(s.tid), percent(s.count, profile.total), s.hottest) for s in stats]
    return ["Threads", *_table(rows, right=(1, 2)), ""]


def _hot_lines(profile: Profile, sources: SourceCache, options: ReportOptions, width: int) -> list[str]:
    by_file: dict[str, list[LineStat]] = {}
    for stat in line_stats(profile):
        if stat.self_count:
            by_file.setdefault(stat.file, []).append(stat)
    ranked = sorted(by_file.items(), key=lambda kv: -sum(s.self_count for s in kv[1]))
    out = []
    for path, stats in ranked[:options.files]:
        out.append(f"Hot lines in {display_path(path)}  (self time; {_share(stats, profile)} of samples)")
        columns = [[s for s in stats if s.tier is tier][:options.lines_per_tier]
                   for tier in (Tier.PYTHON, Tier.COMPILED)]
        columns = [c for c in columns if c]
        out += _side_by_side(columns, profile.total, sources, width)
        out.append("")
    return out


def _share(stats: list[LineStat], profile: Profile) -> str:
    return percent(sum(s.self_count for s in stats), profile.total)


def _side_by_side(columns: list[list[LineStat]], total: int, sources: SourceCache, width: int) -> list[str]:
    gap = " | "
    col_width = (width - 2 - len(gap) * (len(columns) - 1)) // len(columns)
    kiln = columns[0][0].file.endswith(".kiln")
    titles = {Tier.PYTHON: "Python tier (def, top level)" if kiln else "Python", Tier.COMPILED: "compiled tier (fn)"}
    blocks = []
    for stats in columns:
        lines = [_fit(titles[stats[0].tier], col_width)]
        for s in stats:
            cell = f"{s.line:>5} {percent(s.self_count, total):>6}  {sources.text(s.file, s.line)}"
            lines.append(_fit(cell, col_width))
        blocks.append(lines)
    height = max(len(b) for b in blocks)
    rows = []
    for i in range(height):
        cells = [(b[i] if i < len(b) else "").ljust(col_width) for b in blocks]
        rows.append(("  " + gap.join(cells)).rstrip())
    return rows


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(0, width - 1)] + "\u2026"


def _table(rows: list[tuple[str, ...]], right: tuple[int, ...]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(row)]
        out.append(("  " + "  ".join(cells)).rstrip())
    return out


def _notes(profile: Profile) -> list[str]:
    notes = []
    if profile.outside:
        notes.append(f"{profile.outside:,} samples had no frame of the program's code (interpreter "
                     "shutdown, garbage collection at exit, idle worker threads); they are not counted")
    notes += profile.notes
    return [f"note: {n}" for n in notes]
