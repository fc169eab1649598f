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
    "K0005": "invalid assignment, deletion or annotation target",
    "K0006": "invalid literal (number, escape sequence, bytes)",
    "K0007": "invalid f-string",
    "K0008": "invalid parameter list or call arguments",
    "K0009": "invalid pattern in a `case`",
    "K0010": "misplaced decorator or Kiln declaration",
    "K0011": "expression too deeply nested",
    # ---- K0100-K0199: names and scopes (compiler/semantic) -----------------------
    # Catalog with examples and span rules: docs/diagnostics.md
    "K0101": "undefined name",
    "K0102": "assignment to an undeclared name in an `fn`",
    "K0103": "assignment to an immutable name (`let`, `alias`, compile-time parameter)",
    "K0104": "duplicate definition",
    "K0105": "use of a possibly uninitialized variable",
    "K0106": "invalid `global` or `nonlocal` declaration",
    # ---- K0200-K0499: types and the compiled tier's rules (compiler/semantic) ----
    "K0201": "mismatched types in assignment or initializer",
    "K0202": "argument type does not match the parameter",
    "K0203": "returned value does not match the result type",
    "K0204": "not a type",
    "K0205": "`fn` parameter without a type",
    "K0206": "wrong number of arguments",
    "K0207": "unknown or repeated keyword argument",
    "K0208": "value is not callable",
    "K0209": "literal does not fit in the expected type",
    "K0210": "cannot infer the type of a variable",
    "K0211": "condition is not a `Bool`",
    "K0212": "value is not iterable",
    "K0213": "no overload matches the arguments",
    "K0220": "unknown field or method",
    "K0221": "struct field without a type",
    "K0222": "struct has no `__init__`",
    "K0223": "method needs `self` or `@staticmethod`",
    "K0224": "`__init__` does not initialize every field",
    "K0225": "invalid lifecycle method signature",
    "K0226": "value cannot be copied (no `__copyinit__`)",
    "K0227": "struct contains itself by value (infinite size)",
    "K0240": "operator not supported by the operand types",
    "K0241": "value is not subscriptable",
    "K0260": "struct does not conform to a trait it lists",
    "K0261": "method signature differs from the trait's",
    "K0262": "type does not satisfy the trait bound of a parameter",
    "K0263": "not a trait",
    "K0264": "invalid trait member",
    "K0280": "cannot infer a compile-time parameter",
    "K0281": "wrong kind of compile-time parameter",
    "K0282": "value is not known at compile time",
    "K0283": "wrong number of compile-time parameters",
    "K0284": "invalid `alias`",
    "K0285": "closure passed as a compile-time parameter must be `@parameter`",
    "K0300": "SIMD width is not a power of two",
    "K0301": "SIMD operands differ in element type or width",
    "K0320": "assignment to a borrowed (read-only) value",
    "K0321": "`inout` argument is not a mutable variable",
    "K0322": "use of a moved value",
    "K0323": "cannot move out of this value",
    "K0324": "an `inout` argument aliases another argument of the same call",
    "K0340": "call to a `raises` function is not handled",
    "K0341": "`raise` in a function that is not `raises`",
    "K0342": "raised value is not an `Error`",
    "K0360": "value cannot be printed or converted to `String`",
    "K0380": "missing `return` in a function with a result type",
    "K0381": "`break` or `continue` outside a loop",
    "K0382": "`return` or `yield` outside a function",
    "K0383": "unreachable code",
    # ---- K0500-K0599: tiers, bridge, modules ------------------------------------
    "K0501": "`fn` calls Python-tier code",
    "K0502": "`fn` uses a Python-tier value",
    "K0503": "Python-only construct in an `fn`",
    "K0504": "module not found",
    "K0505": "name not found in module",
    # K0550-K0569: the Python tier (compiler/pytier): lowering, running, imports
    "K0550": "compiled-tier declaration needs the native tier",
    "K0551": "compiled-tier declaration inside Python-tier code",
    "K0552": "source file is not valid UTF-8",
    "K0553": "code rejected by CPython's compiler",
    "K0554": "CPython compile-time warning (SyntaxWarning)",
    # ---- K0600-K0699: native code generation, linking, `kiln build` -------------
    "K0600": "not supported by the native code generator yet",
    "K0601": "`kiln build` needs an `fn main()`",
    "K0602": "`kiln build`: Python-tier code stands in the way of a standalone executable",
    "K0603": "linking the compiled module failed",
    "K0604": "the compiled module could not be loaded",
    "K0605": "the compiled-module cache cannot be written (the run goes on without it)",
    "K0606": "`kiln build` cannot write its output file",
    # ---- K0900-K0999: internal -------------------------------------------------
    "K0900": "internal compiler error",
}


def describe(code: str) -> str:
    return CODES[code]
