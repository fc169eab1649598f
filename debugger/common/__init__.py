"""The Debug Adapter Protocol on the wire (framing) and a DAP client."""
