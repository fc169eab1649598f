"""The CST -> AST builder: one method per named grammar alternative.

The methods live in mixins by topic (expressions, statements, definitions,
patterns); this class only puts them together. The LALR driver calls them
inline as it reduces, so no parse tree is ever materialized.
"""
from __future__ import annotations

from .build_base import BuildBase
from .build_defs import DefsBuilder
from .build_expr import ExprBuilder
from .build_pattern import PatternBuilder
from .build_stmt import StmtBuilder


class Builder(BuildBase, ExprBuilder, StmtBuilder, DefsBuilder, PatternBuilder):
    pass
