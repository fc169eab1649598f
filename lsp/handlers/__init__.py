"""One short handler per LSP method, grouped by feature; `all_features()`
is what the server registers."""
from __future__ import annotations

from . import (code_actions, completion, diagnostics, hover, inlay_hints, lifecycle,
               navigation, rename, semantic_tokens, signature_help, structure, symbols, sync)
from .feature import Feature

_MODULES = (lifecycle, sync, diagnostics, navigation, rename, hover, completion,
            signature_help, symbols, semantic_tokens, inlay_hints, structure, code_actions)


def all_features() -> list[Feature]:
    return [feature for module in _MODULES for feature in module.FEATURES]
