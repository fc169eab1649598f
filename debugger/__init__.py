"""kiln.debugger: one Debug Adapter Protocol server over both tiers.

Processes and folders, debugpy-style:

- `adapter/`: the DAP server a client (VS Code, `kiln debug`) talks to. It
  launches the debuggee, drives the two per-tier backends and merges them
  into one session.
- `launcher/`: runs inside the debuggee process: compiles the program,
  connects debugpy (pydevd) to the adapter, then runs the program as
  `kiln run --debug` would.
- `python_tier/`: the backend for `def`/top-level code: a DAP client of the
  pydevd inside the debuggee.
- `native_tier/`: the backend for compiled `fn` code: gdb/MI in non-stop
  mode, attached to the debuggee; `native_tier/ingdb/` runs inside gdb.
- `common/`: the DAP wire format and a DAP client, shared by all of them.
- `frontend/`: `kiln debug FILE`, a terminal debugger on top of the adapter.
"""
