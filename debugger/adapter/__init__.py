"""The debug adapter: the DAP server a client talks to (see session.py)."""
