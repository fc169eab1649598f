"""The Python tier: lowering Kiln ASTs to CPython code objects, the import hook, running programs."""
