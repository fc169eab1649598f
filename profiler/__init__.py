"""kiln.profiler: `kiln profile`, the sampling profiler of both tiers.

py-spy samples the running program (Python frames from code objects, native
frames symbolized through DWARF); this package runs the program for it,
attributes every sample to `.kiln` (or library) frames with their tier, and
writes the reports. See docs/ARCHITECTURE.md for the pipeline.

Public API:

- `profile_run.profile_program(ProfileOptions(program, args, output, format,
  rate)) -> ProfileResult(exit_code, profile, output, hot_lines)`: what
  `kiln profile` does (prints the report, writes the flame graph and
  `<stem>.lines.json`).
- `session.record(RecordRequest(program, args, rate)) -> Recording`: one
  sampled run, raw; `attribution.attribute(raw, AttributionContext(...))
  -> model.Profile`: its attribution.
- `model.Profile` / `Frame(function, file, line, tier)` / `Tier`: the
  attributed profile every output reads.
"""
