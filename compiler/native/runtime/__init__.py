"""The native runtime, written as LLVM IR generated with llvmlite.

`Runtime(module).get(name)` emits a runtime function into the module on first
use (internal linkage) and returns it. The table below is the whole runtime:
one entry per function, naming the generator that writes it.
"""
from __future__ import annotations

from typing import Callable

from llvmlite import ir

from . import errors as _errors
from . import format as _format
from . import lists as _lists
from . import strings as _strings
from . import text as _text
from . import output as _output
from . import parallel as _parallel
from . import fault as _fault
from . import int_division as _int_division
from . import stack as _stack
from . import thread_state as _thread_state

Generator = Callable[[ir.Module, str], ir.Function]

GENERATORS: dict[str, Generator] = {
    "kiln_fmt_i64": _format.emit_fmt_i64,
    "kiln_fmt_u64": _format.emit_fmt_u64,
    "kiln_fmt_f64": _format.emit_fmt_f64,
    "kiln_fmt_f32": _format.emit_fmt_f32,
    "kiln_write": _output.emit_write,
    "kiln_flush": _output.emit_flush,
    "kiln_error_new": _errors.emit_error_new,
    "kiln_error_push": _errors.emit_error_push,
    "kiln_error_copy": _errors.emit_error_copy,
    "kiln_error_free": _errors.emit_error_free,
    "kiln_error_report": _errors.emit_error_report,
    "kiln_error_exit": _errors.emit_error_exit,
    "kiln_parallel_for": _parallel.emit_parallel_for,
    "kiln_stack_exhausted": _stack.emit_stack_exhausted,
    "kiln_int_true_div": _int_division.emit_int_true_div,
    "kiln_uint_true_div": _int_division.emit_uint_true_div,
    "kiln_thread_state": _thread_state.emit_thread_state,
    "kiln_fault_raise": _fault.emit_fault_raise,
    "kiln_fault_error": _fault.emit_fault_error,
    "kiln_fault_install": _fault.emit_fault_install,
    "kiln_str_from_bytes": _strings.emit_str_from_bytes,
    "kiln_str_copy": _strings.emit_str_copy,
    "kiln_str_free": _strings.emit_str_free,
    "kiln_str_append": _strings.emit_str_append,
    "kiln_str_compare": _strings.emit_str_compare,
    "kiln_str_eq": _strings.emit_str_eq,
    "kiln_list_reserve": _lists.emit_list_reserve,
    "kiln_str_find": _text.emit_find,
    "kiln_str_count": _text.emit_count,
    "kiln_str_affix": _text.emit_affix,
    "kiln_str_case": _text.emit_case,
    "kiln_str_strip": _text.emit_strip,
    "kiln_str_replace": _text.emit_replace,
    "kiln_str_split": _text.emit_split,
    "kiln_list_push_string": _text.emit_list_push_string,
}

FORMAT_BUFFER = _format.FORMAT_BUFFER


class Runtime:
    def __init__(self, module: ir.Module):
        self.module = module

    def get(self, name: str) -> ir.Function:
        existing = self.module.globals.get(name)
        if existing is not None:
            return existing
        return GENERATORS[name](self.module, name)
