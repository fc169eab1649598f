"""The Python tier through the real adapter: breakpoints in `def` code,
locals, stepping over/into/out, evaluate, program output, the end."""
from conftest import line_of


def test_def_breakpoint_stops_with_line_and_locals(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["HELPER_BODY"])
    assert session.breakpoints[0]["verified"]
    event = session.stopped("breakpoint")
    assert event["hitBreakpointIds"] == [session.breakpoints[0]["id"]]
    frames = session.frames(event["threadId"])
    assert [(f["name"], f["line"]) for f in frames] == [
        ("helper", session.line("HELPER_BODY")), ("main", session.line("MAIN_HELPER"))]
    assert frames[0]["source"]["path"] == str(path)
    local_vars = session.locals(frames[0]["id"])
    assert (local_vars["a"]["value"], local_vars["b"]["value"]) == ("10", "3")
    assert "c" not in local_vars                      # not assigned yet
    caller = session.locals(frames[1]["id"])
    assert caller["label"]["value"] == "'hello'"
    value = session.client.call("evaluate", {"expression": "a * 4 + b", "frameId": frames[0]["id"],
                                             "context": "watch"})
    assert value["result"] == "43"
    assert session.run_to_end(event["threadId"]) == 0
    assert "result 78.25\n" in session.client.output("stdout")


def test_step_over_into_out_in_def_code(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["MAIN_HELPER"])
    thread = session.stopped("breakpoint")["threadId"]
    assert session.step("stepIn", thread) == ("helper", session.line("HELPER_BODY"))
    assert session.step("next", thread) == ("helper", session.line("HELPER_RETURN"))
    name, line = session.step("stepOut", thread)
    assert (name, line) == ("main", session.line("MAIN_HELPER"))
    assert session.step("next", thread) == ("main", session.line("MAIN_KERNEL"))
    # stepping over a line that calls an fn runs it natively and stops after it
    assert session.step("next", thread) == ("main", session.line("MAIN_PRINT"))
    assert session.run_to_end(thread) == 0


def test_condition_on_def_breakpoint(launch, program, tmp_path):
    path = tmp_path / "loop.kiln"
    path.write_text("def main():\n    total = 0\n    for i in range(10):\n        total += i   # BODY\n"
                    "    print(total)\n")
    session = launch(path, [("BODY", {"condition": "i == 7"})])
    client = session.client
    assert session.breakpoints[0]["verified"]
    thread = session.stopped("breakpoint")["threadId"]
    frame = session.frames(thread)[0]
    assert session.locals(frame["id"])["i"]["value"] == "7"
    assert session.run_to_end(thread) == 0
    assert client.output("stdout") == "45\n"


def test_stop_on_entry_then_an_uncaught_fault_from_fn_code(launch, program, dap):
    path = program("fault.kiln")
    client = dap()
    client.call("initialize", {"adapterID": "kiln"})
    client.send("launch", {"program": str(path), "stopOnEntry": True})
    client.wait_event("initialized", timeout=120)
    client.call("setExceptionBreakpoints", {"filters": ["uncaught"]})
    client.call("configurationDone")
    entry = client.wait_event("stopped")["body"]
    assert entry["reason"] == "entry"
    frames = client.call("stackTrace", {"threadId": entry["threadId"]})["stackFrames"]
    assert (frames[0]["name"], frames[0]["line"]) == ("<module>", 1)
    client.call("continue", {"threadId": entry["threadId"]})
    fault = client.wait_event("stopped")["body"]
    assert fault["reason"] == "exception" and "ZeroDivisionError" in fault["text"]
    info = client.call("exceptionInfo", {"threadId": fault["threadId"]})
    assert info["description"] == "integer division or modulo by zero"
    frames = client.call("stackTrace", {"threadId": fault["threadId"]})["stackFrames"]
    assert [f["line"] for f in frames] == [line_of(path, "COMPUTE_CALL"), line_of(path, "MAIN_CALL")]
    client.call("continue", {"threadId": fault["threadId"]})
    assert client.wait_event("exited")["body"]["exitCode"] == 1
    stderr = client.output("stderr")
    assert "ZeroDivisionError: integer division or modulo by zero" in stderr
    assert 'fault.kiln", line 2, in divide' in stderr                  # the fn frame too
