"""The compiled tier's backend: gdb/MI attached to the debuggee in
non-stop mode, so a thread stopped in `fn` code stops alone while pydevd's
threads keep running.

While a thread is stopped in compiled code it still holds CPython's GIL
(the bridge calls fns with it held), which would freeze every other Python
thread, pydevd's included. `release_gil` runs `PyEval_SaveThread()` on the
stopped thread (as `Py_BEGIN_ALLOW_THREADS` would) and `restore_gil` takes
it back before the thread runs again: safe because a thread stopped at a
`.kiln` line runs only compiled code until it returns to the bridge.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Callable

from .gdb_process import GdbError, GdbProcess
from .mi import MIRecord, c_quote

INGDB_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ingdb")
ATTACH_TIMEOUT = 60.0
_LWP = re.compile(r"LWP (\d+)")

SETTINGS = (
    "-gdb-set non-stop on",
    "-gdb-set mi-async on",
    "-gdb-set breakpoint pending on",
    "-gdb-set auto-load off",            # the CPython helper is loaded explicitly
    "-gdb-set debuginfod enabled off",   # never reach the network for symbols
    "-gdb-set confirm off",
    "-gdb-set print thread-events off",
    # The program's own signals go to it untouched; gdb stops only on faults.
    '-interpreter-exec console "handle SIGINT SIGTERM SIGHUP SIGQUIT SIGUSR1 SIGUSR2 SIGPIPE SIGALRM '
    'SIGCHLD SIGWINCH nostop noprint pass"',
)


@dataclass
class NativeBreakpoint:
    number: str
    verified: bool
    line: int | None
    path: str
    message: str = ""


def breakpoint_from_mi(bkpt: dict, path: str) -> NativeBreakpoint:
    addr = bkpt.get("addr", "")
    line = bkpt.get("line")
    if line is None and isinstance(bkpt.get("locations"), list) and bkpt["locations"]:
        line = bkpt["locations"][0].get("line")
    verified = addr != "<PENDING>"
    message = "" if verified else "pending: waits for the compiled code to be loaded"
    return NativeBreakpoint(str(bkpt.get("number", "")), verified, int(line) if line else None,
                            bkpt.get("fullname", path), message)


class NativeTier:
    def __init__(self, on_async: Callable[[MIRecord], None], on_exit: Callable[[], None]):
        self._on_async = on_async
        self._attaching = threading.Event()
        self.gdb = GdbProcess(self._async, on_exit)
        self.pid: int | None = None
        self.attached = False
        self.python_helper_error = ""
        self._thread_ids: dict[str, tuple[int, str]] = {}

    def _async(self, record: MIRecord) -> None:
        # Stops caused by attaching are ours, not the user's.
        if self._attaching.is_set() and record.cls in ("stopped", "running"):
            return
        self._on_async(record)

    def attach(self, pid: int, python_helper: str) -> None:
        """Start gdb and attach; every thread runs again afterwards."""
        self.gdb.start()
        for setting in SETTINGS:
            self.gdb.command(setting)
        self._use_index_cache()
        self._load_extension(python_helper)
        self._attaching.set()
        try:
            self.gdb.command(f"-target-attach {pid}", timeout=ATTACH_TIMEOUT)
            self._wait_all_stopped()
            self.pid = pid
            self.attached = True
            self.gdb.command("-exec-continue --all")
        finally:
            self._attaching.clear()

    def _use_index_cache(self) -> None:
        """gdb reads libpython's DWARF on every attach; its index cache
        halves that (kept with Kiln's other caches)."""
        from kiln.compiler.native.cache import default_root
        directory = os.path.join(default_root(), "gdb-index")
        if any(c.isspace() or c in "\"'\\" for c in directory):
            return  # `set index-cache directory` takes the text verbatim: quotes would be kept
        try:
            os.makedirs(directory, exist_ok=True)
            self.gdb.command(f"-gdb-set index-cache directory {directory}")
            self.gdb.command("-gdb-set index-cache enabled on")
        except (OSError, GdbError):
            pass

    def _load_extension(self, python_helper: str) -> None:
        script = (f"python import sys; sys.path.insert(0, {INGDB_DIR!r}); import kiln_gdb; "
                  f"kiln_gdb.register({python_helper!r})")
        self.gdb.command("-interpreter-exec console " + c_quote(script))
        if not python_helper:
            self.python_helper_error = "CPython's gdb helper (python3.x-gdb.py) was not found"

    def _wait_all_stopped(self) -> None:
        """gdb reports attaching as one `*stopped` per thread, after `^done`."""
        deadline = time.monotonic() + ATTACH_TIMEOUT
        while time.monotonic() < deadline:
            threads = self.gdb.command("-thread-info").results.get("threads", [])
            if threads and all(t.get("state") == "stopped" for t in threads):
                for t in threads:
                    self._remember_thread(t)
                return
            time.sleep(0.02)       # polling gdb's own state, not a guess at timing
        raise GdbError("the program's threads did not all stop while attaching")

    def _remember_thread(self, info: dict) -> None:
        match = _LWP.search(info.get("target-id", ""))
        if match:
            self._thread_ids[info["id"]] = (int(match.group(1)), info.get("name", ""))

    def thread_identity(self, gdb_thread: str) -> tuple[int, str]:
        """(LWP, name) of a gdb thread."""
        if gdb_thread not in self._thread_ids:
            for info in self.gdb.command(f"-thread-info {gdb_thread}").results.get("threads", []):
                self._remember_thread(info)
        return self._thread_ids.get(gdb_thread, (0, ""))

    def main_gdb_thread(self) -> str | None:
        return next((gid for gid, (lwp, _) in self._thread_ids.items() if lwp == self.pid), None)

    def is_main_thread(self, gdb_thread: str) -> bool:
        return self.thread_identity(gdb_thread)[0] == self.pid

    # breakpoints

    def insert_breakpoint(self, path: str, line: int, condition: str = "", ignore: int = 0,
                          temporary: bool = False, thread: str = "") -> NativeBreakpoint:
        options = ["-f"]
        if temporary:
            options.append("-t")
        if condition:
            options.append(f"-c {c_quote(condition)}")
        if ignore:
            options.append(f"-i {ignore}")
        if thread:
            options.append(f"-p {thread}")
        location = c_quote(f"{path}:{line}")
        reply = self.gdb.command(f"-break-insert {' '.join(options)} {location}")
        return breakpoint_from_mi(reply.results.get("bkpt", {}), path)

    def insert_function_breakpoint(self, path: str, function: str, thread: str) -> str | None:
        """A temporary breakpoint at a fn's first line, for `thread` only."""
        try:
            reply = self.gdb.command(f"-break-insert -t -p {thread} {c_quote(f'{path}:{function}')}")
        except GdbError:
            return None
        return str(reply.results.get("bkpt", {}).get("number", "")) or None

    def delete_breakpoints(self, numbers: list[str]) -> None:
        if numbers and self.attached:
            try:
                self.gdb.command(f"-break-delete {' '.join(numbers)}")
            except GdbError:
                pass              # already gone (temporary breakpoints delete themselves)

    # stops

    def stack(self, gdb_thread: str) -> dict:
        return self.gdb.command(f"-kiln-stack --thread {gdb_thread}").results

    def release_gil(self, gdb_thread: str) -> int | None:
        try:
            reply = self.gdb.command(f"-data-evaluate-expression --thread {gdb_thread} --frame 0 "
                                     + c_quote("(long)PyEval_SaveThread()"))
            return int(reply.results.get("value", "0")) or None
        except (GdbError, ValueError):
            return None

    def restore_gil(self, gdb_thread: str, tstate: int) -> None:
        self.gdb.command(f"-data-evaluate-expression --thread {gdb_thread} --frame 0 "
                         + c_quote(f"(void)PyEval_RestoreThread((void*){tstate})"))

    def resume(self, gdb_thread: str, how: str) -> None:
        command = {"continue": "-exec-continue", "next": "-exec-next", "step": "-exec-step",
                   "finish": "-exec-finish"}[how]
        self.gdb.command(f"{command} --thread {gdb_thread}")

    def interrupt(self, gdb_thread: str) -> None:
        self.gdb.command(f"-exec-interrupt --thread {gdb_thread}")

    # values

    def fn_locals(self, gdb_thread: str, level: int) -> list[dict]:
        return self.gdb.command(f"-kiln-locals --thread {gdb_thread} --frame {level}").results["variables"]

    def fn_children(self, gdb_thread: str, level: int, path: tuple[str, ...]) -> list[dict]:
        arg = c_quote(json.dumps(list(path)))
        return self.gdb.command(f"-kiln-children --thread {gdb_thread} --frame {level} {arg}").results["variables"]

    def fn_evaluate(self, gdb_thread: str, level: int, expression: str) -> dict:
        return self.gdb.command(f"-kiln-evaluate --thread {gdb_thread} --frame {level} "
                                f"{c_quote(expression)}").results["variable"]

    def python_locals(self, gdb_thread: str, level: int, index: int) -> list[dict]:
        return self.gdb.command(f"-kiln-py-locals --thread {gdb_thread} --frame {level} {index}"
                                ).results["variables"]

    def python_evaluate(self, gdb_thread: str, level: int, index: int, name: str) -> dict:
        return self.gdb.command(f"-kiln-py-evaluate --thread {gdb_thread} --frame {level} {index} "
                                f"{c_quote(name)}").results["variable"]

    # the end

    def detach(self) -> None:
        if self.attached:
            self.attached = False
            try:
                self.gdb.command("-target-detach", timeout=10)
            except GdbError:
                pass
        self.gdb.close()

    def close(self) -> None:
        self.attached = False
        self.gdb.close()
