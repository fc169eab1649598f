"""How a program is compiled."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CodegenOptions:
    opt_level: int = 3
    debug: bool = False              # full variable info at -O0 (`-g` keeps line tables always)
    standalone: bool = False         # an executable with `fn main()` (no Python bridge)
    entry_point: bool = True         # standalone: emit the C `main` calling `fn main()`
    fast_math: bool = False          # every fn as if `@fastmath` (`--fast-math`)

    @property
    def flags(self) -> tuple[str, ...]:
        """What distinguishes the output, for cache keys."""
        return (f"O{self.opt_level}", f"g{int(self.debug)}", "exe" if self.standalone else "ext",
                *(("fast-math",) if self.fast_math else ()))
