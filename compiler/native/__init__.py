"""The native tier: LLVM IR and DWARF from the typed semantic model, object/.so/executable emission, the cache, the bridge."""
