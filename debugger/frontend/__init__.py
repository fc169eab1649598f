"""`kiln debug FILE`: a gdb-like terminal debugger, a DAP client of the adapter."""
