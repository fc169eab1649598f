"""Code generation: the typed model (`semantic.typed_model`) to LLVM IR.

`program.generate(program, options)` builds one LLVM module for a whole
program (the entry module, the `.kiln` modules it imports and the stdlib
functions it uses): every `FnInstance` becomes a function with DWARF, the
exported ones get bridge wrappers (or a C `main` for executables).

Invariant: codegen reads types, call targets and bindings from the typed
model and never infers a type; what the model lacks is an internal error
(K0900), never a guess.
"""
