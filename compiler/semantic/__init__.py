"""Scopes, symbols, name resolution and the type checker: the semantic model."""
