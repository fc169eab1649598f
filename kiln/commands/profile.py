"""`kiln profile FILE [ARGS] [-o OUT] [--format html|speedscope|collapsed] [--rate HZ]`:
sample a run of both tiers; see kiln/profiler/__init__.py."""
from __future__ import annotations

from ..cli import UsageError


def main(args) -> int:
    from ..profiler.profile_run import ProfileOptions, ProfileUsageError, profile_program

    options = ProfileOptions(program=args.file, args=tuple(args.args), output=args.output,
                             format=args.format, rate=args.rate)
    try:
        return profile_program(options).exit_code
    except ProfileUsageError as exc:
        raise UsageError(str(exc)) from None
