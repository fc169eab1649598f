"""The hint a diagnostic gets when the rule that reported it had nothing more
specific to say: every semantic diagnostic tells the user what to do."""
from __future__ import annotations

from dataclasses import replace

from ..diagnostics.diagnostic import Diagnostic

DEFAULT_HINTS: dict[str, str] = {
    "K0101": "define the name (assign it, declare it, or import it) before using it",
    "K0102": "declare the variable with `var` (or `let`) before assigning it",
    "K0103": "declare a `var` for a value that changes",
    "K0104": "rename one of the two definitions",
    "K0105": "give the variable a value on every path before reading it",
    "K0106": "`global`/`nonlocal` go at the top of a function and name variables that exist",
    "K0201": "convert the value explicitly (`Float64(i)`, `Int(x)`, `str(n)`) or change the declared type",
    "K0202": "pass a value of the parameter's type, converting it explicitly if needed",
    "K0203": "return a value of the declared result type, or change the `->` type",
    "K0204": "use a type here: a scalar like `Int`, a struct, or `SIMD[...]`, `List[...]`, ...",
    "K0205": "give every `fn` parameter a type, e.g. `x: Int`",
    "K0206": "pass exactly the parameters the function declares",
    "K0207": "use the parameter names of the function's signature, each once",
    "K0208": "only functions, types and values with `__call__` can be called",
    "K0209": "use a wider type (e.g. `Int64`, `UInt64`) or a smaller literal",
    "K0210": "give the variable a type (`var x: Int`) or an initial value",
    "K0211": "compare explicitly (`x != 0`) to get a `Bool`",
    "K0212": "iterate over `range(...)`, a `List`, a `String`, or a struct with `__iter__`",
    "K0213": "check the argument types against the candidate signatures",
    "K0220": "check the spelling against the type's fields and methods",
    "K0221": "give the field a type: `var name: Int`",
    "K0222": "add `@value` to the struct, or write `fn __init__(inout self, ...)`",
    "K0223": "take `self` as the first parameter, or mark the method `@staticmethod`",
    "K0224": "assign every field (`self.name = ...`) on every path through `__init__`",
    "K0225": "lifecycle methods are `__init__(inout self, ...)`, `__copyinit__(inout self, existing: Self)`, "
             "`__moveinit__(inout self, owned existing: Self)`, `__del__(owned self)`",
    "K0226": "move the value with `^` if it is not used afterwards, or give the struct `__copyinit__` (or `@value`)",
    "K0240": "convert an operand explicitly, or define the operator's dunder method on the struct",
    "K0241": "only values with `__getitem__`/`__setitem__` (SIMD, pointers, List, String, tuples) can be indexed",
    "K0260": "add the trait's missing methods to the struct",
    "K0261": "make the method's parameter and result types match the trait's",
    "K0262": "use a type that conforms to the trait, or list the trait on the struct",
    "K0263": "list only traits in a struct's parentheses",
    "K0264": "a trait declares only `fn` methods with `...` bodies",
    "K0280": "pass the compile-time parameter explicitly: `f[value](...)`",
    "K0281": "pass the kind of value the parameter declares (a type, a `DType`, an `Int`, ...)",
    "K0282": "use literals, `alias` values or other compile-time parameters here",
    "K0283": "pass exactly the compile-time parameters the declaration lists",
    "K0284": "an `alias` needs a value known at compile time; use `var` for runtime values",
    "K0285": "put `@parameter` on the line above the nested `fn`",
    "K0300": "SIMD widths are powers of two: 1, 2, 4, 8, 16, ...",
    "K0301": "use one element type and one width: `.cast[...]()` or a matching width",
    "K0320": "declare the parameter `inout` (the caller sees the change) or `owned` (a local copy)",
    "K0321": "pass a `var` (or an `inout`/`owned` parameter): an `inout` argument is modified",
    "K0322": "copy the value before moving it, or assign the variable again before using it",
    "K0323": "move a whole variable the function owns (a local, or an `owned` parameter)",
    "K0324": "copy one of them into a new `var` first",
    "K0340": "declare the enclosing `fn` `raises`, or handle the error with `try: ... except e: ...`",
    "K0341": "declare the `fn` `raises`, or handle the error where it happens",
    "K0342": "raise an `Error`: `raise Error(\"message\")`",
    "K0360": "print the parts that can be printed, or give the struct `fn __str__(self) -> String`",
    "K0380": "add a `return` (or `raise`) on every path",
    "K0381": "`break` and `continue` belong inside a `for` or `while` loop",
    "K0382": "`return`/`yield` belong inside a function",
    "K0383": "remove the code, or move it before the `return`/`raise`/`break`/`continue`",
    "K0501": "make the callee an `fn`, use the compiled builtin (e.g. `Int(...)`), or call it from a `def`",
    "K0502": "pass the value to the `fn` as an argument, or make it compile-time with `alias`",
    "K0503": "this is Python-only: move it to a `def`",
    "K0504": "check the module name and KILN_PATH",
    "K0505": "check the spelling against the module's top-level names",
}


def with_hints(diags: list[Diagnostic]) -> list[Diagnostic]:
    out = []
    for d in diags:
        if not d.hint and d.code in DEFAULT_HINTS:
            d = replace(d, hint=DEFAULT_HINTS[d.code])
        out.append(d)
    return out
