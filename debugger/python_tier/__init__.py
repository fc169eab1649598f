"""The Python tier's backend: pydevd (debugpy's debugger) in the debuggee."""
