"""Fixtures for end-to-end debugger sessions: a real adapter process
(`kiln dap` on stdio), a real debuggee, real pydevd and gdb."""
from __future__ import annotations

import pathlib
import shutil

import pytest

from dap_client import DapTestClient

PROGRAMS = pathlib.Path(__file__).parent / "programs"

needs_gdb = pytest.mark.skipif(shutil.which("gdb") is None, reason="needs gdb")


def line_of(path: pathlib.Path, marker: str) -> int:
    """The line carrying `# MARKER` (tests never hard-code line numbers)."""
    for number, text in enumerate(path.read_text().splitlines(), start=1):
        if text.rstrip().endswith(f"# {marker}"):
            return number
    raise AssertionError(f"no `# {marker}` in {path}")


@pytest.fixture
def program(tmp_path):
    """Copy of a program from programs/ (sessions never share files)."""
    def copy(name: str) -> pathlib.Path:
        target = tmp_path / name
        shutil.copy(PROGRAMS / name, target)
        return target
    return copy


@pytest.fixture
def dap(shared_cache_dir):
    clients = []

    def start(**kwargs) -> DapTestClient:
        env = {"KILN_CACHE_DIR": str(shared_cache_dir)}
        env.update(kwargs.pop("env", {}))
        client = DapTestClient(env=env, **kwargs)
        clients.append(client)
        return client
    yield start
    for client in clients:
        client.close()


class Session:
    """A launched program, stopped or running: the usual DAP sequence."""

    def __init__(self, client: DapTestClient, path: pathlib.Path):
        self.client = client
        self.path = path

    def line(self, marker: str) -> int:
        return line_of(self.path, marker)

    def stopped(self, reason: str | None = None) -> dict:
        event = self.client.wait_event("stopped")["body"]
        if reason is not None:
            assert event["reason"] == reason, event
        return event

    def frames(self, thread_id: int) -> list[dict]:
        return self.client.call("stackTrace", {"threadId": thread_id})["stackFrames"]

    def top(self, thread_id: int) -> tuple[str, int]:
        frame = self.frames(thread_id)[0]
        return frame["name"], frame["line"]

    def locals(self, frame_id: int) -> dict[str, dict]:
        scopes = self.client.call("scopes", {"frameId": frame_id})["scopes"]
        ref = scopes[0]["variablesReference"]
        return {v["name"]: v for v in self.client.call("variables", {"variablesReference": ref})["variables"]}

    def children(self, variable: dict) -> dict[str, dict]:
        assert variable["variablesReference"], f"{variable['name']} has no children"
        items = self.client.call("variables", {"variablesReference": variable["variablesReference"]})
        return {v["name"]: v for v in items["variables"]}

    def step(self, how: str, thread_id: int) -> tuple[str, int]:
        self.client.call(how, {"threadId": thread_id})
        event = self.stopped("step")
        return self.top(event["threadId"])

    def run_to_end(self, thread_id: int) -> int:
        self.client.call("continue", {"threadId": thread_id})
        exit_code = self.client.wait_event("exited")["body"]["exitCode"]
        self.client.wait_event("terminated")
        return exit_code


@pytest.fixture
def launch(dap):
    def start(path: pathlib.Path, markers: list[str] = (), **launch_args) -> Session:
        client = dap()
        session = Session(client, path)
        client.call("initialize", {"adapterID": "kiln", "clientID": "pytest", "linesStartAt1": True,
                                   "columnsStartAt1": True, "pathFormat": "path"})
        client.send("launch", {"program": str(path), **launch_args})
        client.wait_event("initialized", timeout=120)
        if markers:
            # a marker, or (marker, extra fields such as a condition)
            lines = [{"line": session.line(m)} if isinstance(m, str) else {"line": session.line(m[0]), **m[1]}
                     for m in markers]
            body = client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": lines})
            session.breakpoints = body["breakpoints"]
        client.call("configurationDone", timeout=120)
        return session
    return start
