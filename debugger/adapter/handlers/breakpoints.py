"""setBreakpoints (routed by tier), setExceptionBreakpoints, setFunctionBreakpoints.

A line inside an `fn` becomes a gdb breakpoint at `file.kiln:LINE` (pending
until the compiled module is loaded); any other line goes to pydevd, which
would also accept an `fn` line and never stop there."""
from __future__ import annotations

import os

from ...common.client import RequestFailed
from ...native_tier.gdb_process import GdbError
from ..breakpoints import SourceBreakpoint
from ..protocol import Request, RequestError
from ..tiers import LineTier, Tier

WAITING = "waits for the program to start"


class BreakpointHandlers:
    def __init__(self, session):
        self.session = session

    def setBreakpoints_request(self, request: Request) -> dict:
        s = self.session
        source = request.argument("source", dict, required=True)
        path = source.get("path")
        if not isinstance(path, str) or not path:
            raise RequestError("`setBreakpoints` needs `source.path` (breakpoints in sources without a file "
                               "are not supported)")
        path = os.path.abspath(path)
        specs = request.argument("breakpoints", list, default=None)
        if specs is None:
            specs = [{"line": line} for line in request.argument("lines", list, default=[])]
        if not all(isinstance(spec, dict) and isinstance(spec.get("line"), int) for spec in specs):
            raise RequestError("`setBreakpoints`: every breakpoint needs an integer `line`")
        old = s.breakpoints.by_source.get(path, [])
        new = [s.breakpoints.new(path, spec, self._tier(path, spec["line"])) for spec in specs]
        s.breakpoints.by_source[path] = new
        self.apply_python(path)
        self._replace_native(old, new)
        return {"breakpoints": [b.to_dap() for b in new]}

    def _tier(self, path: str, line: int) -> LineTier:
        tiers = self.session.tiers.of_file(path)
        if tiers is None:
            return LineTier(Tier.NONE, reason=f"cannot read {path}")
        return tiers.of(line)

    # Python tier

    def send_all_python(self) -> None:
        for path in list(self.session.breakpoints.by_source):
            self.apply_python(path)

    def apply_python(self, path: str) -> None:
        """Send pydevd the Python-tier breakpoints of one file (all of them:
        pydevd replaces a file's set), plus the stop-on-entry one if it is there."""
        s = self.session
        items = [b for b in s.breakpoints.by_source.get(path, []) if b.tier.tier is Tier.PYTHON]
        for b in s.breakpoints.by_source.get(path, []):
            if b.tier.tier is Tier.NONE:
                b.verified, b.message = False, b.tier.reason
        if s.python is None or not s.python.connected:
            for b in items:
                b.verified, b.message = False, WAITING
            return
        specs = [self._pydevd_spec(b) for b in items]
        entry = s.python_events.entry_line
        if entry is not None and entry[0] == path:
            specs.append({"line": entry[1]})
        if not specs and not self._had_python(path):
            return
        try:
            answer = s.python.request("setBreakpoints", {"source": {"path": path}, "breakpoints": specs},
                                      timeout=self._python_timeout())
        except (RequestFailed, TimeoutError) as exc:
            for b in items:
                b.verified, b.message = False, f"the Python debugger did not accept it: {exc}"
            return
        s.python_events.pydevd_sources.add(path)
        results = answer.get("breakpoints", [])
        if entry is not None and entry[0] == path and len(results) > len(items):
            s.python_events.entry_pydevd_id = results[len(items)].get("id")
        for b, result in zip(items, results):
            b.pydevd_id = result.get("id")
            b.verified = bool(result.get("verified"))
            b.actual_line = result.get("line") or b.line
            b.message = result.get("message", "")

    def _had_python(self, path: str) -> bool:
        return path in self.session.python_events.pydevd_sources

    def _python_timeout(self) -> float:
        # pydevd cannot answer while a thread stopped by gdb holds the GIL
        return 5.0 if any(t.native for t in self.session.threads.all()) else 30.0

    @staticmethod
    def _pydevd_spec(b: SourceBreakpoint) -> dict:
        spec = {"line": b.line}
        if b.condition:
            spec["condition"] = b.condition
        if b.hit_condition:
            spec["hitCondition"] = b.hit_condition
        if b.log_message:
            spec["logMessage"] = b.log_message
        return spec

    # compiled tier

    def _replace_native(self, old: list[SourceBreakpoint], new: list[SourceBreakpoint]) -> None:
        s = self.session
        numbers = [b.gdb_number for b in old if b.gdb_number]
        if numbers and s.native is not None:
            s.native.delete_breakpoints(numbers)
        wanted = [b for b in new if b.tier.tier is Tier.NATIVE]
        if not wanted:
            return
        if not s.configured:
            for b in wanted:
                b.verified, b.message = False, WAITING
            return
        if not s.ensure_native():
            for b in wanted:
                b.verified, b.message = False, s.native_error or "the program is not running"
            return
        for b in wanted:
            self._insert_native(b)

    def apply_native_after_configuration(self) -> None:
        wanted = [b for b in self.session.breakpoints.all() if b.tier.tier is Tier.NATIVE]
        if not wanted:
            return
        if not self.session.ensure_native():
            for b in wanted:
                self._changed(b, False, self.session.native_error)
            return
        for b in wanted:
            self._insert_native(b)
            self.session.channel.event("breakpoint", {"reason": "changed", "breakpoint": b.to_dap()})

    def _insert_native(self, b: SourceBreakpoint) -> None:
        if b.log_message:
            b.verified, b.message = False, "log points are supported in Python code only"
            return
        ignore = 0
        if b.hit_condition:
            if not b.hit_condition.strip().isdigit():
                b.verified, b.message = False, "in fn code a hit count must be a number (stop on the N-th hit)"
                return
            ignore = max(0, int(b.hit_condition) - 1)
        try:
            result = self.session.native.insert_breakpoint(b.path, b.line, b.condition, ignore)
        except GdbError as exc:
            b.verified, b.message = False, str(exc)
            return
        b.gdb_number = result.number
        b.verified, b.message = result.verified, result.message
        b.actual_line = result.line or b.line

    def _changed(self, b: SourceBreakpoint, verified: bool, message: str) -> None:
        b.verified, b.message = verified, message
        self.session.channel.event("breakpoint", {"reason": "changed", "breakpoint": b.to_dap()})

    # exceptions and functions

    def setExceptionBreakpoints_request(self, request: Request) -> dict:
        s = self.session
        filters = request.argument("filters", list, default=[])
        if "uncaught" in filters and "userUnhandled" not in filters:
            # `kiln run` catches the program's exceptions to report them (in
            # Kiln's own frames, which are not "my code"): for pydevd an
            # exception the program does not catch is "user-unhandled".
            filters = [*filters, "userUnhandled"]
        s.exception_filters = {"filters": filters}
        if s.python is not None and s.python.connected:
            try:
                s.python.request("setExceptionBreakpoints", s.exception_filters, timeout=self._python_timeout())
            except (RequestFailed, TimeoutError) as exc:
                raise RequestError(f"the Python debugger did not accept the exception filters: {exc}") from None
        return {}

    def setFunctionBreakpoints_request(self, request: Request) -> dict:
        specs = request.argument("breakpoints", list, default=[])
        return {"breakpoints": [{"verified": False, "message": "function breakpoints are not supported yet: "
                                 "set a breakpoint on the function's first line"} for _ in specs]}
