"""The threads of the debuggee as the client sees them, with what each
backend knows about them. A thread that runs Python code has pydevd's id
(which is also its DAP id); a thread gdb stopped in `fn` code carries a
`NativeStop`. gdb's threads that run no Python (parallelize workers) get
ids of their own above NATIVE_ONLY_BASE."""
from __future__ import annotations

from dataclasses import dataclass, field

NATIVE_ONLY_BASE = 100000
OS_NAME_LIMIT = 15                # bytes of a thread name the kernel keeps


@dataclass
class NativeStop:
    gdb_thread: str
    frames: list[dict]                 # -kiln-stack frames: fn frames then Python ones
    reason: str
    saved_tstate: int | None = None    # PyEval_SaveThread() result while we hold the GIL free
    python_error: str = ""             # why Python frames below could not be read

    @property
    def outermost_fn_level(self) -> int | None:
        levels = [int(f["level"]) for f in self.frames if f["kind"] == "fn"]
        return max(levels) if levels else None

    def fn_frame_count(self) -> int:
        return sum(1 for f in self.frames if f["kind"] == "fn")


@dataclass
class DebugThread:
    id: int
    name: str
    pydevd_id: int | None = None
    gdb_thread: str | None = None
    python_stopped: bool = False
    native: NativeStop | None = None
    expected_stop: str | None = None   # the reason to report for the next stop (step, pause)
    python_step_pending: bool = False   # pydevd is stepping it (cancelled if gdb stops it first)
    step_entry_breakpoints: list[str] = field(default_factory=list)

    @property
    def stopped(self) -> bool:
        return self.python_stopped or self.native is not None


class ThreadTable:
    def __init__(self):
        self._threads: dict[int, DebugThread] = {}
        self.main_pydevd_id: int | None = None

    def all(self) -> list[DebugThread]:
        return sorted(self._threads.values(), key=lambda t: t.id)

    def get(self, thread_id: int) -> DebugThread | None:
        return self._threads.get(thread_id)

    def python_thread(self, pydevd_id: int, name: str | None = None) -> DebugThread:
        thread = self._threads.get(pydevd_id)
        if thread is None:
            thread = DebugThread(pydevd_id, name or f"Thread {pydevd_id}", pydevd_id=pydevd_id)
            self._threads[pydevd_id] = thread
        elif name:
            thread.name = name
        if thread.name == "MainThread":
            self.main_pydevd_id = pydevd_id
        return thread

    def by_gdb_thread(self, gdb_thread: str) -> DebugThread | None:
        for thread in self._threads.values():
            if thread.gdb_thread == gdb_thread:
                return thread
        return None

    def for_native(self, gdb_thread: str, is_main: bool, os_name: str) -> DebugThread:
        """The DAP thread for a gdb thread: the Python thread it is (the
        main one, or the one whose name the launcher gave the OS thread), or
        a thread of its own for native threads (parallelize workers)."""
        known = self.by_gdb_thread(gdb_thread)
        if known is not None:
            return known
        python = self.main_pydevd_id if is_main else self._python_id_named(os_name)
        if python is not None:
            thread = self.python_thread(python)
        else:
            thread = DebugThread(NATIVE_ONLY_BASE + int(gdb_thread), os_name or f"native thread {gdb_thread}")
            self._threads[thread.id] = thread
        thread.gdb_thread = gdb_thread
        return thread

    def _python_id_named(self, os_name: str) -> int | None:
        if not os_name:
            return None
        matches = [t.pydevd_id for t in self._threads.values()
                   if t.pydevd_id is not None and t.name.encode()[:OS_NAME_LIMIT].decode("utf-8", "replace") == os_name]
        return matches[0] if len(matches) == 1 else None

    def remove(self, thread_id: int) -> None:
        self._threads.pop(thread_id, None)

    def forget_native_only(self, gdb_thread: str) -> None:
        thread = self.by_gdb_thread(gdb_thread)
        if thread is None:
            return
        if thread.pydevd_id is None:
            self.remove(thread.id)
        else:
            thread.gdb_thread = None
            thread.native = None
