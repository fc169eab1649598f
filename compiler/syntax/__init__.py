"""Source text -> tokens -> lark CST -> AST with spans.

The AST is Python's own `ast` node classes for everything Python has, plus the
Kiln-only node classes in `nodes.py`. Parsing never raises on user input: it
returns a tree and a list of diagnostics.
"""
