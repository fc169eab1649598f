"""Is the cursor inside a comment or a string? Completion offers nothing
there (a name typed in prose is not code). Read from the text of the line
(the statement being typed may not parse) and, for strings spanning lines
(docstrings), from the tree of the last analysis."""
from __future__ import annotations

import ast


def in_comment_or_string(analysis, offset: int) -> bool:
    data = analysis.source.data
    line_start = data.rfind(b"\n", 0, offset) + 1
    if _line_state(data[line_start:offset]):
        return True
    return _in_multiline_string(analysis, offset)


def _line_state(line: bytes) -> bool:
    """True when the end of `line` is in a comment or in a (non-f) string."""
    quote: bytes | None = None
    fstring = False
    i = 0
    while i < len(line):
        c = line[i:i + 1]
        if quote is None:
            if c == b"#":
                return True
            if c in (b"'", b'"'):
                quote = line[i:i + 3] if line[i:i + 3] in (b"'''", b'"""') else c
                fstring = b"f" in line[max(0, i - 2):i].lower()
                i += len(quote)
                continue
        elif c == b"\\":
            i += 2
            continue
        elif line.startswith(quote, i):
            i += len(quote)
            quote = None
            continue
        i += 1
    return quote is not None and not fstring


def _in_multiline_string(analysis, offset: int) -> bool:
    source = analysis.source
    line = source.position(offset).line
    module = analysis.parse.module
    for stmt in getattr(module, "body", ()):
        if not (getattr(stmt, "lineno", 0) <= line <= (getattr(stmt, "end_lineno", 0) or 0)):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    node.end_lineno is not None and node.end_lineno > node.lineno and \
                    source.offset(node.lineno, node.col_offset) < offset < \
                    source.offset(node.end_lineno, node.end_col_offset):
                return True
    return False
