"""The native calling convention of compiled fns.

- borrowed and owned arguments are passed by value (LLVM splits aggregates
  into registers); inout arguments by pointer to the caller's storage;
- a nested fn that captures variables takes an environment pointer first
  (an array of pointers to the captured variables' slots);
- the result is returned by value; a fn that may fail returns
  `{result, ptr error}` (just `ptr error` when the result is None), null
  meaning success.
"""
from __future__ import annotations

from dataclasses import dataclass

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import FnInstance
from ..layout import PTR, Layout


@dataclass(frozen=True)
class NativeSignature:
    param_types: tuple[T.Type, ...]
    conventions: tuple[str, ...]
    result: T.Type
    may_fail: bool
    has_env: bool

    def function_type(self, layout: Layout) -> ir.FunctionType:
        params: list[ir.Type] = [PTR] if self.has_env else []
        for t, conv in zip(self.param_types, self.conventions):
            params.append(PTR if conv == "inout" else layout.llvm(t))
        return ir.FunctionType(self.return_type(layout), params)

    def return_type(self, layout: Layout) -> ir.Type:
        value = layout.result(self.result)
        if not self.may_fail:
            return value
        if self.result == T.NONE:
            return PTR
        return ir.LiteralStructType([value, PTR])

    @property
    def returns_value(self) -> bool:
        return self.result != T.NONE


def signature_of(instance: FnInstance, may_fail: bool, has_env: bool) -> NativeSignature:
    return NativeSignature(
        tuple(p.type for p in instance.params),
        tuple(p.convention for p in instance.params),
        instance.result, may_fail, has_env)
