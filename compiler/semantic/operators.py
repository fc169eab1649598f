"""Operators on builtin types: which operand types an operator accepts and
the type it gives. Structs go through their dunder methods instead
(check_exprs.py); this module is pure and knows nothing of the checker."""
from __future__ import annotations

import ast
from dataclasses import dataclass

from .type_ops import is_float_like, is_integer_like, is_string, make_simd, simd_parts
from .types import (BOOL, DTYPES, INT, STRING, STRING_LITERAL, DType, ParamRef, PointerType,
                    Type)

DUNDERS = {
    ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__", ast.Div: "__truediv__",
    ast.FloorDiv: "__floordiv__", ast.Mod: "__mod__", ast.Pow: "__pow__", ast.MatMult: "__matmul__",
    ast.LShift: "__lshift__", ast.RShift: "__rshift__", ast.BitAnd: "__and__", ast.BitOr: "__or__",
    ast.BitXor: "__xor__",
}
REFLECTED = {k: "__r" + v[2:] for k, v in DUNDERS.items()}
INPLACE = {k: "__i" + v[2:] for k, v in DUNDERS.items()}
COMPARE_DUNDERS = {
    ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__lt__", ast.LtE: "__le__", ast.Gt: "__gt__",
    ast.GtE: "__ge__",
}
UNARY_DUNDERS = {ast.USub: "__neg__", ast.UAdd: "__pos__", ast.Invert: "__invert__"}
SYMBOLS = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&",
    ast.BitOr: "|", ast.BitXor: "^", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
    ast.Gt: ">", ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
    ast.IsNot: "is not", ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not",
}


@dataclass(frozen=True)
class OpError:
    """Why an operator does not apply: `code` K0240 or K0301, and a hint."""

    code: str
    message: str
    hint: str | None = None


def _same(a, b) -> bool:
    return a == b


def binary(op: ast.operator, lt: Type, rt: Type) -> Type | OpError:
    sym = SYMBOLS.get(type(op), "?")
    lp, rp = simd_parts(lt), simd_parts(rt)
    if lp is not None and rp is not None:
        return _simd_binary(op, sym, lt, rt, lp, rp)
    if is_string(lt) and is_string(rt) and isinstance(op, ast.Add):
        return STRING_LITERAL if lt == rt == STRING_LITERAL else STRING
    if is_string(lt) and rt == INT and isinstance(op, ast.Mult):
        return STRING
    if isinstance(lt, PointerType) and rt == INT and isinstance(op, (ast.Add, ast.Sub)):
        return lt
    if isinstance(lt, PointerType) and isinstance(rt, PointerType) and isinstance(op, ast.Sub):
        return INT
    return OpError("K0240", f"`{sym}` is not supported between `{lt}` and `{rt}`",
                   _conversion_hint(lt, rt, sym))


def _simd_binary(op, sym: str, lt: Type, rt: Type, lp, rp) -> Type | OpError:
    ldt, lw = lp
    rdt, rw = rp
    if not _same(ldt, rdt):
        code = "K0301" if (lw != 1 or rw != 1) else "K0240"
        return OpError(code, f"`{sym}` is not supported between `{lt}` and `{rt}`",
                       _conversion_hint(lt, rt, sym))
    if lw != rw and lw != 1 and rw != 1:
        return OpError("K0301", f"`{sym}` between SIMD values of widths {lw} and {rw}",
                       "both operands need the same width (or one of them a scalar)")
    width = rw if lw == 1 else lw
    dt = ldt
    is_float = isinstance(dt, DType) and dt.is_float
    is_bool = isinstance(dt, DType) and dt.name == "bool"
    if isinstance(op, ast.Div):
        if is_bool:
            return OpError("K0240", f"`/` is not supported on `{lt}`")
        if isinstance(dt, DType) and not is_float:
            return make_simd(DTYPES["float64"], width)
        return make_simd(dt, width)
    if isinstance(op, (ast.LShift, ast.RShift)) and (is_float or is_bool):
        return OpError("K0240", f"`{sym}` needs integer operands, not `{lt}`")
    if isinstance(op, (ast.BitAnd, ast.BitOr, ast.BitXor)) and is_float:
        return OpError("K0240", f"`{sym}` needs integer or `Bool` operands, not `{lt}`")
    if isinstance(op, (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow)) and is_bool:
        return OpError("K0240", f"`{sym}` is not supported on `{lt}`",
                       "convert to an integer first: `Int(b)`")
    if isinstance(op, ast.MatMult):
        return OpError("K0240", f"`@` is not supported on `{lt}`")
    return make_simd(dt, width)


def compare(op: ast.cmpop, lt: Type, rt: Type) -> Type | OpError:
    sym = SYMBOLS.get(type(op), "?")
    lp, rp = simd_parts(lt), simd_parts(rt)
    if lp is not None and rp is not None:
        if isinstance(op, (ast.In, ast.NotIn, ast.Is, ast.IsNot)):
            return OpError("K0240", f"`{sym}` is not supported between `{lt}` and `{rt}`")
        if not _same(lp[0], rp[0]):
            code = "K0301" if (lp[1] != 1 or rp[1] != 1) else "K0240"
            return OpError(code, f"cannot compare `{lt}` with `{rt}`", _conversion_hint(lt, rt, sym))
        lw, rw = lp[1], rp[1]
        if lw != rw and lw != 1 and rw != 1:
            return OpError("K0301", f"cannot compare SIMD values of widths {lw} and {rw}")
        width = rw if lw == 1 else lw
        return make_simd(DTYPES["bool"], width)
    if is_string(lt) and is_string(rt):
        return BOOL
    if isinstance(lt, PointerType) and isinstance(rt, PointerType) and \
            isinstance(op, (ast.Eq, ast.NotEq, ast.Lt, ast.Gt, ast.LtE, ast.GtE)):
        return BOOL
    return OpError("K0240", f"`{sym}` is not supported between `{lt}` and `{rt}`",
                   _conversion_hint(lt, rt, sym))


def unary(op: ast.unaryop, t: Type) -> Type | OpError:
    sym = SYMBOLS.get(type(op), "?")
    parts = simd_parts(t)
    if parts is not None:
        dt = parts[0]
        is_bool = isinstance(dt, DType) and dt.name == "bool"
        if isinstance(op, (ast.USub, ast.UAdd)) and not is_bool:
            return t
        if isinstance(op, ast.Invert) and (is_bool or is_integer_like(t) or isinstance(dt, ParamRef)):
            return t
    return OpError("K0240", f"unary `{sym}` is not supported on `{t}`")


def _conversion_hint(lt: Type, rt: Type, sym: str) -> str | None:
    if is_integer_like(lt) and is_float_like(rt) and simd_parts(rt)[1] == 1:
        return f"convert explicitly: `{rt}(a) {sym} b`"
    if is_float_like(lt) and is_integer_like(rt) and simd_parts(rt)[1] == 1:
        return f"convert explicitly: `a {sym} {lt}(b)`"
    lp, rp = simd_parts(lt), simd_parts(rt)
    if lp and rp:
        return f"convert one side explicitly (e.g. `b.cast[{lp[0]}]()`)"
    return None


__all__ = ["binary", "compare", "unary", "OpError", "DUNDERS", "REFLECTED", "INPLACE",
           "COMPARE_DUNDERS", "UNARY_DUNDERS", "SYMBOLS"]
