"""Kiln compiler: front end (syntax), semantic model, Python-tier lowering and
the native LLVM back end. Nothing in here imports kiln.lsp, kiln.debugger or
kiln.profiler."""
