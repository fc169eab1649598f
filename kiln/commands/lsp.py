"""`kiln lsp`: the language server on stdio (see kiln/lsp/ for the server)."""
from __future__ import annotations


def main(args) -> int:
    from kiln.lsp.server import serve_stdio

    return serve_stdio()
