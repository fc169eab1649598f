"""The lines an implementation prints for the harness (README, "Protocol"):

    BENCH rep <ns> <checksum> [<cpu_ns>]   one per repetition: kernel wall time,
                                           its result, the thread's CPU time
    BENCH compile <ns>                     optional: in-process JIT compile (Numba)
    BENCH baseline <ns> [<cpu_ns>]         bridge only: the loop without the call

Anything else on stdout is the program's own output and is ignored."""
from __future__ import annotations

from dataclasses import dataclass, field

PREFIX = "BENCH"

Checksum = int | float


class ProtocolError(ValueError):
    """The implementation's output does not follow the protocol."""


@dataclass(frozen=True)
class Rep:
    ns: int
    checksum: Checksum
    cpu_ns: int | None = None


@dataclass
class Report:
    reps: list[Rep] = field(default_factory=list)
    compile_ns: int | None = None
    baselines_ns: list[int] = field(default_factory=list)
    baselines_cpu_ns: list[int] = field(default_factory=list)

    def cpu_times(self) -> list[int] | None:
        """The reps' CPU times, if every rep reported one."""
        times = [rep.cpu_ns for rep in self.reps]
        return None if None in times else times  # type: ignore[return-value]


def parse_checksum(text: str) -> Checksum:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise ProtocolError(f"checksum {text!r} is not a number") from None


def _parse_ns(text: str, line: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ProtocolError(f"time {text!r} is not an integer in: {line}") from None
    if value < 0:
        raise ProtocolError(f"negative time in: {line}")
    return value


def parse_report(stdout: str) -> Report:
    report = Report()
    for line in stdout.splitlines():
        words = line.split()
        if not words or words[0] != PREFIX:
            continue
        kind, values = (words[1], words[2:]) if len(words) > 1 else ("", [])
        if kind == "rep" and len(values) in (2, 3):
            cpu = _parse_ns(values[2], line) if len(values) == 3 else None
            report.reps.append(Rep(_parse_ns(values[0], line), parse_checksum(values[1]), cpu))
        elif kind == "compile" and len(values) == 1:
            report.compile_ns = _parse_ns(values[0], line)
        elif kind == "baseline" and len(values) in (1, 2):
            report.baselines_ns.append(_parse_ns(values[0], line))
            if len(values) == 2:
                report.baselines_cpu_ns.append(_parse_ns(values[1], line))
        else:
            raise ProtocolError(f"unknown result line: {line.strip()}")
    if not report.reps:
        raise ProtocolError("printed no `BENCH rep` line")
    return report
