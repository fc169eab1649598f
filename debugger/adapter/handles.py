"""Integer handles for frames and variable containers.

DAP clients refer to frames and variables by numbers that stay valid while
the thread that produced them is stopped. Both backends have their own
numbers (pydevd's, gdb frame levels); the adapter hands out its own and
remembers what each stands for and which thread owns it."""
from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class PydevdFrame:
    thread_id: int
    pydevd_id: int


@dataclass(frozen=True)
class PydevdVariables:
    thread_id: int
    pydevd_ref: int


@dataclass(frozen=True)
class NativeFrame:
    thread_id: int
    gdb_thread: str
    level: int


@dataclass(frozen=True)
class NativeVariables:
    """Locals of a fn frame (path empty) or the children of one value."""
    thread_id: int
    gdb_thread: str
    level: int
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class BridgedPythonFrame:
    """A Python frame below a native stop, read from memory by gdb: the
    `index`-th Python frame run by the eval loop at gdb frame `level`."""
    thread_id: int
    gdb_thread: str
    level: int
    index: int


@dataclass(frozen=True)
class BridgedPythonLocals:
    """The locals of a BridgedPythonFrame."""
    thread_id: int
    gdb_thread: str
    level: int
    index: int


class HandleTable:
    def __init__(self, start: int = 1):
        self._next = itertools.count(start)
        self._items: dict[int, object] = {}
        self._ids: dict[object, int] = {}

    def add(self, item) -> int:
        existing = self._ids.get(item)
        if existing is not None:
            return existing
        handle = next(self._next)
        self._items[handle] = item
        self._ids[item] = handle
        return handle

    def get(self, handle: int):
        return self._items.get(handle)

    def forget_thread(self, thread_id: int) -> None:
        for handle, item in list(self._items.items()):
            if getattr(item, "thread_id", None) == thread_id:
                del self._items[handle]
                del self._ids[item]

    def clear(self) -> None:
        self._items.clear()
        self._ids.clear()
