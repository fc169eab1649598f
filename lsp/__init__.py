"""kiln.lsp"""
