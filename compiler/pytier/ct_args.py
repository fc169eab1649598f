"""The Python-tier value of a keyword compile-time parameter list.

Python's subscript syntax cannot hold keywords, so `p.load[width=8](i)` (a
`ParamSubscript`) lowers to `p.load[__kiln_ct__(width=8)](i)`: the bridged
object's `__getitem__` receives one `CompileTimeArgs` carrying the positional
and keyword parameters. Subscripts without keywords stay plain subscripts.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

GLOBAL_NAME = "__kiln_ct__"


@dataclass(frozen=True)
class CompileTimeArgs:
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def make(cls, *args: Any, **kwargs: Any) -> "CompileTimeArgs":
        return cls(args, kwargs)

    def __repr__(self) -> str:
        parts = [repr(a) for a in self.args]
        parts += [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"[{', '.join(parts)}]"
