"""The "what to do" line of syntax diagnostics whose report site has no more
specific advice: lexical and layout errors by message, everything else by
code. Every syntax diagnostic carries a hint."""
from __future__ import annotations

_BY_MESSAGE = (
    ("unterminated triple-quoted", "close the string with the same three quotes it starts with"),
    ("unterminated string", "close the string with the quote it starts with, on the same line "
                            "(use a triple-quoted string to span lines)"),
    ("was never closed", "add the matching closing bracket where the expression ends"),
    ("unmatched", "remove this bracket, or add the opening bracket it should close"),
    ("closing parenthesis", "make the closing bracket match the opening one"),
    ("too many nested parentheses", "split the expression into smaller parts"),
    ("source code cannot contain null bytes", "remove the NUL bytes (is this a binary file?)"),
    ("invalid character", "remove it or replace it with the ASCII operator you meant"),
    ("invalid non-printable character", "remove the invisible character"),
    ("unexpected character after line continuation",
     "a '\\' continues a line only as the very last character of the line"),
    ("unexpected end of file after a line continuation", "remove the trailing '\\'"),
    ("inconsistent use of tabs and spaces", "indent with spaces only (4 per level)"),
    ("unindent does not match", "dedent to exactly the column of an enclosing block"),
    ("too many levels of indentation", "move the inner blocks into a function of their own"),
    ("unexpected indent", "remove the extra indentation, or add the block header "
                          "(`if ...:`, `def ...:`) the indented lines belong to"),
    ("expected an indented block", "indent the body by 4 spaces, or write `pass` if it is "
                                   "meant to be empty"),
    ("unexpected end of file", "the file ends inside a statement: finish or remove it"),
    ("expected an expression", "write the missing operand, or remove the operator"),
    ("expected a module name", "write the name of the module to import"),
    ("leading zeros", "write 0o… for an octal number, or drop the leading zeros"),
    ("invalid digit", "use only the digits of the literal's base (0-1 binary, 0-7 octal)"),
    ("decimal literal", "a number cannot run into letters: put a space or an operator "
                        "after it, or fix its digits"),
    ("octal literal", "write 0o followed by digits 0-7"),
    ("binary literal", "write 0b followed by digits 0 and 1"),
    ("imaginary literal", "a number cannot run into letters: put a space or an operator "
                          "after it"),
    ("f-string", "write a valid expression inside the braces; use {{ and }} for literal braces"),
    ("cannot delete", "delete a name, attribute, subscript, or a tuple/list of them"),
    ("cannot assign", "assign to a name, attribute, subscript, or a tuple/list of them"),
    ("non-default argument", "give it a default value too, or move it before the parameters "
                             "that have defaults"),
    ("positional argument follows", "move positional arguments before the keyword arguments"),
    ("iterable argument unpacking follows", "move `*args` before `**kwargs`"),
    ("missing parentheses", "Python 3 calls functions with parentheses"),
)

_BY_CODE = {
    "K0001": "check the code just before this point for a missing or extra "
             "operator, comma, colon or bracket",
    "K0002": "indent each block consistently, 4 spaces per level",
    "K0003": "close the string or bracket",
    "K0004": "remove the character",
    "K0005": "assign to a name, attribute, subscript, or a tuple/list of them",
    "K0006": "write the literal the way Python does",
    "K0007": "write a valid expression inside the braces; use {{ and }} for literal braces",
    "K0008": "order parameters as: positional, /, regular, *args or *, keyword-only, **kwargs",
    "K0009": "patterns match literals, names, attribute values, sequences, mappings and "
             "class patterns",
    "K0010": "decorators go on def, class, fn, struct and trait (and @parameter on if/for)",
}


def hint_for(message: str, code: str) -> str:
    for prefix, hint in _BY_MESSAGE:
        if prefix in message:
            return hint
    return _BY_CODE.get(code, "see the Kiln language reference")
