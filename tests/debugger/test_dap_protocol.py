"""The protocol itself: message order, failure responses for bad requests,
launch failures that say why, and the TCP transport on 127.0.0.1."""
import re
import socket
import subprocess
import sys

from conftest import line_of
from dap_client import DapTestClient


def _index(client, predicate) -> int:
    return next(i for i, m in enumerate(client.messages) if predicate(m))


def test_message_order_of_a_whole_session(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["HELPER_BODY"])
    client = session.client
    thread = session.stopped("breakpoint")["threadId"]
    assert session.run_to_end(thread) == 0
    messages = client.messages
    init_response = _index(client, lambda m: m.get("command") == "initialize")
    initialized = _index(client, lambda m: m.get("event") == "initialized")
    launch_response = _index(client, lambda m: m.get("command") == "launch")
    config_done = _index(client, lambda m: m.get("command") == "configurationDone")
    stopped = _index(client, lambda m: m.get("event") == "stopped")
    continue_response = _index(client, lambda m: m.get("command") == "continue")
    exited = _index(client, lambda m: m.get("event") == "exited")
    terminated = _index(client, lambda m: m.get("event") == "terminated")
    assert init_response < launch_response < initialized < config_done < stopped < continue_response
    assert continue_response < exited < terminated
    assert terminated == len(messages) - 1 or all(m.get("type") == "response" for m in messages[terminated + 1:])
    output = _index(client, lambda m: m.get("event") == "output" and "result" in m["body"]["output"])
    assert output < exited
    assert [m["seq"] for m in messages] == sorted(m["seq"] for m in messages)
    assert all(m["type"] in ("response", "event") for m in messages)


def listening_addresses(pid: int) -> list[str]:
    """Local addresses of the TCP sockets `pid` listens on ([] without `ss`)."""
    try:
        out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.split()[3] for line in out.splitlines() if f"pid={pid}," in line]


def test_nothing_listens_while_debugging(launch, program):
    path = program("tiers.kiln")
    session = launch(path, ["SQUARE_BODY"])
    client = session.client
    debuggee = client.events("process")[0]["body"]["systemProcessId"]
    thread = session.stopped("breakpoint")["threadId"]
    assert listening_addresses(debuggee) == []
    assert listening_addresses(client.process.pid) == []
    client.call("setBreakpoints", {"source": {"path": str(path)}, "breakpoints": []})
    assert session.run_to_end(thread) == 0


def test_bad_requests_get_failure_responses(dap):
    client = dap()
    client.call("initialize", {"adapterID": "kiln"})
    unknown = client.request("frobnicate", {})
    assert not unknown["success"] and "frobnicate" in unknown["message"]
    missing = client.request("launch", {})
    assert not missing["success"] and "program" in missing["message"]
    typed = client.request("launch", {"program": 42})
    assert not typed["success"] and "must be str" in typed["message"]
    absent = client.request("launch", {"program": "/no/such/file.kiln"})
    assert not absent["success"] and "no such file" in absent["message"]
    for command, arguments in (("stackTrace", {"threadId": 7}), ("continue", {"threadId": 7}),
                               ("variables", {"variablesReference": 99}), ("scopes", {"frameId": 5})):
        response = client.request(command, arguments)
        assert not response["success"], command
        assert response["body"]["error"]["format"] == response["message"]
    attach = client.request("attach", {})
    assert not attach["success"] and "launch" in attach["message"]
    # the adapter is still serving
    assert client.call("threads") == {"threads": []}


def test_launch_of_a_program_with_errors_reports_them(dap, program):
    path = program("broken.kiln")
    client = dap()
    client.call("initialize", {"adapterID": "kiln"})
    response = client.request("launch", {"program": str(path)}, timeout=120)
    assert not response["success"]
    assert "K0240" in response["message"] and "broken.kiln:2:12" in response["message"]
    assert "Traceback" not in response["message"]


def test_breakpoints_before_launch_and_lines_without_code(launch, program, tmp_path):
    path = program("tiers.kiln")
    client_session = launch(path, [])
    client = client_session.client
    text = path.read_text().splitlines()
    struct_field = next(i for i, line in enumerate(text, 1) if line.strip() == "var x: Float64")
    body = client.call("setBreakpoints", {"source": {"path": str(path)},
                                          "breakpoints": [{"line": struct_field}, {"line": 999}]})
    first, second = body["breakpoints"]
    assert not first["verified"] and "struct Point" in first["message"]
    assert not second["verified"] and "outside the file" in second["message"]
    client.wait_event("exited")
    client.wait_event("terminated")


def test_tcp_transport_listens_on_loopback_only(shared_cache_dir, program):
    server = subprocess.Popen([sys.executable, "-m", "kiln", "dap", "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stderr.readline()
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", banner)
        assert match, banner
        port = int(match.group(1))
        assert listening_addresses(server.pid) in ([], [f"127.0.0.1:{port}"])
        for _ in range(2):                       # one session after another
            with socket.create_connection(("127.0.0.1", port)) as sock:
                reader, writer = sock.makefile("rb"), sock.makefile("wb")
                body = b'{"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"kiln"}}'
                writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                writer.flush()
                header = reader.readline()
                assert header.startswith(b"Content-Length:")
                reader.readline()
                response = reader.read(int(header.split(b":")[1]))
                assert b'"supportsConfigurationDoneRequest":true' in response
    finally:
        server.kill()
        server.wait()


def test_kiln_debug_adapter_is_the_same_server(dap):
    client = dap(command=[sys.executable, "-m", "kiln", "debug", "--adapter"])
    capabilities = client.call("initialize", {"adapterID": "kiln"})
    assert capabilities["supportsConfigurationDoneRequest"]
    assert {f["filter"] for f in capabilities["exceptionBreakpointFilters"]} >= {"raised", "uncaught"}
    assert isinstance(client, DapTestClient)


def test_without_gdb_fn_breakpoints_say_why_and_def_ones_still_work(dap, program):
    path = program("tiers.kiln")
    client = dap(env={"KILN_GDB": "/nonexistent/gdb"})
    client.call("initialize", {"adapterID": "kiln"})
    client.send("launch", {"program": str(path)})
    client.wait_event("initialized", timeout=120)
    fn_line, def_line = line_of(path, "SQUARE_BODY"), line_of(path, "MAIN_PRINT")
    client.call("setBreakpoints", {"source": {"path": str(path)},
                                   "breakpoints": [{"line": fn_line}, {"line": def_line}]})
    client.call("configurationDone", timeout=120)
    change = client.wait_event("breakpoint")["body"]["breakpoint"]
    assert change["line"] == fn_line and not change["verified"]
    assert "/nonexistent/gdb was not found" in change["message"]
    stop = client.wait_event("stopped")["body"]
    frames = client.call("stackTrace", {"threadId": stop["threadId"]})["stackFrames"]
    assert (frames[0]["name"], frames[0]["line"]) == ("main", def_line)
    client.call("continue", {"threadId": stop["threadId"]})
    assert client.wait_event("exited")["body"]["exitCode"] == 0


def test_no_debug_launch_just_runs_the_program(dap, program):
    path = program("tiers.kiln")
    client = dap()
    client.call("initialize", {"adapterID": "kiln"})
    client.call("launch", {"program": str(path), "noDebug": True, "args": ["ignored"]}, timeout=120)
    client.wait_event("initialized")
    client.call("configurationDone")
    assert client.wait_event("exited")["body"]["exitCode"] == 0
    client.wait_event("terminated")
    assert client.output("stdout") == "result 78.25\nnorm 5.0\n"
