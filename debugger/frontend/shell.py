"""The commands of the terminal debugger (gdb's names and abbreviations):

    break [FILE:]LINE (b)   run (r)      continue (c)   next (n)   step (s)
    finish               bt (backtrace, where)   frame N  up  down
    locals (info locals)   print EXPR (p)   info breakpoints   delete [N]
    list (l)   quit (q)
"""
from __future__ import annotations

import cmd
import os
import sys

from ..common.client import ConnectionLost, RequestFailed
from . import presenter
from .connection import AdapterConnection


class DebuggerShell(cmd.Cmd):
    prompt = "(kiln) "

    def __init__(self, program: str, args: list[str], stdin=None, stdout=None):
        super().__init__(stdin=stdin, stdout=stdout)
        self.use_rawinput = stdin is None and sys.stdin.isatty()
        self.program = os.path.abspath(program)
        self.program_args = args
        self.breakpoints: dict[int, tuple[str, int]] = {}      # number -> (path, line)
        self.breakpoint_info: dict[int, dict] = {}
        self.adapter_ids: dict[int, int] = {}                  # adapter's id -> number
        self.connection: AdapterConnection | None = None
        self.thread: int | None = None
        self.frames: list[dict] = []
        self.selected = 0
        self.exit_code: int | None = None

    def say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def emptyline(self) -> bool:
        return False

    def default(self, line: str) -> bool:
        self.say(f"Unknown command `{line.split()[0]}`. Type `help` for the list.")
        return False

    def onecmd(self, line: str) -> bool:
        try:
            return super().onecmd(line)
        except (RequestFailed, ConnectionLost, TimeoutError) as exc:
            self.say(f"error: {exc}")
            return False

    # breakpoints

    def do_break(self, arg: str) -> None:
        """break [FILE:]LINE: stop at that line (in def or fn code)."""
        path, _, line = arg.strip().rpartition(":")
        if not line.isdigit():
            self.say("usage: break [FILE:]LINE")
            return
        path = os.path.abspath(path) if path else self.program
        number = max(self.breakpoints, default=0) + 1
        self.breakpoints[number] = (path, int(line))
        self.say(f"Breakpoint {number} at {os.path.basename(path)}:{line}")
        if self.connection is not None:
            self._send_breakpoints(path)

    do_b = do_break

    def do_delete(self, arg: str) -> None:
        """delete [N]: remove breakpoint N (all without N)."""
        numbers = [int(a) for a in arg.split() if a.isdigit()] or list(self.breakpoints)
        paths = {self.breakpoints[n][0] for n in numbers if n in self.breakpoints}
        for n in numbers:
            self.breakpoints.pop(n, None)
        if self.connection is not None:
            for path in paths:
                self._send_breakpoints(path)

    def _send_breakpoints(self, path: str) -> None:
        numbers = [n for n, (p, _) in sorted(self.breakpoints.items()) if p == path]
        body = self.connection.request("setBreakpoints", {
            "source": {"path": path}, "breakpoints": [{"line": self.breakpoints[n][1]} for n in numbers]})
        for number, info in zip(numbers, body.get("breakpoints", [])):
            self.breakpoint_info[number] = info
            if "id" in info:
                self.adapter_ids[info["id"]] = number
            if not info.get("verified") and info.get("message") and "waits for" not in info["message"]:
                self.say(f"Breakpoint {number}: {info['message']}")

    def do_info(self, arg: str) -> None:
        """info breakpoints | info locals"""
        if arg.strip().startswith("b"):
            for number, (path, line) in sorted(self.breakpoints.items()):
                self.say(presenter.breakpoint_row(number, path, line, self.breakpoint_info.get(number)))
        elif arg.strip().startswith("l"):
            self.do_locals("")
        else:
            self.say("usage: info breakpoints | info locals")

    # running

    def do_run(self, arg: str) -> bool:
        """run: start the program (it stops at breakpoints)."""
        if self.connection is not None:
            self.say("The program is already running.")
            return False
        self.connection = AdapterConnection(self._program_output, self._breakpoint_changed)
        self.connection.request("initialize", {"adapterID": "kiln", "clientID": "kiln-debug",
                                               "linesStartAt1": True, "columnsStartAt1": True})
        try:
            self.connection.request("launch", {"program": self.program, "args": self.program_args,
                                               "cwd": os.getcwd()})
        except RequestFailed as exc:
            # the details (the program's diagnostics) came as its stderr output already
            first, *details = str(exc).splitlines()
            self.say(f"error: {first.rstrip(':')}" + (" (the errors are above)" if details else ""))
            self.connection.close()
            self.connection = None
            return False
        for path in sorted({p for p, _ in self.breakpoints.values()}):
            self._send_breakpoints(path)
        self.connection.request("setExceptionBreakpoints", {"filters": ["uncaught"]})
        self.connection.request("configurationDone")
        return self._wait()

    do_r = do_run

    def _program_output(self, category: str, text: str) -> None:
        stream = sys.stderr if category == "stderr" else self.stdout
        stream.write(text)
        stream.flush()

    def _breakpoint_changed(self, info: dict) -> None:
        number = self.adapter_ids.get(info.get("id"))
        if number is not None:
            self.breakpoint_info[number] = info

    def _resume(self, command: str) -> bool:
        if self.connection is None or self.thread is None:
            self.say("The program is not stopped. Use `run` to start it.")
            return False
        self.connection.resume(command, {"threadId": self.thread})
        return self._wait()

    def do_continue(self, arg: str) -> bool:
        """continue: run until the next breakpoint or the end."""
        return self._resume("continue")

    def do_next(self, arg: str) -> bool:
        """next: the next line, stepping over calls."""
        return self._resume("next")

    def do_step(self, arg: str) -> bool:
        """step: the next line, stepping into calls (def -> fn too)."""
        return self._resume("stepIn")

    def do_finish(self, arg: str) -> bool:
        """finish: run until the current function returns."""
        return self._resume("stepOut")

    do_c, do_n, do_s = do_continue, do_next, do_step

    def _wait(self) -> bool:
        while True:
            try:
                event = self.connection.next_stop_or_end()
                break
            except KeyboardInterrupt:                # Ctrl-C: pause the program
                self._pause()
        body = event.get("body") or {}
        if event.get("event") == "stopped":
            self.thread = body.get("threadId")
            self.frames = self.connection.request("stackTrace", {"threadId": self.thread})["stackFrames"]
            self.selected = 0
            numbers = [self.adapter_ids[i] for i in body.get("hitBreakpointIds", []) if i in self.adapter_ids]
            if self.frames:
                self.say(presenter.stop_banner(body.get("reason", ""), self.frames[0], numbers))
            return False
        if event.get("event") == "exited":
            self.exit_code = body.get("exitCode", 0)
            self.connection.next_stop_or_end()          # its `terminated`
        self.say(f"Program exited with code {self.exit_code if self.exit_code is not None else '?'}.")
        self.thread = None
        self.frames = []
        self.connection.close()
        self.connection = None
        return False

    def _pause(self) -> None:
        threads = self.connection.request("threads")["threads"]
        thread = self.thread or (threads[0]["id"] if threads else None)
        if thread is not None:
            self.connection.request("pause", {"threadId": thread})

    # looking around

    def _need_stop(self) -> bool:
        if not self.frames:
            self.say("The program is not stopped.")
            return False
        return True

    def do_bt(self, arg: str) -> None:
        """bt: the call stack, def and fn frames together."""
        if self._need_stop():
            self.say(presenter.backtrace(self.frames, self.selected))

    do_backtrace = do_where = do_bt

    def do_frame(self, arg: str) -> None:
        """frame N: select frame N of the backtrace."""
        if not self._need_stop():
            return
        if arg.strip().isdigit() and int(arg) < len(self.frames):
            self.selected = int(arg)
        frame = self.frames[self.selected]
        self.say(f"#{self.selected}  {frame.get('name')} at {presenter.location(frame)}\n"
                 + presenter.listing(frame))

    def do_up(self, arg: str) -> None:
        """up: the caller's frame."""
        if self._need_stop():
            self.do_frame(str(min(self.selected + 1, len(self.frames) - 1)))

    def do_down(self, arg: str) -> None:
        """down: the callee's frame."""
        if self._need_stop():
            self.do_frame(str(max(self.selected - 1, 0)))

    def do_list(self, arg: str) -> None:
        """list: the source around the selected frame's line."""
        if not self._need_stop():
            return
        frame = self.frames[self.selected]
        path, line = (frame.get("source") or {}).get("path", ""), frame.get("line", 0)
        for number in range(max(1, line - 4), line + 5):
            text = presenter.source_line(path, number)
            marker = "->" if number == line else "  "
            self.say(f"{marker}{number:>4} | {text}")

    do_l = do_list

    def do_locals(self, arg: str) -> None:
        """locals: the selected frame's local variables (fields and lanes indented)."""
        if not self._need_stop():
            return
        scopes = self.connection.request("scopes", {"frameId": self.frames[self.selected]["id"]})["scopes"]
        if scopes:
            self._print_variables(scopes[0]["variablesReference"], "", depth=1)

    def _print_variables(self, reference: int, indent: str, depth: int) -> None:
        for item in self.connection.request("variables", {"variablesReference": reference})["variables"]:
            self.say(presenter.variable(item, indent))
            if item.get("variablesReference") and depth > 0:
                self._print_variables(item["variablesReference"], indent + "    ", depth - 1)

    def do_print(self, arg: str) -> None:
        """print EXPR: a value in the selected frame."""
        if not self._need_stop():
            return
        body = self.connection.request("evaluate", {"expression": arg.strip(), "context": "repl",
                                                    "frameId": self.frames[self.selected]["id"]})
        kind = f" ({body['type']})" if body.get("type") else ""
        self.say(f"{arg.strip()} = {body.get('result')}{kind}")

    do_p = do_print

    def do_quit(self, arg: str) -> bool:
        """quit: stop debugging (the program is ended)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        return True

    do_q = do_exit = do_quit

    def do_EOF(self, arg: str) -> bool:
        self.say("")
        return self.do_quit(arg)
