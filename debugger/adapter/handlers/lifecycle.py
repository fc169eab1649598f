"""initialize, launch, configurationDone, disconnect, terminate."""
from __future__ import annotations

import os

from ...python_tier.pydevd_link import Listener, PydevdLink, PythonTierError, kiln_source_dirs
from ..debuggee import Debuggee, own_python
from ..dispatch import DEFERRED
from ..launch_config import LaunchConfig
from ..protocol import Request, RequestError

START_TIMEOUT = 600.0            # compiling a large program cold takes a while

EXCEPTION_FILTERS = [
    {"filter": "raised", "label": "Raised Exceptions", "default": False,
     "description": "Stop when a Python exception is raised, even if it is caught."},
    {"filter": "uncaught", "label": "Uncaught Exceptions", "default": True,
     "description": "Stop when a Python exception is not caught."},
    {"filter": "userUnhandled", "label": "User Uncaught Exceptions", "default": False,
     "description": "Stop when an exception leaves the program's own code."},
]

CAPABILITIES = {
    "supportsConfigurationDoneRequest": True,
    "supportsConditionalBreakpoints": True,
    "supportsHitConditionalBreakpoints": True,
    "supportsLogPoints": True,
    "supportsEvaluateForHovers": True,
    "supportsTerminateRequest": True,
    "supportTerminateDebuggee": True,
    "supportsDelayedStackTraceLoading": False,
    "supportsExceptionInfoRequest": True,
    "exceptionBreakpointFilters": EXCEPTION_FILTERS,
}


class LifecycleHandlers:
    def __init__(self, session):
        self.session = session

    def initialize_request(self, request: Request) -> dict:
        self.session.client_arguments = dict(request.arguments)
        return CAPABILITIES

    def attach_request(self, request: Request):
        raise RequestError("the Kiln debugger launches programs itself: use a `launch` configuration")

    def launch_request(self, request: Request):
        s = self.session
        if s.debuggee is not None:
            raise RequestError("this session already launched a program")
        s.config = LaunchConfig.from_request(request, own_python())
        if s.config.no_debug:
            s.debuggee = self._spawn(None)
        else:
            self._start_debugging()
        s.channel.respond(request, None)
        s.channel.event("process", {"name": s.config.program, "systemProcessId": s.debuggee.pid,
                                    "isLocalProcess": True, "startMethod": "launch"})
        s.channel.event("initialized", {})
        return DEFERRED

    def _spawn(self, port: int | None) -> Debuggee:
        s = self.session
        return Debuggee(s.config, port,
                        on_output=lambda category, text: s.channel.output(text, category),
                        on_exit=lambda code: s.post(s.debuggee_exited, code))

    def _start_debugging(self) -> None:
        s = self.session
        listener = Listener()
        s.debuggee = self._spawn(listener.port)
        sock = listener.accept(lambda: s.debuggee.running and not s.abort.is_set(), START_TIMEOUT)
        if sock is None:
            raise RequestError(self._why_not_started())
        s.python = PydevdLink(sock, lambda message: s.post(s.python_events.handle, message),
                              lambda: s.post(s.python_events.connection_closed))
        try:
            s.python.handshake(s.debuggee.token, s.client_arguments, kiln_source_dirs(), s.config.just_my_code)
            s.python_events.learn_threads()
        except PythonTierError as exc:
            s.debuggee.kill()
            raise RequestError(str(exc)) from None
        from .breakpoints import BreakpointHandlers
        BreakpointHandlers(s).send_all_python()
        if s.exception_filters["filters"]:
            s.python.request("setExceptionBreakpoints", s.exception_filters, timeout=30)

    def _why_not_started(self) -> str:
        s = self.session
        if s.abort.is_set():
            s.debuggee.kill()
            return "the launch was cancelled"
        if s.debuggee.running:
            s.debuggee.kill()
            return "the program did not start within the time limit"
        s.debuggee.wait_drained()
        detail = "".join(s.debuggee.stderr_tail).strip()
        name = os.path.basename(s.config.program)
        if detail:
            return f"{name} did not start:\n{detail}"
        return f"{name} exited with code {s.debuggee.process.returncode} before the debugger connected"

    def configurationDone_request(self, request: Request) -> None:
        s = self.session
        s.configured = True
        if s.python is None:
            return None
        from .breakpoints import BreakpointHandlers
        BreakpointHandlers(s).apply_native_after_configuration()
        if s.config.stop_on_entry:
            s.python_events.stop_on_entry()
        s.python.request("configurationDone", {})
        return None

    def disconnect_request(self, request: Request) -> None:
        s = self.session
        terminate = request.argument("terminateDebuggee", bool, default=True)
        if s.debuggee is not None and s.debuggee.running:
            if terminate:
                s.debuggee.kill()
            else:
                self._let_go()
                s.let_go = True
        s.channel.respond(request, None)
        s.finished.set()
        return DEFERRED

    def _let_go(self) -> None:
        """Detach both debuggers and leave the program running."""
        s = self.session
        if s.native is not None and s.native.attached:
            from ..native_events import restore_all_gil
            restore_all_gil(s)
            s.native.detach()
        if s.python is not None:
            try:
                s.python.request("disconnect", {"terminateDebuggee": False}, timeout=5)
            except Exception:
                pass

    def terminate_request(self, request: Request) -> None:
        s = self.session
        debuggee = s.require_debuggee("terminate")
        if s.native is not None and s.native.attached:
            from ..native_events import restore_all_gil
            restore_all_gil(s)
            s.native.detach()
        if debuggee.running:
            import threading
            threading.Thread(target=debuggee.terminate, daemon=True).start()
        return None
