"""The Python tier's per-process state: one interpreter, one set of modules.

`kiln run` configures it (native options, sys.path scanning); the import hook
and `kiln.load` read it. `checked` remembers which files a program check has
already covered, so each file is checked once per process however it is
reached.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .code_cache import CodeCache
from .native_provider import NativeOptions

_UNSET = object()


@dataclass
class Session:
    scan_sys_path: bool = False
    native_options: NativeOptions = NativeOptions()
    # (path, sha256 of text) -> the tree the check parsed (None once used or
    # when the check came from the cache): the loader need not parse again.
    checked: dict[tuple[str, str], ast.Module | None] = field(default_factory=dict)
    _cache: object = _UNSET

    @property
    def cache(self) -> CodeCache | None:
        if self._cache is _UNSET:
            self._cache = CodeCache.default()
        return self._cache  # type: ignore[return-value]

    def reset(self) -> None:
        self.scan_sys_path = False
        self.native_options = NativeOptions()
        self.checked.clear()
        self._cache = _UNSET


SESSION = Session()
