"""The registry of diagnostic codes. Codes are stable: never renumber one, never
reuse a retired one. Each phase owns a range and adds codes only inside it.

Use `error(code, span, message, ...)` from `make.py` to build diagnostics; it
checks that the code is registered here.
"""
from __future__ import annotations

CODES: dict[str, str] = {
    # ---- K0001-K0099: syntax (compiler/syntax) ----------------------------------
    "K0001": "syntax error",
    "K0002": "inconsistent indentation",
    "K0003": "unterminated string or bracket",
    "K0004": "invalid token",
    # ---- K0100-K0199: names and scopes (compiler/semantic) -----------------------
    # ---- K0200-K0499: types and the compiled tier's rules (compiler/semantic) ----
    # ---- K0500-K0599: tiers, bridge, modules ------------------------------------
    # ---- K0600-K0699: native code generation, linking, `kiln build` -------------
    # ---- K0900-K0999: internal -------------------------------------------------
    "K0900": "internal compiler error",
}


def describe(code: str) -> str:
    return CODES[code]
