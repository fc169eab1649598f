"""One session over both tiers: breakpoints in def and fn code stop in
program order, the call stack shows fn frames above the def frames that
called them, and stepping crosses between the tiers."""
from conftest import needs_gdb

pytestmark = needs_gdb


def test_def_and_fn_breakpoints_stop_in_order_with_one_stack(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["HELPER_BODY", "SQUARE_BODY", "MAIN_PRINT"])
    ids = [b["id"] for b in session.breakpoints]
    client = session.client

    first = session.stopped("breakpoint")
    assert first["hitBreakpointIds"] == [ids[0]]
    assert session.top(first["threadId"]) == ("helper", session.line("HELPER_BODY"))
    client.call("continue", {"threadId": first["threadId"]})

    second = session.stopped("breakpoint")
    assert second["hitBreakpointIds"] == [ids[1]]
    thread = second["threadId"]
    assert thread == first["threadId"]          # the same (main) thread, in either tier
    assert [t["id"] for t in client.call("threads")["threads"]] == [thread]
    frames = session.frames(thread)
    assert [(f["name"], f["line"]) for f in frames] == [
        ("square", session.line("SQUARE_BODY")), ("norm2", session.line("NORM2_FIRST")),
        ("kernel", session.line("KERNEL_CALL")), ("main", session.line("MAIN_KERNEL"))]
    assert all(f["source"]["path"] == str(path) for f in frames)
    # the def frame under the fn frames has its Python locals
    caller = session.locals(frames[3]["id"])
    assert (caller["x"]["value"], caller["y"]["value"], caller["label"]["value"]) == ("10", "26", "'hello'")
    assert client.call("evaluate", {"expression": "y", "frameId": frames[3]["id"]})["result"] == "26"
    assert session.locals(frames[2]["id"])["count"]["value"] == "52"
    client.call("continue", {"threadId": thread})

    third = session.stopped("breakpoint")           # square again, for p.y
    assert session.locals(session.frames(third["threadId"])[0]["id"])["v"]["value"] == "4.0"
    client.call("continue", {"threadId": thread})

    fourth = session.stopped("breakpoint")
    assert fourth["hitBreakpointIds"] == [ids[2]]
    assert session.top(thread) == ("main", session.line("MAIN_PRINT"))
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    assert session.run_to_end(thread) == 0
    assert client.output("stdout") == "result 78.25\nnorm 5.0\n"


def test_step_from_def_into_fn_and_back_out(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["MAIN_NORM2"])
    thread = session.stopped("breakpoint")["threadId"]
    # into the fn: its first body line, with the arguments stored
    assert session.step("stepIn", thread) == ("norm2", session.line("NORM2_FIRST"))
    frames = session.frames(thread)
    assert [f["name"] for f in frames] == ["norm2", "main"]
    assert session.locals(frames[0]["id"])["p"]["value"] == "Point(x=1.0, y=2.0)"
    # out of the outermost fn frame: the next Python line of the caller
    assert session.step("stepOut", thread) == ("main", session.line("MAIN_NORM2") + 1)
    assert session.run_to_end(thread) == 0
    assert client_output_lines(session) == ["result 78.25", "norm 5.0"]


def test_step_over_the_last_fn_line_returns_to_def(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["SQUARE_BODY"])
    thread = session.stopped("breakpoint")["threadId"]
    client = session.client
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    assert session.step("next", thread) == ("square", session.line("SQUARE_BODY") + 1)
    assert session.step("stepOut", thread) == ("norm2", session.line("NORM2_FIRST"))
    assert session.step("stepOut", thread) == ("kernel", session.line("KERNEL_CALL"))
    # kernel's remaining lines, then its return into the bridge: the next def line
    for _ in range(10):
        name, line = session.step("next", thread)
        if name != "kernel":
            break
    assert (name, line) == ("main", session.line("MAIN_PRINT"))
    assert session.run_to_end(thread) == 0


def client_output_lines(session) -> list[str]:
    return session.client.output("stdout").splitlines()


def test_disconnect_without_terminating_lets_the_program_finish(launch, tmp_path):
    path = tmp_path / "finish.kiln"
    done = tmp_path / "done.txt"
    path.write_text("import sys\n\n\nfn triple(x: Int) -> Int:\n    let y = x * 3           # TRIPLE\n    return y\n\n\n"
                    "def main():\n    value = triple(14)\n    print(value)\n"
                    "    with open(sys.argv[1], 'w') as f:\n        f.write(str(value))\n")
    session = launch(path, ["TRIPLE"], args=[str(done)])
    client = session.client
    session.stopped("breakpoint")
    client.call("disconnect", {"terminateDebuggee": False})
    client.process.wait(60)         # the adapter stays until the program it let go of ends
    assert done.read_text() == "42"


def test_a_breakpoint_met_while_stepping_over_is_reported_as_one(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["MAIN_KERNEL", "NORM2_FIRST", "SQUARE_BODY"])
    client = session.client
    ids = [b["id"] for b in session.breakpoints]
    thread = session.stopped("breakpoint")["threadId"]
    client.resume("next", {"threadId": thread})          # def line calling kernel -> norm2
    event = session.stopped("breakpoint")
    assert event["hitBreakpointIds"] == [ids[1]]
    client.resume("next", {"threadId": thread})          # fn line calling square
    event = session.stopped("breakpoint")
    assert event["hitBreakpointIds"] == [ids[2]]
    assert session.top(thread) == ("square", session.line("SQUARE_BODY"))
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    assert session.run_to_end(thread) == 0
