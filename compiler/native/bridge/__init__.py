"""The bridge between the tiers (language.md section 9).

`extension.emit_extension(...)` adds a CPython extension module to an LLVM
module: one METH_FASTCALL wrapper per exported `fn` (conversions generated in
IR against the C API, fast paths for exact types), struct types made with
`PyType_FromSpec`, and the `PyInit_<name>` entry point. `pyside` holds the
Python helpers the generated code calls on slow and error paths only.
"""
