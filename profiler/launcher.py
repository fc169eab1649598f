"""The profiled process: `kiln run`, with a gate before the program's code.

`python -m kiln.profiler.launcher READY_FD GO_FD FILE [ARGS]`
runs FILE exactly as `kiln run FILE ARGS` does (the pytier runner API), but
checking and compiling happen before the sampler attaches: an audit hook
sees the runner `exec` the program's module code, writes `ready` to
READY_FD and waits on GO_FD for `go` (the sampler is attached) or `abort`.
So samples cover the program, not Kiln's start-up, and a program that does
not compile never waits for a sampler at all: it exits like `kiln run`
(diagnostics printed, status 1) without ever writing `ready`.
"""
from __future__ import annotations

import os
import sys

READY = b"ready\n"
GO = b"go\n"
ABORT = b"abort\n"


def main(argv: list[str]) -> int:
    ready_fd, go_fd, program, *args = argv
    from . import thread_shim
    thread_shim.remove_from_environment(os.environ)
    _allow_sampler()
    gate = _Gate(int(ready_fd), int(go_fd), program)
    sys.addaudithook(gate.hook)
    return _run(program, args)


def _run(program: str, args: list[str]) -> int:
    from kiln.compiler.pytier.native_provider import NativeOptions
    from kiln.compiler.pytier.runner import RunRequest, run_program
    from kiln.compiler.pytier.source_reading import SourceReadError
    from .frame_kinds import kiln_package_dirs

    request = RunRequest(path=program, args=tuple(args), native_options=NativeOptions(),
                         internal_dirs=tuple(kiln_package_dirs()),
                         show_internal_frames="KILN_BACKTRACE" in os.environ)
    try:
        return run_program(request)
    except SourceReadError as exc:
        print(f"kiln profile: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:
        return _exit_code(exc)


def _exit_code(exc: SystemExit) -> int:
    """What the interpreter would exit with for this SystemExit."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1


class _Gate:
    """Holds the program at its first line until the sampler is attached."""

    def __init__(self, ready_fd: int, go_fd: int, program: str):
        self.ready_fd, self.go_fd = ready_fd, go_fd
        self.paths = {os.path.abspath(program), os.path.realpath(program)}
        self.opened = False

    def hook(self, event: str, args: tuple) -> None:
        # Audit hooks cannot be removed: after the gate opened this is one check.
        if self.opened or event != "exec":
            return
        code = args[0] if args else None
        if getattr(code, "co_filename", None) not in self.paths:
            return
        self.opened = True
        sys.stdout.flush()
        sys.stderr.flush()
        os.write(self.ready_fd, READY)
        os.close(self.ready_fd)
        answer = _read_line(self.go_fd)
        os.close(self.go_fd)
        if answer != GO:
            os._exit(1)          # the sampler could not attach; the parent says why


def _read_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 64)
        if not chunk:
            break
        data += chunk
    return data


def _allow_sampler() -> None:
    """Under Yama ptrace_scope=1 only ancestors may attach; the sampler is a
    sibling. PR_SET_PTRACER_ANY lifts that for this process only."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(0x59616D61, ctypes.c_ulong(-1 & 0xFFFFFFFFFFFFFFFF), 0, 0, 0)
    except (OSError, AttributeError):
        pass


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
