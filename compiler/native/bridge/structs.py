"""Structs across the bridge.

A struct's Python-tier class (built by `classes.py` from the metadata this
module's users record) keeps the native value inline in a `bytearray` held
in its single slot `_kiln_data`, laid out exactly as LLVM lays the struct
out. So a compiled fn receives a struct from Python without conversion:

- borrowed parameters read the value straight from the bytearray's buffer;
- inout parameters (`inout self` methods) get a pointer into it, so the
  mutation is the Python object's;
- owned parameters get a copy (`__copyinit__`), since Python keeps its object;
- a struct result becomes a new instance owning the bytes (its `__del__`
  runs the native `__del__`).

The generated module function `__kiln_set_struct_classes__` receives the
classes once after import; wrappers then check argument types by identity.
Object layout used: a `__slots__` class's first slot at offset 16;
`PyByteArrayObject.ob_start` at offset 40 (CPython 3.11/3.12, 64-bit).
"""
from __future__ import annotations

from llvmlite import ir

from ...semantic import types as T
from ..constants import cstring
from ..irbuilder import Builder, opaque_global
from ..layout import I8, I32, I64, PTR, Layout
from .capi import api, data, ob_type
from .convert import NULL, Conversion
from .helpers import call_helper

SLOT_OFFSET = 16
BYTEARRAY_START_OFFSET = 40
SETTER_NAME = "__kiln_set_struct_classes__"


class StructBridge:
    """The struct types one extension module exchanges with Python."""

    def __init__(self, module: ir.Module, layout: Layout):
        self.module = module
        self.layout = layout
        self.order: list[T.StructType] = []

    def class_slot(self, t: T.StructType) -> ir.GlobalVariable:
        name = f"kiln.pyclass.{t}"
        gv = self.module.globals.get(name)
        if gv is None:
            gv = opaque_global(self.module, PTR, name)
            gv.linkage = "internal"
            gv.initializer = ir.Constant(PTR, None)
            self.order.append(t)
        return gv

    def storage(self, conv: Conversion, obj: ir.Value, t: T.StructType, param: str) -> ir.Value:
        """Pointer to the native value inside a Python instance of `t`."""
        b, m = conv.b, conv.b.module
        cls = b.load(self.class_slot(t), typ=PTR)
        ok = b.and_(b.icmp_unsigned("!=", cls, NULL), b.icmp_unsigned("==", ob_type(b, obj), cls))
        good = b.append_basic_block("struct.ok")
        bad = b.append_basic_block("struct.bad")
        b.cbranch(ok, good, bad)
        b.position_at_end(bad)
        conv.reject_value("struct_type_error", obj, t, param)
        b.position_at_end(good)
        data_obj = b.load(b.gep(obj, [I64(SLOT_OFFSET)], source_etype=I8), typ=PTR)
        with b.if_then(b.icmp_unsigned("==", data_obj, NULL), likely=False):
            conv.reject("uninitialised_struct", "Oss", obj, cstring(m, conv.fn_name), cstring(m, param))
            b.position_at_end(b.append_basic_block("unreachable"))
        return b.load(b.gep(data_obj, [I64(BYTEARRAY_START_OFFSET)], source_etype=I8), typ=PTR)

    def to_python(self, conv: Conversion, value: ir.Value, t: T.StructType) -> ir.Value:
        """A new instance owning the bytes of `value` (a new reference)."""
        b, m = conv.b, conv.b.module
        from ..runtime.base import alloca_entry
        slot = alloca_entry(b, value.type, "result")
        b.store(value, slot)
        cls = b.load(self.class_slot(t), typ=PTR)
        raw = b.call(api(m, "PyBytes_FromStringAndSize"), [slot, I64(self.layout.size(t))])
        conv.null_check(raw)
        return call_helper(b, "new_struct", "ON", cls, raw)

    def emit_setter(self) -> ir.Function:
        """`__kiln_set_struct_classes__(*classes)` in the order of `self.order`."""
        from .wrappers import WRAPPER_TYPE
        fn = ir.Function(self.module, WRAPPER_TYPE, "kiln.bridge.set_struct_classes")
        fn.linkage = "internal"
        b = Builder(fn.append_basic_block("entry"))
        _, args, nargs, _ = fn.args
        for i, t in enumerate(self.order):
            with b.if_then(b.icmp_signed(">", nargs, I64(i))):
                cls = b.load(b.gep(args, [I64(i)], source_etype=PTR), typ=PTR)
                b.call(api(self.module, "Py_IncRef"), [cls])
                b.store(cls, self.class_slot(t))
        none = data(self.module, "_Py_NoneStruct")
        b.call(api(self.module, "Py_IncRef"), [none])
        b.ret(none)
        return fn
