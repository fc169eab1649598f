"""The wire, byte for byte: exit codes, and requests a typed client cannot
even send (malformed params) still get a reply."""
import json
import subprocess

from lsp_editor import SERVER


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def replies(stdout: bytes) -> dict:
    """Responses by id from the server's framed output."""
    out = {}
    while stdout:
        head, _, rest = stdout.partition(b"\r\n\r\n")
        fields = dict(line.split(b":", 1) for line in head.split(b"\r\n"))
        length = int(fields[b"Content-Length"])
        message = json.loads(rest[:length])
        stdout = rest[length:]
        if "id" in message and "method" not in message:
            out[message["id"]] = message
    return out


def run(tmp_path, *messages):
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {}, "rootUri": tmp_path.as_uri()}}
    data = b"".join(frame(m) for m in (init, *messages))
    return subprocess.run(SERVER, input=data, capture_output=True, timeout=60)


SHUTDOWN = {"jsonrpc": "2.0", "id": 99, "method": "shutdown"}
EXIT = {"jsonrpc": "2.0", "method": "exit"}


def test_exit_codes_follow_the_protocol(tmp_path):
    """`shutdown` then `exit` ends with 0; `exit` without `shutdown` with 1;
    end of input ends the server too."""
    clean = run(tmp_path, SHUTDOWN, EXIT)
    assert clean.returncode == 0, clean.stderr.decode()
    assert replies(clean.stdout)[99]["result"] is None
    abrupt = run(tmp_path, EXIT)
    assert abrupt.returncode == 1
    eof = run(tmp_path)
    assert eof.returncode == 1
    assert b"Traceback" not in clean.stderr + abrupt.stderr + eof.stderr


def test_malformed_params_get_an_error_reply(tmp_path):
    bad = {"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
           "params": {"textDocument": 5}}
    good = {"jsonrpc": "2.0", "id": 8, "method": "workspace/symbol", "params": {"query": "x"}}
    done = run(tmp_path, bad, good)  # then end of input: started requests still finish
    got = replies(done.stdout)
    assert got[7]["error"]["code"] == -32602  # InvalidParams
    assert got[8]["result"] == []


def test_refused_rename_leaves_no_traceback_on_stderr(tmp_path):
    uri = (tmp_path / "a.kiln").as_uri()
    opened = {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "kiln", "version": 1, "text": "def f():\n    return 1\n"}}}
    rename = {"jsonrpc": "2.0", "id": 5, "method": "textDocument/rename", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 4}, "newName": "1bad"}}
    done = run(tmp_path, opened, rename)  # then end of input: started requests finish
    assert "not a valid identifier" in replies(done.stdout)[5]["error"]["message"]
    assert b"Traceback" not in done.stderr, done.stderr.decode()
