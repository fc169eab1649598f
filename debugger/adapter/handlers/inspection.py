"""threads, stackTrace, scopes, variables, evaluate, exceptionInfo, source.

A thread stopped by pydevd shows pydevd's frames and values. A thread
stopped by gdb shows its fn frames (typed values read through DWARF) and,
below the bridge, the Python frames that called them (read from CPython's
frame structures by gdb), in one call stack."""
from __future__ import annotations

from ...common.client import ConnectionLost, RequestFailed
from ...native_tier.gdb_process import GdbError
from ..handles import (BridgedPythonFrame, BridgedPythonLocals, NativeFrame, NativeVariables,
                       PydevdFrame, PydevdVariables)
from ..protocol import Request, RequestError
from ..stack import native_stack_frames
from ..values import display_type, native_variable, python_from_gdb_variable


class InspectionHandlers:
    def __init__(self, session):
        self.session = session

    # threads and frames

    def threads_request(self, request: Request) -> dict:
        s = self.session
        if s.python is not None and s.python.connected:
            s.python_events.learn_threads(timeout=2.0 if any(t.native for t in s.threads.all()) else 10.0)
        return {"threads": [{"id": t.id, "name": t.name} for t in s.threads.all()]}

    def stackTrace_request(self, request: Request) -> dict:
        s = self.session
        thread_id = request.argument("threadId", int, required=True)
        thread = s.threads.get(thread_id)
        if thread is None or not thread.stopped:
            raise RequestError(f"thread {thread_id} is not stopped")
        start = request.argument("startFrame", int, default=0)
        levels = request.argument("levels", int, default=0)
        if thread.native is not None:
            frames = native_stack_frames(s, thread)
        else:
            frames = self._python_frames(thread)
        total = len(frames)
        frames = frames[start:start + levels] if levels else frames[start:]
        return {"stackFrames": frames, "totalFrames": total}

    def _python_frames(self, thread) -> list:
        body = self._pydevd("stackTrace", {"threadId": thread.pydevd_id})
        frames = []
        for frame in body.get("stackFrames", []):
            frame = dict(frame)
            frame["id"] = self.session.handles.add(PydevdFrame(thread.id, frame["id"]))
            frames.append(frame)
        return frames

    def _pydevd(self, command: str, arguments: dict) -> dict:
        s = self.session
        if s.python is None:
            raise RequestError("the Python debugger is not connected")
        try:
            return s.python.request(command, arguments, timeout=10)
        except (RequestFailed, ConnectionLost, TimeoutError) as exc:
            raise RequestError(str(exc)) from None

    def _frame(self, request: Request):
        frame_id = request.argument("frameId", int, required=True)
        frame = self.session.handles.get(frame_id)
        if frame is None:
            raise RequestError(f"frame {frame_id} is gone (the thread ran on)")
        return frame

    def scopes_request(self, request: Request) -> dict:
        frame = self._frame(request)
        handles = self.session.handles
        if isinstance(frame, PydevdFrame):
            body = self._pydevd("scopes", {"frameId": frame.pydevd_id})
            scopes = []
            for scope in body.get("scopes", []):
                scope = dict(scope)
                scope["variablesReference"] = handles.add(PydevdVariables(frame.thread_id,
                                                                          scope["variablesReference"]))
                scopes.append(scope)
            return {"scopes": scopes}
        if isinstance(frame, NativeFrame):
            ref = handles.add(NativeVariables(frame.thread_id, frame.gdb_thread, frame.level))
        elif isinstance(frame, BridgedPythonFrame):
            ref = handles.add(BridgedPythonLocals(frame.thread_id, frame.gdb_thread, frame.level, frame.index))
        else:
            raise RequestError("that is not a frame")
        return {"scopes": [{"name": "Locals", "presentationHint": "locals", "variablesReference": ref,
                            "expensive": False}]}

    # values

    def variables_request(self, request: Request) -> dict:
        s = self.session
        ref = request.argument("variablesReference", int, required=True)
        container = s.handles.get(ref)
        if container is None:
            raise RequestError(f"variables {ref} are gone (the thread ran on)")
        if isinstance(container, PydevdVariables):
            return {"variables": self._python_variables(container, request)}
        try:
            if isinstance(container, BridgedPythonLocals):
                items = s.native.python_locals(container.gdb_thread, container.level, container.index)
                return {"variables": [python_from_gdb_variable(v) for v in items]}
            if isinstance(container, NativeVariables):
                return {"variables": self._native_variables(container)}
        except GdbError as exc:
            raise RequestError(f"cannot read the values: {exc}") from None
        raise RequestError(f"{ref} does not refer to variables")

    def _python_variables(self, container: PydevdVariables, request: Request) -> list:
        arguments = dict(request.arguments)
        arguments["variablesReference"] = container.pydevd_ref
        out = []
        for variable in self._pydevd("variables", arguments).get("variables", []):
            variable = dict(variable)
            if variable.get("variablesReference"):
                variable["variablesReference"] = self.session.handles.add(
                    PydevdVariables(container.thread_id, variable["variablesReference"]))
            out.append(variable)
        return out

    def _native_variables(self, c: NativeVariables) -> list:
        native = self.session.native
        if c.path:
            items = native.fn_children(c.gdb_thread, c.level, c.path)
        else:
            items = native.fn_locals(c.gdb_thread, c.level)
        out = []
        for item in items:
            path = (*c.path, item["name"])
            child = NativeVariables(c.thread_id, c.gdb_thread, c.level, path)
            ref = self.session.handles.add(child) if int(item.get("children", "0")) else 0
            out.append(native_variable(item, path, ref))
        return out

    def evaluate_request(self, request: Request) -> dict:
        s = self.session
        expression = request.argument("expression", str, required=True)
        frame_id = request.argument("frameId", int, default=None)
        frame = s.handles.get(frame_id) if frame_id is not None else None
        if frame_id is not None and frame is None:
            raise RequestError(f"frame {frame_id} is gone (the thread ran on)")
        if frame is None or isinstance(frame, PydevdFrame):
            return self._evaluate_python(request, frame)
        try:
            if isinstance(frame, NativeFrame):
                item = s.native.fn_evaluate(frame.gdb_thread, frame.level, expression)
                return self._evaluate_result(frame, item)
            item = s.native.python_evaluate(frame.gdb_thread, frame.level, frame.index, expression.strip())
            return {"result": item["value"], "type": item.get("type", ""), "variablesReference": 0}
        except GdbError as exc:
            raise RequestError(str(exc)) from None

    def _evaluate_result(self, frame: NativeFrame, item: dict) -> dict:
        ref = 0
        if item.get("path") and int(item.get("children", "0")):
            import json
            path = tuple(json.loads(item["path"]))
            ref = self.session.handles.add(NativeVariables(frame.thread_id, frame.gdb_thread, frame.level, path))
        return {"result": item["value"], "type": display_type(item.get("type", "")), "variablesReference": ref}

    def _evaluate_python(self, request: Request, frame) -> dict:
        arguments = dict(request.arguments)
        thread_id = None
        if frame is not None:
            arguments["frameId"] = frame.pydevd_id
            thread_id = frame.thread_id
        body = dict(self._pydevd("evaluate", arguments))
        if body.get("variablesReference") and thread_id is not None:
            body["variablesReference"] = self.session.handles.add(
                PydevdVariables(thread_id, body["variablesReference"]))
        else:
            body["variablesReference"] = 0
        return body

    def exceptionInfo_request(self, request: Request) -> dict:
        thread_id = request.argument("threadId", int, required=True)
        thread = self.session.threads.get(thread_id)
        if thread is None or thread.pydevd_id is None or not thread.python_stopped:
            raise RequestError(f"thread {thread_id} is not stopped on a Python exception")
        return self._pydevd("exceptionInfo", {"threadId": thread.pydevd_id})

    def source_request(self, request: Request) -> dict:
        source = request.argument("source", dict, default={})
        reference = request.argument("sourceReference", int, default=source.get("sourceReference", 0))
        if not reference:
            raise RequestError("no source is available for this frame")
        return self._pydevd("source", {"sourceReference": reference, "source": source})
