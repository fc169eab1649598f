"""One debug session: a client, a debuggee, and the two tier backends.

Everything that touches session state runs on one thread, the loop in
`Session.run`: client requests, pydevd's events and gdb's async records are
queued and handled in arrival order. Handlers may block on a backend's
reply (each has a timeout); they never wait for a stop, which arrives later
as an event of its own. So a `stopped` event always follows the response
to the request that caused it.
"""
from __future__ import annotations

import queue
import sys
import threading
from typing import Callable

from ..common.wire import MessageStream, ProtocolError
from .breakpoints import BreakpointRegistry
from .dispatch import Dispatcher
from .handles import HandleTable
from .protocol import ClientChannel, Request, RequestError
from .threads import ThreadTable
from .tiers import TierCache

# The requests that should reach a launch still waiting for the program.
_ABORTING = {"disconnect", "terminate"}


class Session:
    def __init__(self, stream: MessageStream):
        self.stream = stream
        self.channel = ClientChannel(stream)
        self._queue: queue.Queue = queue.Queue()
        self.finished = threading.Event()
        self.abort = threading.Event()          # the client gave up while a launch waits
        self.threads = ThreadTable()
        self.handles = HandleTable()
        self.breakpoints = BreakpointRegistry()
        self.tiers = TierCache()
        self.client_arguments: dict = {}
        self.config = None                       # LaunchConfig
        self.debuggee = None                     # Debuggee
        self.python = None                       # PydevdLink
        self.native = None                       # NativeTier (once attached)
        self.native_error = ""                   # why gdb cannot be used
        self.configured = False
        self.let_go = False                      # disconnected, leaving the program running
        self.exception_filters: dict = {"filters": []}
        from .handlers import all_handlers
        from .python_events import PythonEvents
        from .native_events import NativeEvents
        self.dispatcher = Dispatcher(self.channel, all_handlers(self))
        self.python_events = PythonEvents(self)
        self.native_events = NativeEvents(self)

    # the loop

    def post(self, function: Callable, *args) -> None:
        """Run `function(*args)` on the session thread."""
        self._queue.put((function, args))

    def run(self) -> None:
        threading.Thread(target=self._read_client, name="dap-client-reader", daemon=True).start()
        while not self.finished.is_set():
            function, args = self._queue.get()
            try:
                function(*args)
            except Exception:  # a Kiln bug in an event handler: log it, keep the session
                import traceback
                print("kiln debug adapter: internal error:", file=sys.stderr)
                traceback.print_exc(file=sys.stderr)
        self.shutdown()

    def _read_client(self) -> None:
        try:
            while True:
                message = self.stream.read()
                if message is None:
                    break
                if message.get("type") != "request":
                    continue
                request = Request.from_message(message)
                if request.command in _ABORTING:
                    self.abort.set()
                self.post(self.dispatcher.dispatch, request)
        except (OSError, ValueError, ProtocolError) as exc:
            print(f"kiln debug adapter: the client connection failed: {exc}", file=sys.stderr)
        self.post(self.client_gone)

    def client_gone(self) -> None:
        self.channel.closed = True
        self.finished.set()

    # backends

    def require_debuggee(self, command: str):
        if self.debuggee is None:
            raise RequestError(f"`{command}` needs a running program: send `launch` first")
        return self.debuggee

    def ensure_native(self) -> bool:
        """Attach gdb if it is not attached yet; False (with native_error
        set) when the compiled tier cannot be debugged."""
        if self.native is not None and self.native.attached:
            return True
        if self.native_error or self.debuggee is None or not self.debuggee.running or self.python is None:
            return False
        from ..native_tier.backend import NativeTier
        from ..native_tier.cpython_helper import find_helper
        from ..native_tier.gdb_process import GdbError, GdbUnavailable
        native = NativeTier(lambda record: self.post(self.native_events.handle, record),
                            lambda: self.post(self.native_events.gdb_exited))
        try:
            native.attach(self.debuggee.pid, find_helper(self.config.python))
        except (GdbUnavailable, GdbError) as exc:
            native.close()
            self.native_error = f"cannot debug fn code: {exc}"
            self.channel.output(f"kiln debug: {self.native_error}\n", "console")
            return False
        self.native = native
        if native.python_helper_error:
            self.channel.output(f"kiln debug: Python frames below fn frames are not shown: "
                                f"{native.python_helper_error}\n", "console")
        return True

    # the end

    def debuggee_exited(self, code: int) -> None:
        self.close_backends()
        self.channel.event("exited", {"exitCode": code})
        self.channel.event("terminated", {})

    def close_backends(self) -> None:
        if self.native is not None:
            self.native.close()
        if self.python is not None:
            self.python.close()

    def shutdown(self) -> None:
        if self.debuggee is not None and self.debuggee.running:
            if self.let_go:
                # Its stdout and stderr are our pipes: keep draining them (this
                # process stays until the program ends) or its prints would fail.
                threading.Thread(target=self.debuggee.process.wait, name="let-go").start()
            else:
                self.debuggee.kill()
        self.close_backends()
        self.stream.close_writer()
