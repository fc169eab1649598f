"""pause (in fn code through gdb, in def code through pydevd) and terminate."""
from conftest import needs_gdb

pytestmark = needs_gdb


def test_pause_inside_a_long_fn_call_then_terminate(launch, program):
    path = program("spin.kiln")
    session = launch(path, [("SPIN_BODY", {"hitCondition": "1000"})])
    client = session.client
    thread = session.stopped("breakpoint")["threadId"]
    frame = session.frames(thread)[0]
    assert session.locals(frame["id"])["i"]["value"] == "999"
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    client.call("continue", {"threadId": thread})
    client.call("pause", {"threadId": thread})
    session.stopped("pause")
    frames = session.frames(thread)
    assert [f["name"] for f in frames] == ["spin", "main"]
    assert int(session.locals(frames[0]["id"])["i"]["value"]) >= 999
    client.call("terminate")
    assert client.wait_event("exited")["body"]["exitCode"] != 0
    client.wait_event("terminated")


def test_pause_a_python_loop(launch, program):
    path = program("spin.kiln")
    session = launch(path, [("PY_LOOP", {"hitCondition": "100"})], args=["python"])
    client = session.client
    thread = session.stopped("breakpoint")["threadId"]
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    client.call("continue", {"threadId": thread})
    client.call("pause", {"threadId": thread})
    session.stopped("pause")
    frames = session.frames(thread)
    assert frames[0]["name"] == "count_up"
    assert int(session.locals(frames[0]["id"])["x"]["value"]) >= 100
    client.call("disconnect", {"terminateDebuggee": True})
