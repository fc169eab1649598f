"""Events from pydevd, as `<event>_event(body)` methods, turned into the
session's events: its thread ids, breakpoint ids and handles."""
from __future__ import annotations

import re

from ..common.client import ConnectionLost, RequestFailed


class PythonEvents:
    def __init__(self, session):
        self.session = session
        self.pydevd_sources: set[str] = set()       # files pydevd has breakpoints for
        self.entry_line: tuple[str, int] | None = None
        self.entry_pydevd_id = None

    def handle(self, message: dict) -> None:
        handler = getattr(self, f"{message.get('event')}_event", None)
        if handler is not None:
            handler(message.get("body") or {})

    def connection_closed(self) -> None:
        if self.session.python is not None:
            self.session.python.connected = False

    # events

    def stopped_event(self, body: dict) -> None:
        s = self.session
        thread = s.threads.python_thread(body.get("threadId"))
        thread.python_stopped = True
        thread.python_step_pending = False
        if body.get("allThreadsStopped"):
            for other in s.threads.all():
                if other.pydevd_id is not None:
                    other.python_stopped = True
        self.disarm_step_into_fn(thread)
        reason = body.get("reason", "breakpoint")
        if reason == "pause" and thread.expected_stop:     # our pause, ending a step out of fn code
            reason = thread.expected_stop
        thread.expected_stop = None
        hits = body.get("hitBreakpointIds") or []
        if self.entry_pydevd_id is not None and self.entry_pydevd_id in hits:
            reason = "entry"
            self._drop_entry_breakpoint()
        event = {k: v for k, v in body.items() if k not in ("threadId", "hitBreakpointIds", "reason")}
        event.update(reason=reason, threadId=thread.id)
        mapped = [b.id for b in (s.breakpoints.by_pydevd_id(h) for h in hits) if b is not None]
        if mapped:
            event["hitBreakpointIds"] = mapped
        s.channel.event("stopped", event)

    def continued_event(self, body: dict) -> None:
        """pydevd reports resumes late (its writer needs the GIL): by then the
        thread may already be stopped in fn code. Only threads still shown
        stopped in Python are affected, and the client hears of those only."""
        s = self.session
        every = body.get("allThreadsContinued", True)
        resumed = [t for t in s.threads.all()
                   if t.python_stopped and t.native is None and (every or t.pydevd_id == body.get("threadId"))]
        for thread in resumed:
            thread.python_stopped = False
            s.handles.forget_thread(thread.id)
        for thread in resumed:
            s.channel.event("continued", {"threadId": thread.id, "allThreadsContinued": False})

    def thread_event(self, body: dict) -> None:
        s = self.session
        pydevd_id = body.get("threadId")
        if body.get("reason") == "exited":
            thread = s.threads.get(pydevd_id)
            if thread is not None and thread.native is None:
                s.threads.remove(pydevd_id)
        else:
            s.threads.python_thread(pydevd_id)
        s.channel.event("thread", {"reason": body.get("reason"), "threadId": pydevd_id})

    def breakpoint_event(self, body: dict) -> None:
        info = body.get("breakpoint") or {}
        b = self.session.breakpoints.by_pydevd_id(info.get("id"))
        if b is None:
            return
        b.verified = bool(info.get("verified", b.verified))
        b.actual_line = info.get("line") or b.actual_line
        b.message = info.get("message", "")
        self.session.channel.event("breakpoint", {"reason": "changed", "breakpoint": b.to_dap()})

    def output_event(self, body: dict) -> None:
        self.session.channel.event("output", body)

    def module_event(self, body: dict) -> None:
        self.session.channel.event("module", body)

    # threads

    def learn_threads(self, timeout: float = 10.0) -> None:
        s = self.session
        try:
            body = s.python.request("threads", {}, timeout=timeout)
        except (RequestFailed, ConnectionLost, TimeoutError):
            return                       # answer from what is known
        for info in body.get("threads", []):
            s.threads.python_thread(info["id"], info.get("name"))

    # stop on entry: a breakpoint of our own on the program's first statement

    def stop_on_entry(self) -> None:
        s = self.session
        line = _first_statement_line(s.config.program)
        if line is None:
            return
        self.entry_line = (s.config.program, line)
        from .handlers.breakpoints import BreakpointHandlers
        BreakpointHandlers(s).apply_python(s.config.program)

    def _drop_entry_breakpoint(self) -> None:
        path = self.entry_line[0] if self.entry_line else None
        self.entry_line = None
        self.entry_pydevd_id = None
        if path is not None:
            from .handlers.breakpoints import BreakpointHandlers
            BreakpointHandlers(self.session).apply_python(path)

    # step into a fn from Python: gdb breakpoints at the program's fns, this thread only

    def arm_step_into_fn(self, thread) -> None:
        s = self.session
        functions = self.bridged_functions()
        if not functions:
            return
        if (s.native is None or not s.native.attached) and not self._line_may_call(thread, functions):
            return                    # attaching gdb costs a second: only when it may matter
        if not s.ensure_native():
            return
        gdb_thread = thread.gdb_thread
        if gdb_thread is None and thread.pydevd_id == s.threads.main_pydevd_id:
            gdb_thread = s.native.main_gdb_thread()
        if gdb_thread is None:
            return
        thread.gdb_thread = gdb_thread
        for path, name in functions:
            number = s.native.insert_function_breakpoint(path, name, gdb_thread)
            if number:
                thread.step_entry_breakpoints.append(number)

    def _line_may_call(self, thread, functions: list[tuple[str, str]]) -> bool:
        """Whether the line the thread is on names one of the fns."""
        try:
            body = self.session.python.request("stackTrace", {"threadId": thread.pydevd_id, "levels": 1},
                                               timeout=10)
            top = body["stackFrames"][0]
            path, line = top["source"]["path"], top["line"]
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read().splitlines()[line - 1]
        except (RequestFailed, ConnectionLost, TimeoutError, KeyError, IndexError, OSError):
            return True
        names = set(re.findall(r"[A-Za-z_]\w*", text))
        return any(name in names for _, name in functions)

    def disarm_step_into_fn(self, thread) -> None:
        if thread.step_entry_breakpoints and self.session.native is not None:
            self.session.native.delete_breakpoints(thread.step_entry_breakpoints)
        thread.step_entry_breakpoints = []

    def bridged_functions(self) -> list[tuple[str, str]]:
        s = self.session
        paths = {s.config.program, *s.breakpoints.by_source}
        out = []
        for path in sorted(p for p in paths if p.endswith(".kiln")):
            tiers = s.tiers.of_file(path)
            if tiers is not None:
                out += [(path, name) for name in tiers.top_level_fns]
        return out


def _first_statement_line(path: str) -> int | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    from kiln.compiler.syntax.parser import parse
    body = parse(text, path).module.body
    return body[0].lineno if body else None
