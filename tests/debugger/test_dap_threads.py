"""Threads in fn code: parallelize's native workers stop as threads of
their own; a Python thread stopped in an fn is the same thread pydevd
names, with its def frames below."""
from conftest import needs_gdb

pytestmark = needs_gdb


def test_parallel_workers_and_a_python_thread_in_fn_code(launch, program):
    path = program("threads.kiln")
    session = launch(path, ["WORKER", "TWICE_RETURN"])
    client = session.client
    worker = session.stopped("breakpoint")
    frames = session.frames(worker["threadId"])
    assert frames[0]["name"].endswith("work") and frames[0]["line"] == session.line("WORKER")
    values = session.locals(frames[0]["id"])
    assert 0 <= int(values["i"]["value"]) < 4
    assert int(values["v"]["value"]) == int(values["i"]["value"]) ** 2
    assert worker["threadId"] in [t["id"] for t in client.call("threads")["threads"]]

    # only the breakpoint in `twice` now; continue runs every stopped worker
    client.call("setBreakpoints", {"source": {"path": str(path)},
                                   "breakpoints": [{"line": session.line("TWICE_RETURN")}]})
    client.resume("continue", {"threadId": worker["threadId"]})
    doubler = session.stopped("breakpoint")
    names = {t["id"]: t["name"] for t in client.call("threads")["threads"]}
    assert names[doubler["threadId"]] == "doubler"
    frames = session.frames(doubler["threadId"])
    assert [(f["name"], f["line"]) for f in frames] == [
        ("twice", session.line("TWICE_RETURN")), ("in_thread", session.line("THREAD_CALL"))]
    assert session.locals(frames[0]["id"])["y"]["value"] == "42"
    assert session.locals(frames[1]["id"])["results"]["value"] == "[]"
    assert session.run_to_end(doubler["threadId"]) == 0
    assert client.output("stdout") == "[0, 1, 4, 9]\n[42]\n"
