"""The compiled tier through the real adapter and gdb: breakpoints in `fn`
code, typed values (Int, Float64, Bool, struct fields, SIMD lanes,
pointers), evaluate, stepping over/into/out within fn code."""
from conftest import needs_gdb

pytestmark = needs_gdb


def test_fn_breakpoint_shows_typed_values(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["KERNEL_CALL"])
    client = session.client
    assert session.breakpoints[0]["verified"] is False     # gdb attaches at configurationDone
    client.wait_event("breakpoint", lambda e: e["body"]["breakpoint"]["verified"])
    event = session.stopped("breakpoint")
    assert event["hitBreakpointIds"] == [session.breakpoints[0]["id"]]
    frames = session.frames(event["threadId"])
    assert (frames[0]["name"], frames[0]["line"]) == ("kernel", session.line("KERNEL_CALL"))
    assert frames[0]["source"]["path"] == str(path)

    values = session.locals(frames[0]["id"])
    assert (values["n"]["value"], values["n"]["type"]) == ("26", "Int")
    assert (values["scale"]["value"], values["scale"]["type"]) == ("2.5", "Float64")
    assert (values["count"]["value"], values["ratio"]["value"]) == ("52", "1.25")
    assert (values["flag"]["value"], values["flag"]["type"]) == ("True", "Bool")
    assert "total" not in values                         # declared on this line: no value yet

    point = values["p"]
    assert (point["type"], point["value"]) == ("Point", "Point(x=3.0, y=4.0)")
    fields = session.children(point)
    assert {n: (v["value"], v["type"]) for n, v in fields.items()} == {
        "x": ("3.0", "Float64"), "y": ("4.0", "Float64")}

    lanes = values["lanes"]
    assert lanes["value"] == "[1.5, 1.5, 7.0, 1.5]"
    assert lanes["type"].startswith("SIMD[") and "float32" in lanes["type"]
    assert [v["value"] for v in session.children(lanes).values()] == ["1.5", "1.5", "7.0", "1.5"]

    pointer = values["buf"]
    assert pointer["type"] == "UnsafePointer[Float32]"
    assert pointer["value"].startswith("0x") and int(pointer["value"], 16) != 0
    assert session.children(pointer)["[0]"]["value"] == "0.25"

    for expression, expected in (("p.y", "4.0"), ("lanes[2]", "7.0"), ("count", "52"), ("buf[0]", "0.25")):
        result = client.call("evaluate", {"expression": expression, "frameId": frames[0]["id"], "context": "watch"})
        assert result["result"] == expected, expression
    failure = client.request("evaluate", {"expression": "nothing_here", "frameId": frames[0]["id"]})
    assert not failure["success"] and "nothing_here" in failure["message"]
    assert session.run_to_end(event["threadId"]) == 0
    assert "result 78.25\n" in client.output("stdout")


def test_step_over_into_out_in_fn_code(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["NORM2_FIRST"])
    thread = session.stopped("breakpoint")["threadId"]
    assert session.top(thread) == ("norm2", session.line("NORM2_FIRST"))
    assert session.step("next", thread) == ("norm2", session.line("NORM2_SECOND"))
    assert session.step("stepIn", thread) == ("square", session.line("SQUARE_BODY"))
    frames = session.frames(thread)
    assert [f["name"] for f in frames[:3]] == ["square", "norm2", "kernel"]
    assert session.locals(frames[0]["id"])["v"]["value"] == "4.0"
    # finish: back in the caller, on the line of the call
    assert session.step("stepOut", thread) == ("norm2", session.line("NORM2_SECOND"))
    values = session.locals(session.frames(thread)[0]["id"])
    assert values["a"]["value"] == "9.0"
    session.client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    assert session.run_to_end(thread) == 0


def test_the_programs_own_signals_pass_through_gdb(launch, program):
    path = program("signals.kiln")
    session = launch(path, ["ADD"])
    thread = session.stopped("breakpoint")["threadId"]
    assert session.run_to_end(thread) == 0
    assert session.client.output("stdout") == "3\n['usr1']\n"
