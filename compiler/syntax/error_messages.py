"""What a syntax error says: the message, the place and the hint of the one
diagnostic recovery.py reports for an error, read from the parser's stack
(`values`), its table row and the tokens around the error.

Wording and positions follow CPython 3.11 where it has a specific message
("'(' was never closed", "expected ':'", "Perhaps you forgot a comma?",
"expected 'else' after 'if' expression"); elsewhere the message names what
was found and the hint what the grammar expected.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from .lexer import Token

HEADERS = {"IF": "if", "ELIF": "elif", "WHILE": "while", "FOR": "for", "ELSE": "else",
           "TRY": "try", "EXCEPT": "except", "FINALLY": "finally", "WITH": "with",
           "DEF": "def", "CLASS": "class", "FN": "fn", "STRUCT": "struct",
           "TRAIT": "trait", "MATCH": "match", "CASE": "case", "LAMBDA": "lambda"}
_CONDITION = {"if", "elif", "while"}
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_BRACKETS = ("(", ")", "[", "]", "{", "}")
# The value of the `)` that closes the `(expr)` an f-string field is parsed as:
# the end of the field in the source, not a parenthesis.
FIELD_END = "<end of the f-string field>"


@dataclass(frozen=True, slots=True)
class Complaint:
    first: object    # anything with lineno/col_offset
    last: object     # anything with end_lineno/end_col_offset
    message: str
    code: str = "K0001"
    hint: str | None = None


def after(tok) -> Token:
    """A zero-width place just after `tok` (where a missing ':' belongs)."""
    return Token("POINT", "", tok.end_lineno, tok.end_col_offset, tok.end_lineno,
                 tok.end_col_offset, getattr(tok, "end", 0), getattr(tok, "end", 0))


def missing_colon(values, prev) -> Complaint:
    return Complaint(after(prev), after(prev), _colon_message(header(values)),
                     hint="add ':' at the end of the line")


def unexpected(d, toks, i, values, row) -> Complaint:
    """The complaint for an error at toks[i] that no local repair fixed."""
    tok = toks[i]
    if tok.type == "ERRORTOKEN":
        return Complaint(tok, tok, tok.value, _lexical_code(tok.value))
    prev = previous(toks, i)
    unclosed = unclosed_ahead(toks, i)
    if unclosed is not None and unclosed.lineno < tok.lineno:
        # CPython's rule: an error on a later line than a bracket that is
        # never closed is reported as that bracket.
        return Complaint(unclosed, unclosed, unclosed.value, "K0003")
    if tok.type == "$END":
        return Complaint(tok, tok, "unexpected end of file")
    ends = tok.type == "NEWLINE" or tok.value == FIELD_END
    lit = d.tables.literals
    conditional = _open_conditional(values) if lit["else"] in row else None
    if conditional is not None:
        return Complaint(conditional, prev, "expected 'else' after 'if' expression",
                         hint="write `value if condition else other`")
    if ends:
        return _at_end(d, values, row, prev, tok)
    if after_decorators(values):
        return Complaint(tok, tok, f"a decorator cannot stand before {describe(tok)}",
                         hint="decorate def, class, fn, struct or trait "
                              "(or put @parameter on an if or for)")
    if tok.type == "DEDENT":
        return Complaint(prev, prev, "invalid syntax: the statement is incomplete",
                         hint=expected_hint(d, row))
    if prev.type == "NAME" and prev.value in ("print", "exec") and tok.type in (
            "STRING", "NAME", "NUMBER"):
        return Complaint(prev, tok, f"missing parentheses in call to '{prev.value}'",
                         hint=f"did you mean {prev.value}(...)?")
    if tok.type == "NAME" and prev.type == "NAME" and lit[":"] in row:
        kind = parameter_list_of(values)
        if kind == "fn":  # fn parameters always have a type: the ':' is missing
            return Complaint(after(prev), after(prev),
                             "expected ':' between the parameter and its type",
                             hint=f"write `{prev.value}: {tok.value}`")
        if kind == "def":  # a def's are mostly untyped: a ',' is missing
            return Complaint(prev, tok, "invalid syntax. Perhaps you forgot a comma?",
                             hint=f"write `{prev.value}, {tok.value}` (or "
                                  f"`{prev.value}: {tok.value}` for an annotation)")
    if ("NAME" in row and tok.type not in d.expr_start and prev.end_lineno == tok.lineno
            and prev.type not in ("NAME", "NUMBER", "STRING") and prev.value not in _BRACKETS):
        return Complaint(prev, prev, f"expected an expression after {describe(prev)}",
                         hint="complete the expression")
    if lit[","] in row and tok.type in d.expr_start and open_bracket(values) is not None:
        start = start_of(values[-1]) or prev
        return Complaint(start, tok, "invalid syntax. Perhaps you forgot a comma?",
                         hint="separate the items with ','")
    kw = header(values)
    opener = open_bracket(values)
    if unclosed is not None and opener is not None and lit[_CLOSING[opener.value]] in row:
        closer = _CLOSING[opener.value]
        hint = f"is a '{closer}' missing before it? (the '{opener.value}' is never closed)"
    elif lit[":"] in row and kw is not None and kw != "lambda":
        hint = f"is a ':' missing at the end of the `{kw}` line?"
    else:
        hint = expected_hint(d, row)
    return Complaint(tok, tok, f"invalid syntax: unexpected {describe(tok)}", hint=hint)


def _lexical_code(message: str) -> str:
    if message.startswith(("unterminated", "unmatched", "closing parenthesis")) or (
            message.endswith("was never closed")):
        return "K0003"
    if message.endswith(" literal") and message.startswith("invalid "):
        return "K0006"
    return "K0004"


def _at_end(d, values, row, prev, tok) -> Complaint:
    """The line (or the f-string field) ends where more was needed."""
    where = "line" if tok.type == "NEWLINE" else "expression"
    if prev.value in ("import", "from") and prev.type != "STRING":
        return Complaint(prev, prev, f"expected a module name after '{prev.value}'")
    if prev.value == "." and prev.type != "STRING":
        return Complaint(prev, prev, "expected an attribute name after '.'",
                         hint="write the attribute or method name")
    if prev.value == "as" and prev.type != "STRING":
        return Complaint(prev, prev, "expected a name after 'as'",
                         hint="write the name to bind, or remove 'as'")
    if prev.value == "->" and prev.type != "STRING":
        return Complaint(prev, prev, "expected a return type after '->'",
                         hint="write the return type, or remove '->'")
    if "NAME" in row:
        return Complaint(prev, prev, f"expected an expression after {describe(prev)}",
                         hint="complete the expression")
    if after_decorators(values):
        return Complaint(tok, tok, f"a decorator cannot stand before {describe(tok)}",
                         hint="decorate def, class, fn, struct or trait "
                              "(or put @parameter on an if or for)")
    return Complaint(prev, prev, f"invalid syntax: the {where} ends after {describe(prev)}",
                     hint=expected_hint(d, row))


# -- reading the parser stack ----------------------------------------------------------

def previous(toks, i) -> Token:
    j = i - 1
    while j > 0 and toks[j].type in ("SKIP", "NEWLINE", "INDENT", "DEDENT"):
        j -= 1
    return toks[j] if j >= 0 else toks[i]


def header_token(values) -> Token | None:
    """The keyword that starts the compound statement being parsed."""
    for k, v in enumerate(reversed(values)):
        if isinstance(v, Token):
            if v.type in ("NEWLINE", "INDENT", "DEDENT"):
                if k == 0 and v.type == "NEWLINE":
                    continue
                return None
            if v.type in HEADERS:
                return v
        elif isinstance(v, list) and v and isinstance(v[0], ast.stmt):
            return None  # a block: the header is not part of this statement
    return None


def header(values) -> str | None:
    tok = header_token(values)
    return HEADERS[tok.type] if tok is not None else None


def open_bracket(values) -> Token | None:
    """The innermost bracket the parser has shifted but not yet closed."""
    closing = 0
    for v in reversed(values):
        if isinstance(v, Token):
            if v.value in (")", "]", "}") and v.type != "STRING":
                closing += 1
            elif v.value in ("(", "[", "{") and v.type != "STRING":
                if closing == 0:
                    return v
                closing -= 1
            elif v.type in ("NEWLINE", "INDENT", "DEDENT"):
                return None
    return None


def unclosed_ahead(toks, i) -> Token | None:
    """The indenter's "never closed" error for a bracket that is still open
    at toks[i] (it stands at the end of the logical line)."""
    for tok in toks[i:]:
        if tok.type in ("NEWLINE", "$END"):
            return None
        if tok.type == "ERRORTOKEN" and tok.value.endswith("was never closed"):
            return tok
    return None


def after_decorators(values) -> bool:
    """Is the parser right after a list of decorators (`(at_token, expr)` pairs)?"""
    top = values[-1] if values else None
    if isinstance(top, Token) and top.type == "NEWLINE" and len(values) >= 3:
        at = values[-3]  # `@ expr NEWLINE` not yet reduced to a decorator
        return isinstance(at, Token) and at.value == "@"
    return isinstance(top, list) and bool(top) and isinstance(top[0], tuple)


def _open_conditional(values):
    """The start of `a if b` when the parser waits for its `else`."""
    if len(values) < 3:
        return None
    cond, if_tok, body = values[-1], values[-2], values[-3]
    if (isinstance(if_tok, Token) and if_tok.value == "if"
            and not isinstance(body, (Token, list))):
        return start_of(body)
    return None


def parameter_list_of(values) -> str | None:
    """"def" or "fn" when the innermost open bracket is the parameter list of
    that header (or an fn's compile-time parameter list), else None."""
    opener = open_bracket(values)
    if opener is None:
        return None
    k = next(j for j in range(len(values) - 1, -1, -1) if values[j] is opener)
    before = values[max(k - 3, 0):k]
    if before and isinstance(before[-1], list):  # fn f[params](...)
        before = before[:-1]
    if (len(before) >= 2 and isinstance(before[-1], Token) and before[-1].type == "NAME"
            and isinstance(before[-2], Token) and before[-2].value in ("def", "fn")):
        return before[-2].value
    return None


def start_of(value):
    """The first positioned thing in a parser value (node, token, or list)."""
    while isinstance(value, (list, tuple)):
        if not value:
            return None
        value = value[0]
    return value if getattr(value, "lineno", None) is not None else None



# -- words -------------------------------------------------------------------------------

def describe(tok: Token) -> str:
    if tok.type in ("NEWLINE", "$END"):
        return "end of line" if tok.type == "NEWLINE" else "end of file"
    if tok.value == FIELD_END:
        return "'}'"
    if not isinstance(tok.value, str):    # a statement or expression kept from an earlier error
        return "this statement" if tok.type == "ERROR_STMT" else "this expression"
    if tok.type == "NAME":
        return f"name '{tok.value}'"
    if tok.type == "NUMBER":
        return f"number {tok.value}"
    if tok.type == "STRING":
        return "string literal"
    return f"'{tok.value}'"


def expected_hint(d, row) -> str | None:
    inverse = {v: k for k, v in d.tables.literals.items()}
    names = sorted(inverse.get(t, t.lower()) for t in row if t.isupper() and t not in (
        "ERROR_STMT", "ERROR_EXPR", "WITH_LPAR", "TRANSFER", "$END"))
    if not names or len(names) > 6:
        return None
    return "expected " + ", ".join(f"'{n}'" if n in inverse.values() or not n.isalpha()
                                   else n for n in names)


def _colon_message(kw: str | None) -> str:
    if kw in _CONDITION:
        return f"expected ':' after the `{kw}` condition"
    if kw in ("def", "fn"):
        return "expected ':' after the function signature"
    if kw in ("class", "struct", "trait"):
        return f"expected ':' after the `{kw}` header"
    if kw in ("for", "with", "match", "case", "except"):
        return f"expected ':' at the end of the `{kw}` header"
    if kw:
        return f"expected ':' after `{kw}`"
    return "expected ':'"
