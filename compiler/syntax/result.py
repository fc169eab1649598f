"""What the parser hands to everything downstream."""
from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..diagnostics.diagnostic import Diagnostic
from .source import SourceFile


@dataclass
class ParseResult:
    """`module` is always a tree, even for broken input (failed statements
    become `nodes.ErrorStmt`); `diagnostics` lists the syntax errors."""

    source: SourceFile
    module: ast.Module
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)
