"""Methods of builtin types (mixin of FnChecker): SIMD values, pointers,
`List`, `String`, `Optional`. Each `m_<family>` handles one family; the
recorded `CallTarget` names the method as `"<Family>.<method>"`."""
from __future__ import annotations

import ast

from .entities import BuiltinFn
from .type_ops import is_bool_like, is_float_like, make_simd, simd_parts
from .types import (BOOL, INT, NONE, STRING, UNKNOWN, DType, ListType, OptionalType, ParamRef,
                    PointerType, Type, UnknownType)


class MethodMixin:
    def _recv(self, fn: BuiltinFn) -> list:
        return [fn.receiver] if fn.receiver is not None else []

    # -- SIMD ----------------------------------------------------------------------------------
    def m_SIMD(self, node: ast.Call, fn: BuiltinFn, attr: str, expected) -> Type:
        t = fn.self_type
        dtype, width = simd_parts(t)
        name = f"SIMD.{attr}"
        recv = self._recv(fn)
        if attr.startswith("reduce_"):
            self.arity(node, attr, 0)
            if attr in ("reduce_or", "reduce_and") and is_float_like(t):
                self.error("K0240", node, f"`{attr}` needs integer or bool lanes, not `{t}`")
            return self.builtin_target(node, name, recv, make_simd(dtype, 1))
        if attr == "cast":
            if not fn.comptime_args:
                self.error("K0280", node, "`cast` needs the target element type: `.cast[DType.float32]()`")
                return UNKNOWN
            self.arity(node, "cast", 0)
            target = fn.comptime_args[0]
            if not isinstance(target, (DType, ParamRef, UnknownType)):
                self.error("K0281", fn.comptime_nodes[0], "`cast` takes an element type (`DType`)")
                return UNKNOWN
            if isinstance(target, UnknownType):
                return UNKNOWN
            return self.builtin_target(node, name, recv, make_simd(target, width), comptime=(target,))
        if attr == "fma":
            if self.arity(node, "fma", 2):
                for a in node.args:
                    self.expr_value(a, t, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), t)
        if attr == "select":
            if not is_bool_like(t):
                self.error("K0240", node, f"`select` is called on a bool mask, not on `{t}`",
                           hint="compare first: `(a > b).select(a, b)`")
                self.check_args_loosely(node)
                return UNKNOWN
            if not self.arity(node, "select", 2):
                return UNKNOWN
            a, b = node.args
            anchor = b if self.is_literal(a) and not self.is_literal(b) else a
            at = self.expr(anchor)
            other = b if anchor is a else a
            self.expr_value(other, at, "K0202")
            parts = simd_parts(at)
            if parts is None and not isinstance(at, UnknownType):
                self.error("K0202", anchor, f"`select` chooses between SIMD values, not `{at}`")
                return UNKNOWN
            if parts is not None and parts[1] != width and parts[1] != 1 and width != 1:
                self.error("K0301", anchor, f"the mask has {width} lanes but `{at}` has {parts[1]}")
            result = make_simd(parts[0], width) if parts is not None else UNKNOWN
            return self.builtin_target(node, name, recv + list(node.args), result)
        if attr in ("min", "max"):
            if self.arity(node, attr, 1):
                self.expr_value(node.args[0], t, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), t)
        if attr == "clamp":
            if self.arity(node, attr, 2):
                for a in node.args:
                    self.expr_value(a, t, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), t)
        if attr == "join":
            if self.arity(node, attr, 1):
                self.expr_value(node.args[0], t, "K0202")
            return self.builtin_target(node, name, recv + list(node.args),
                                       make_simd(dtype, width * 2) if isinstance(width, int) else UNKNOWN)
        if attr == "slice":
            size = fn.comptime_args[0] if fn.comptime_args else None
            if not isinstance(size, int):
                self.error("K0280", node, "`slice` needs its width: `v.slice[4](offset)`")
                self.check_args_loosely(node)
                return UNKNOWN
            self.no_keywords(node, "slice", ("offset",))
            for a in node.args:
                self.expr_value(a, INT, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), make_simd(dtype, size),
                                       comptime=(size,))
        if attr == "__len__":
            return self.builtin_target(node, name, recv, INT)
        if attr == "insert":
            self.check_args_loosely(node)
            return self.builtin_target(node, name, recv + list(node.args), t)
        self.check_args_loosely(node)
        return self.builtin_target(node, name, recv + list(node.args), t)

    # -- pointers -----------------------------------------------------------------------------------
    def m_UnsafePointer(self, node: ast.Call, fn: BuiltinFn, attr: str, expected) -> Type:
        t: PointerType = fn.self_type
        if attr in ("simd_load", "simd_store"):
            attr = attr[len("simd_"):]       # `p.simd_load[w](i)` is `p.load[width=w](i)`
        name = f"UnsafePointer.{attr}"
        recv = self._recv(fn)
        if attr == "alloc":
            self.no_keywords(node, "alloc", ("alignment",))
            if self.arity(node, "alloc", 1):
                self.expr_value(node.args[0], INT, "K0202", "as the element count")
            return self.builtin_target(node, name, list(node.args), t, self_type=t)
        if attr == "free":
            self.arity(node, "free", 0)
            return self.builtin_target(node, name, recv, NONE, self_type=t)
        if attr == "offset":
            if self.arity(node, "offset", 1):
                self.expr_value(node.args[0], INT, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), t, self_type=t)
        if attr == "is_null":
            return self.builtin_target(node, name, recv, BOOL, self_type=t)
        if attr == "bitcast":
            target = fn.comptime_args[0] if fn.comptime_args else None
            if isinstance(target, DType):
                target = make_simd(target, 1)
            if not isinstance(target, Type):
                self.error("K0280", node, "`bitcast` needs the pointee type: `p.bitcast[Int8]()`")
                return UNKNOWN
            return self.builtin_target(node, name, recv, PointerType(target), self_type=t)
        width = self._width_keyword(fn, node)
        if width is UNKNOWN:
            self.check_args_loosely(node)
            return UNKNOWN
        pointee = t.pointee
        parts = simd_parts(pointee)
        if width != 1 and parts is None and not isinstance(pointee, (UnknownType, ParamRef)):
            self.error("K0202", node, f"`{attr}[width=...]` needs a pointer to scalars, not `{t}`")
            return UNKNOWN
        value_t = make_simd(parts[0], width) if parts is not None else pointee
        if attr == "load":
            if self.arity(node, "load", 0, 1):
                for a in node.args:
                    self.expr_value(a, INT, "K0202", "as the offset")
            return self.builtin_target(node, name, recv + list(node.args), value_t, self_type=t,
                                       comptime=(width,))
        if attr == "store":
            if self.arity(node, "store", 1, 2):
                *offsets, value = node.args
                for a in offsets:
                    self.expr_value(a, INT, "K0202", "as the offset")
                self.expr_value(value, value_t, "K0202", "to store")
            return self.builtin_target(node, name, recv + list(node.args), NONE, self_type=t,
                                       comptime=(width,))
        self.check_args_loosely(node)
        return UNKNOWN

    def _width_keyword(self, fn: BuiltinFn, node) -> object:
        width = 1
        for kname, value, vnode in fn.keyword_args or ():
            if kname not in ("width", "alignment"):
                self.error("K0207", vnode, f"unknown compile-time parameter `{kname}`")
                continue
            if kname == "width":
                width = value
        if fn.comptime_args:
            width = fn.comptime_args[0]
            vnode = fn.comptime_nodes[0]
        else:
            vnode = next((v for k, _, v in fn.keyword_args or () if k == "width"), node)
        if isinstance(width, ParamRef) or isinstance(width, UnknownType):
            return width
        if isinstance(width, bool) or not isinstance(width, int):
            self.error("K0281", vnode, "`width` must be a compile-time `Int`")
            return UNKNOWN
        if width <= 0 or width & (width - 1):
            self.error("K0300", vnode, f"SIMD width {width} is not a power of two")
            return UNKNOWN
        return width

    # -- List ----------------------------------------------------------------------------------------
    def m_List(self, node: ast.Call, fn: BuiltinFn, attr: str, expected) -> Type:
        t: ListType = fn.self_type
        name = f"List.{attr}"
        recv = self._recv(fn)
        if attr in ("append", "insert", "extend", "pop", "clear", "reserve") and fn.receiver is not None:
            self.check_inout_arg(fn.receiver, receiver=True)
        if attr == "append":
            if self.arity(node, "append", 1):
                self.expr_value(node.args[0], t.element, "K0202", "to append")
            return self.builtin_target(node, name, recv + list(node.args), NONE, self_type=t)
        if attr == "pop":
            if self.arity(node, "pop", 0, 1):
                for a in node.args:
                    self.expr_value(a, INT, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), t.element, self_type=t)
        if attr == "insert":
            if self.arity(node, "insert", 2):
                self.expr_value(node.args[0], INT, "K0202")
                self.expr_value(node.args[1], t.element, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), NONE, self_type=t)
        if attr == "extend":
            if self.arity(node, "extend", 1):
                self.expr_value(node.args[0], t, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), NONE, self_type=t)
        if attr in ("clear",):
            self.arity(node, attr, 0)
            return self.builtin_target(node, name, recv, NONE, self_type=t)
        if attr == "reserve":
            if self.arity(node, attr, 1):
                self.expr_value(node.args[0], INT, "K0202")
            return self.builtin_target(node, name, recv + list(node.args), NONE, self_type=t)
        if attr == "unsafe_ptr":
            return self.builtin_target(node, name, recv, PointerType(t.element), self_type=t)
        if attr == "__len__":
            return self.builtin_target(node, name, recv, INT, self_type=t)
        self.check_args_loosely(node)
        return UNKNOWN

    # -- String ---------------------------------------------------------------------------------------
    def m_String(self, node: ast.Call, fn: BuiltinFn, attr: str, expected) -> Type:
        name = f"String.{attr}"
        recv = self._recv(fn)
        results = {
            "find": INT, "rfind": INT, "count": INT, "startswith": BOOL, "endswith": BOOL,
            "upper": STRING, "lower": STRING, "strip": STRING, "lstrip": STRING, "rstrip": STRING,
            "replace": STRING, "join": STRING, "isdigit": BOOL, "isspace": BOOL, "__len__": INT,
            "split": ListType(STRING),
        }
        counts = {"find": (1, 2), "rfind": (1, 2), "count": (1, 1), "startswith": (1, 1),
                  "endswith": (1, 1), "replace": (2, 2), "join": (1, 1), "split": (0, 1),
                  "strip": (0, 1), "lstrip": (0, 1), "rstrip": (0, 1)}
        lo, hi = counts.get(attr, (0, 0))
        if self.arity(node, attr, lo, hi):
            for i, a in enumerate(node.args):
                want = INT if attr in ("find", "rfind") and i == 1 else \
                    ListType(STRING) if attr == "join" else STRING
                self.expr_value(a, want, "K0202")
        return self.builtin_target(node, name, recv + list(node.args), results.get(attr, UNKNOWN),
                                   self_type=fn.self_type)

    # -- Optional -------------------------------------------------------------------------------------
    def m_Optional(self, node: ast.Call, fn: BuiltinFn, attr: str, expected) -> Type:
        t: OptionalType = fn.self_type
        recv = self._recv(fn)
        if attr == "or_else":
            if self.arity(node, attr, 1):
                self.expr_value(node.args[0], t.element, "K0202")
        else:
            self.arity(node, attr, 0)
        return self.builtin_target(node, f"Optional.{attr}", recv + list(node.args), t.element,
                                   self_type=t)


__all__ = ["MethodMixin"]
