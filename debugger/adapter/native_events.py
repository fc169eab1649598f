"""gdb's async records, as `<record>_event` methods: a thread stopped in
compiled code, breakpoints that resolved, threads that ended.

A stop inside the program's own fn code is shown as it is (its GIL
released so pydevd keeps answering). A stop anywhere else (in the bridge,
the interpreter, the runtime) means the thread left compiled code: it is
handed back to pydevd, which stops it at its next Python line."""
from __future__ import annotations

from ..common.client import ConnectionLost, RequestFailed
from ..native_tier.gdb_process import GdbError
from .threads import NativeStop

FAULT_SIGNALS = {"SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGABRT", "SIGTRAP"}
REASONS = {"breakpoint-hit": "breakpoint", "end-stepping-range": "step", "function-finished": "step",
           "signal-received": "pause"}


def restore_gil(session, thread) -> None:
    stop = thread.native
    if stop is not None and stop.saved_tstate and session.native is not None:
        tstate, stop.saved_tstate = stop.saved_tstate, None
        session.native.restore_gil(stop.gdb_thread, tstate)


def restore_all_gil(session) -> None:
    for thread in session.threads.all():
        try:
            restore_gil(session, thread)
        except GdbError:
            pass


class NativeEvents:
    def __init__(self, session):
        self.session = session
        self._entering: dict[str, dict] = {}     # gdb thread -> the stop on an fn line being stepped past

    def handle(self, record) -> None:
        if self.session.native is None or not self.session.native.attached:
            return
        name = record.cls.replace("-", "_")
        handler = getattr(self, f"{name}_event", None)
        if handler is not None:
            handler(record.results)

    def gdb_exited(self) -> None:
        s = self.session
        if s.native is not None and s.native.attached and s.debuggee is not None and s.debuggee.running:
            s.native_error = "gdb exited"
            s.channel.output("kiln debug: gdb exited; fn breakpoints are off\n", "console")
        if s.native is not None:
            s.native.attached = False
        for thread in s.threads.all():
            thread.native = None

    def stopped_event(self, results: dict) -> None:
        s = self.session
        gdb_thread = results.get("thread-id")
        if not gdb_thread or str(results.get("reason", "")).startswith("exited"):
            return
        stack = s.native.stack(gdb_thread)
        in_fn = stack.get("top") == "fn"
        if in_fn and gdb_thread not in self._entering and self._at_fn_header(stack):
            self._entering[gdb_thread] = results
            s.native.resume(gdb_thread, "next")
            return
        results = self._entering.pop(gdb_thread, results)
        saved = s.native.release_gil(gdb_thread) if stack.get("gil") == "1" else None
        thread = self._thread_for(gdb_thread, pydevd_free=saved is not None)
        if in_fn or results.get("signal-name") in FAULT_SIGNALS:
            self._user_stop(thread, gdb_thread, stack, results, saved)
        elif thread.expected_stop == "pause":
            self.return_to_python(thread, gdb_thread, saved, reason="pause")
        elif results.get("reason") in ("end-stepping-range", "function-finished") or thread.expected_stop:
            self.return_to_python(thread, gdb_thread, saved)
        else:
            if saved:
                s.native.restore_gil(gdb_thread, saved)
            s.native.resume(gdb_thread, "continue")

    def _thread_for(self, gdb_thread: str, pydevd_free: bool):
        s = self.session
        lwp, name = s.native.thread_identity(gdb_thread)
        is_main = lwp == s.native.pid
        if pydevd_free and not is_main and s.threads.by_gdb_thread(gdb_thread) is None:
            s.python_events.learn_threads(timeout=5.0)      # a Python thread pydevd has not named yet
        return s.threads.for_native(gdb_thread, is_main, name)

    def _at_fn_header(self, stack: dict) -> bool:
        """Stopped on an `fn` line, before the code there stored the
        arguments: their values would be garbage. One `next` reaches the
        first line of the body (and it is that stop that gets reported)."""
        top = stack["frames"][0]
        tiers = self.session.tiers.of_file(top["file"])
        return tiers is not None and tiers.is_fn_header(int(top["line"]))

    def _user_stop(self, thread, gdb_thread: str, stack: dict, results: dict, saved: int | None) -> None:
        s = self.session
        gdb_reason = results.get("reason", "")
        thread.native = NativeStop(gdb_thread, stack.get("frames", []), gdb_reason, saved,
                                   stack.get("python", ""))
        thread.python_stopped = False
        s.python_events.disarm_step_into_fn(thread)
        self._cancel_python_step(thread)
        event = {"reason": thread.expected_stop or REASONS.get(gdb_reason, "pause"),
                 "threadId": thread.id, "allThreadsStopped": False}
        thread.expected_stop = None
        signal = results.get("signal-name")
        if signal in FAULT_SIGNALS:
            event.update(reason="exception", description=f"{signal}: {results.get('signal-meaning', '')}",
                         text=signal)
        hit = s.breakpoints.by_gdb_number(str(results.get("bkptno", ""))) if gdb_reason == "breakpoint-hit" else None
        if hit is not None:               # a user's breakpoint, even in the middle of a step
            event.update(reason="breakpoint", hitBreakpointIds=[hit.id])
        s.channel.event("stopped", event)

    def _cancel_python_step(self, thread) -> None:
        """A step pydevd began ends here, in fn code: without this, pydevd
        would still stop the thread when it is back in Python, whatever the
        user asks next. pydevd's `continue` resets every thread's step; it
        answers only once some thread actually resumes, so it is not waited for."""
        s = self.session
        if not thread.python_step_pending or s.python is None or not s.python.connected:
            return
        thread.python_step_pending = False
        s.python.send("continue", {"threadId": thread.pydevd_id})

    def return_to_python(self, thread, gdb_thread: str, saved: int | None, reason: str = "step") -> None:
        """The thread left fn code: let pydevd stop it at its next Python
        line. `saved` is its thread state if we hold its GIL released."""
        s = self.session
        thread.native = None
        s.handles.forget_thread(thread.id)
        handed_over = self._pause_in_python(thread, wait=saved is not None)
        if saved:
            s.native.restore_gil(gdb_thread, saved)
        thread.expected_stop = reason if handed_over else None
        s.native.resume(gdb_thread, "continue")

    def _pause_in_python(self, thread, wait: bool) -> bool:
        s = self.session
        if thread.pydevd_id is None or s.python is None or not s.python.connected:
            return False
        if not wait:                           # pydevd gets the GIL once the thread runs
            s.python.send("pause", {"threadId": thread.pydevd_id})
            return True
        try:
            s.python.request("pause", {"threadId": thread.pydevd_id}, timeout=5)
        except (RequestFailed, ConnectionLost, TimeoutError):
            return False
        return True

    def breakpoint_modified_event(self, results: dict) -> None:
        from ..native_tier.backend import breakpoint_from_mi
        info = results.get("bkpt") or {}
        b = self.session.breakpoints.by_gdb_number(str(info.get("number", "")))
        if b is None:
            return
        resolved = breakpoint_from_mi(info, b.path)
        if resolved.verified == b.verified and (resolved.line or b.line) == (b.actual_line or b.line):
            return
        b.verified, b.message = resolved.verified, resolved.message
        b.actual_line = resolved.line or b.line
        self.session.channel.event("breakpoint", {"reason": "changed", "breakpoint": b.to_dap()})

    def thread_exited_event(self, results: dict) -> None:
        gdb_thread = results.get("id")
        if gdb_thread:
            self.session.threads.forget_native_only(gdb_thread)
