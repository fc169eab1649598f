"""Cross-checking the peers' checksums: every implementation of a kernel must
reproduce the reference peer's checksum (exactly, or within the kernel's
stated tolerance), or its row fails. This is what keeps a compiler from
winning by deleting the work."""
from __future__ import annotations

from .kernels import Kernel
from .protocol import Checksum
from .rows import Row

# CPython first: Kiln's arithmetic is defined as CPython's (language.md, section 4)
REFERENCE_ORDER = ("CPython", "NumPy", "C", "C no-FMA", "Numba", "C ctypes", "Kiln", "Kiln fast-math")


def reference_row(rows: list[Row]) -> Row | None:
    ok = {row.peer: row for row in rows if row.ok}
    return next((ok[peer] for peer in REFERENCE_ORDER if peer in ok), None)


def verify(kernel: Kernel, rows: list[Row]) -> None:
    reference = reference_row(rows)
    if reference is None:
        return
    reference.check = "reference"
    for row in rows:
        if row is reference or not row.ok:
            continue
        verdict = compare(row.checksum, reference.checksum, kernel.tolerance)
        if verdict is None:
            row.fail(f"checksum {row.checksum!r} != {reference.checksum!r} from {reference.peer}")
        else:
            row.check = verdict


def compare(value: Checksum | None, reference: Checksum | None, tolerance: float) -> str | None:
    """"exact", "~<relative difference>" within tolerance, or None."""
    if value is None or reference is None:
        return None
    if value == reference:
        return "exact"
    scale = abs(reference) or 1.0
    difference = abs(value - reference) / scale
    if difference <= tolerance:
        return f"~{difference:.0e}"
    return None
