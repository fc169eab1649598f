"""`kiln profile`, end to end: record, attribute, report, write the outputs."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TextIO

from .attribution import AttributionContext, attribute
from .folded_output import render_folded
from .frame_kinds import Places
from .hot_lines_json import hot_lines_path, render_hot_lines
from .html_output import render_html
from .model import Profile
from .pyspy import SamplerUnavailable
from .session import RecordRequest, Recording, record
from .source_index import SourceCache
from .speedscope_output import render_speedscope
from .terminal_report import display_path, render_report

FORMATS = ("html", "speedscope", "collapsed")
_SUFFIX = {"html": ".profile.html", "speedscope": ".speedscope.json", "collapsed": ".folded"}
MAX_RATE = 10_000


class ProfileUsageError(Exception):
    """A bad command line (exit status 2)."""


@dataclass(frozen=True)
class ProfileOptions:
    program: str
    args: tuple[str, ...] = ()
    output: str | None = None        # default: <program stem><suffix of the format> in the cwd
    format: str = "html"
    rate: int = 1000


@dataclass
class ProfileResult:
    exit_code: int                   # what `kiln profile` exits with
    profile: Profile | None = None
    output: str | None = None        # the flame graph written
    hot_lines: str | None = None     # the hot lines JSON written


def default_output(program: str, fmt: str) -> str:
    stem = os.path.splitext(os.path.basename(program))[0]
    return stem + _SUFFIX[fmt]


def profile_program(options: ProfileOptions, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> ProfileResult:
    _validate(options)
    try:
        recording = record(RecordRequest(options.program, options.args, options.rate))
    except SamplerUnavailable as exc:
        print(f"kiln profile: {exc}", file=err)
        return ProfileResult(1)
    if not recording.started or recording.raw is None:
        return ProfileResult(_exit_status(recording.exit_code))
    sources = SourceCache()
    profile = _attribute(options, recording, sources)
    output = options.output or default_output(options.program, options.format)
    _write(output, _render(options.format, profile, sources))
    lines_path = hot_lines_path(output)
    _write(lines_path, render_hot_lines(profile, sources))
    status = _exit_status(recording.exit_code)
    extra = "" if status == 0 else f"; the program exited with status {status}"
    out.write(render_report(profile, sources, header_extra=extra))
    out.write(f"\nFlame graph ({options.format}): {display_path(output)}\n"
              f"Hot lines (JSON): {display_path(lines_path)}\n")
    out.flush()
    return ProfileResult(status, profile, output, lines_path)


def _validate(options: ProfileOptions) -> None:
    if options.format not in FORMATS:
        raise ProfileUsageError(f"unknown format {options.format!r} (one of {', '.join(FORMATS)})")
    if not 1 <= options.rate <= MAX_RATE:
        raise ProfileUsageError(f"--rate must be between 1 and {MAX_RATE} samples per second")
    if not os.path.isfile(options.program):
        raise ProfileUsageError(f"{options.program}: no such file")


def _attribute(options: ProfileOptions, recording: Recording, sources: SourceCache) -> Profile:
    places = Places.here((recording.modules_dir,) if recording.modules_dir else ())
    ctx = AttributionContext(os.path.abspath(options.program), recording.pid, places, sources)
    profile = attribute(recording.raw, ctx)
    report = recording.sampler
    if report.max_behind >= 0.5:
        profile.notes.append(f"py-spy fell up to {report.max_behind:.1f} s behind {options.rate} Hz "
                             "(a busy machine, or a rate too high for it); the samples it took "
                             "are still proportional")
    if report.errors:
        profile.notes.append(f"py-spy failed to take {report.errors} samples")
    if recording.shim.library is None and recording.shim.problem:
        profile.notes.append(f"parallelize worker threads are not sampled: {recording.shim.problem}")
    return profile


def _render(fmt: str, profile: Profile, sources: SourceCache) -> str:
    if fmt == "speedscope":
        return render_speedscope(profile)
    if fmt == "collapsed":
        return render_folded(profile)
    return render_html(profile, sources)


def _write(path: str, text: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def _exit_status(code: int) -> int:
    return 128 - code if code < 0 else code       # killed by a signal: the shell's convention
