"""continue, next, stepIn, stepOut, pause: each goes to the tier where the
thread is stopped. A thread stopped by pydevd steps in Python; a thread
stopped by gdb steps in compiled code, and leaving its outermost fn frame
hands it back to pydevd at the next Python line."""
from __future__ import annotations

from ...common.client import RequestFailed
from ...native_tier.gdb_process import GdbError
from ..protocol import Request, RequestError

_GDB_STEP = {"next": "next", "stepIn": "step", "stepOut": "finish", "continue": "continue"}


class ExecutionHandlers:
    def __init__(self, session):
        self.session = session

    def _stopped_thread(self, request: Request):
        self.session.require_debuggee(request.command)
        thread_id = request.argument("threadId", int, required=True)
        thread = self.session.threads.get(thread_id)
        if thread is None:
            raise RequestError(f"there is no thread {thread_id}")
        if not thread.stopped:
            raise RequestError(f"thread {thread_id} is running: pause it first")
        return thread

    def continue_request(self, request: Request) -> dict:
        """Every stopped thread runs on (as with debugpy): threads stopped in
        fn code through gdb, threads stopped in Python through pydevd."""
        thread = self._stopped_thread(request)
        if thread.native is not None:
            self._resume_native(thread, "continue")
        python = thread if thread.python_stopped else None
        for other in self.session.threads.all():
            if other.native is not None:
                self._resume_native(other, "continue")
            elif other.python_stopped and python is None:
                python = other
        if python is not None:
            self._forward(python, "continue")
        return {"allThreadsContinued": True}

    def next_request(self, request: Request) -> None:
        self._step(request, "next")

    def stepIn_request(self, request: Request) -> None:
        thread = self._stopped_thread(request)
        if thread.native is None:
            self.session.python_events.arm_step_into_fn(thread)
        self._step(request, "stepIn", thread)

    def stepOut_request(self, request: Request) -> None:
        self._step(request, "stepOut")

    def _step(self, request: Request, how: str, thread=None) -> None:
        thread = thread or self._stopped_thread(request)
        thread.expected_stop = "step"
        if thread.native is None:
            self._forward(thread, how)
            return
        stop = thread.native
        if how == "stepOut" and stop.fn_frame_count() <= 1:
            self.session.native_events.return_to_python(thread, stop.gdb_thread, stop.saved_tstate)
            return
        self._resume_native(thread, _GDB_STEP[how])

    def _resume_native(self, thread, how: str) -> None:
        from ..native_events import restore_gil
        stop = thread.native
        restore_gil(self.session, thread)
        thread.native = None
        self._forget(thread)
        try:
            self.session.native.resume(stop.gdb_thread, how)
        except GdbError as exc:
            raise RequestError(f"gdb could not resume the thread: {exc}") from None

    def _forward(self, thread, command: str) -> dict:
        """Resume a thread pydevd holds. pydevd's reply is not waited for:
        the thread may reach a gdb breakpoint and stop holding the GIL before
        pydevd's writer thread gets to send it (a reply that never comes)."""
        s = self.session
        if s.python is None or not s.python.connected or thread.pydevd_id is None:
            raise RequestError(f"thread {thread.id} cannot be resumed")
        reply = s.python.send(command, {"threadId": thread.pydevd_id})
        reply.add_done_callback(lambda done: self._report_refusal(command, done))
        thread.python_step_pending = command != "continue"
        every = command == "continue"
        for other in s.threads.all() if every else [thread]:
            if other.native is None:
                other.python_stopped = False
                self._forget(other)
        return {"allThreadsContinued": every}

    def _report_refusal(self, command: str, reply) -> None:
        error = reply.exception()
        if isinstance(error, RequestFailed):
            self.session.channel.output(f"kiln debug: the Python debugger refused `{command}`: {error}\n",
                                        "console")

    def _forget(self, thread) -> None:
        self.session.handles.forget_thread(thread.id)

    def pause_request(self, request: Request) -> None:
        s = self.session
        s.require_debuggee("pause")
        thread_id = request.argument("threadId", int, required=True)
        thread = s.threads.get(thread_id)
        if thread is None:
            raise RequestError(f"there is no thread {thread_id}")
        if thread.stopped:
            return None
        thread.expected_stop = "pause"
        if s.python_events.bridged_functions():
            s.ensure_native()       # a thread deep in a fn call can only be stopped by gdb
        gdb_thread = thread.gdb_thread or (s.native.main_gdb_thread() if s.native and thread.pydevd_id ==
                                          s.threads.main_pydevd_id else None)
        if s.native is not None and s.native.attached and gdb_thread:
            thread.gdb_thread = gdb_thread
            s.native.interrupt(gdb_thread)      # the stop decides: fn code or back to pydevd
            return None
        if thread.pydevd_id is None or s.python is None or not s.python.connected:
            raise RequestError(f"thread {thread_id} cannot be paused")
        # not waited for: a thread in a long fn call holds the GIL pydevd needs
        s.python.send("pause", {"threadId": thread.pydevd_id})
        return None
