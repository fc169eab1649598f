"""Runs inside the debuggee: `python -m kiln.debugger.launcher`.

The program is compiled before the debugger is connected (pydevd's tracing
would make the compiler several times slower), then pydevd connects to the
adapter and waits for `configurationDone`, then the program runs exactly as
under `kiln run --debug`.
"""

TOKEN_VARIABLE = "KILN_DEBUG_TOKEN"     # the adapter passes the access token here
