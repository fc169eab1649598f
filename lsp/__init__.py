"""kiln.lsp: the language server (`kiln lsp`), a thin pygls layer over the
compiler's analysis workspace. Entry point: `kiln.lsp.server.serve_stdio()`."""
