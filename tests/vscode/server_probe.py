"""Can `python -m kiln lsp` start at all? The end-to-end test needs a language
server that answers `initialize`; while none does, it skips and says why."""
from __future__ import annotations

import json
import os
import select
import subprocess
import time


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_response(proc: subprocess.Popen, deadline: float) -> bytes:
    buf = b""
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break  # the server exited
        buf += chunk
        if b'"id": 1' in buf or b'"id":1' in buf:
            return buf
    return buf


def why_server_cannot_start(python: str, timeout: float = 30.0) -> str | None:
    """None if the server answered `initialize`; otherwise what went wrong."""
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}}}
    proc = subprocess.Popen([python, "-m", "kiln", "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        proc.stdin.write(_frame(init))
        proc.stdin.flush()
        reply = _read_response(proc, time.monotonic() + timeout)
        if b'"result"' in reply:
            return None
        proc.kill()
        err = proc.communicate(timeout=5)[1].decode(errors="replace").strip()
        return f"`{python} -m kiln lsp` does not start: {_gist(err) or f'no answer to initialize in {timeout:.0f} s'}"
    except (BrokenPipeError, OSError) as exc:
        return f"`{python} -m kiln lsp` does not start: {exc}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)


def _gist(stderr: str) -> str:
    """The line of the server's stderr that says what failed."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for line in lines:
        if "error" in line.lower():
            return line
    return lines[-1] if lines else ""
