"""The compiled tier's backend: gdb/MI, non-stop, attached to the debuggee."""
