"""The recorded py-spy runs in data/ (see data/record_fixtures.py), mapped back
onto this machine and attributed."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from kiln.profiler.attribution import AttributionContext, attribute
from kiln.profiler.frame_kinds import Places
from kiln.profiler.model import Profile
from kiln.profiler.raw_samples import RawProfile, read_pyspy_speedscope
from kiln.profiler.source_index import SourceCache

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
# Compiled modules of the recordings are not kept: the DWARF fallback is tested
# against a module compiled during the test run (test_dwarf_symbols.py).
MODULES = os.path.join(DATA, "no-such-module-cache")

sys.path.insert(0, DATA)
from record_fixtures import placeholders  # noqa: E402


@dataclass
class Recorded:
    name: str
    raw: RawProfile
    ctx: AttributionContext
    profile: Profile

    @property
    def program(self) -> str:
        return self.ctx.program

    @property
    def sources(self) -> SourceCache:
        return self.ctx.sources


def load(name: str) -> Recorded:
    with open(os.path.join(DATA, f"{name}.pyspy.json"), encoding="utf-8") as fh:
        text = fh.read()
    for key, path in sorted(placeholders(MODULES).items(), key=lambda kv: -len(kv[0])):
        text = text.replace(key, json.dumps(path)[1:-1])
    with open(os.path.join(DATA, f"{name}.meta.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    raw = read_pyspy_speedscope(text, meta["rate"])
    ctx = AttributionContext(os.path.join(DATA, f"{name}.kiln"), meta["pid"], Places.here((MODULES,)))
    return Recorded(name, raw, ctx, attribute(raw, ctx))
