"""The semantic model: scopes and name resolution for both tiers, the symbol
table, imports, and the type checker of the compiled tier.

Entry points (see docs/ARCHITECTURE.md and /work/notes/semantic-api.md):
`check_program(files, entry)`, `Workspace` (the analysis host the CLI and the
language server share), `Workspace.typed_program(entry)` (the typed model the
native back end compiles).
"""
from .loader import FileSystemLoader, MemoryLoader, ModuleLoader, ModuleLocation
from .program import build_typed_program, check_program
from .program_context import TargetInfo
from .workspace import Workspace

__all__ = ["check_program", "build_typed_program", "Workspace", "FileSystemLoader", "MemoryLoader", "ModuleLoader",
           "ModuleLocation", "TargetInfo"]
