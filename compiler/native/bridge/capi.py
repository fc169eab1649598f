"""The slice of the CPython C API the generated bridge calls, declared in IR.

The bridge is a real extension module: its entry points are METH_FASTCALL C
functions generated in LLVM IR, so a call from Python costs one vectorcall,
not a ctypes/libffi round trip. Object layout facts used directly (stable for
CPython 3.11/3.12 release builds on 64-bit): `ob_type` at offset 8;
`PyTupleObject.ob_item` at offset 24; `Py_buffer` is 80 bytes with `buf` at
0, `len` at 16, `itemsize` at 24, `format` at 40.
"""
from __future__ import annotations

from llvmlite import ir

from ..irbuilder import opaque_global
from ..layout import F64, I32, I64, PTR, VOID
from ..module import declare

FUNCTIONS: dict[str, tuple[ir.Type, list[ir.Type], bool]] = {
    "PyModule_Create2": (PTR, [PTR, I32], False),
    "PyModule_AddObjectRef": (I32, [PTR, PTR, PTR], False),
    "PyLong_AsLongLong": (I64, [PTR], False),
    "PyLong_AsUnsignedLongLong": (I64, [PTR], False),
    "PyLong_FromLongLong": (PTR, [I64], False),
    "PyLong_FromUnsignedLongLong": (PTR, [I64], False),
    "PyLong_FromVoidPtr": (PTR, [PTR], False),
    "PyFloat_AsDouble": (F64, [PTR], False),
    "PyFloat_FromDouble": (PTR, [F64], False),
    "PyBool_FromLong": (PTR, [I64], False),
    "PyErr_Occurred": (PTR, [], False),
    "PyErr_Clear": (VOID, [], False),
    "PyErr_SetObject": (VOID, [PTR, PTR], False),
    "PyErr_Fetch": (VOID, [PTR, PTR, PTR], False),
    "PyErr_Restore": (VOID, [PTR, PTR, PTR], False),
    "PyUnicode_AsUTF8AndSize": (PTR, [PTR, PTR], False),
    "PyBytes_FromStringAndSize": (PTR, [PTR, I64], False),
    "PyUnicode_DecodeUTF8": (PTR, [PTR, I64, PTR], False),
    "PyUnicode_FromString": (PTR, [PTR], False),
    "PyObject_GetBuffer": (I32, [PTR, PTR, I32], False),
    "PyBuffer_Release": (VOID, [PTR], False),
    "PyImport_ImportModule": (PTR, [PTR], False),
    "PyObject_GetAttrString": (PTR, [PTR, PTR], False),
    "PyObject_GetAttr": (PTR, [PTR, PTR], False),
    "PyObject_VectorcallMethod": (PTR, [PTR, PTR, I64, PTR], False),
    "PyUnicode_InternFromString": (PTR, [PTR], False),
    "PyObject_CallFunction": (PTR, [PTR, PTR], True),
    "PyObject_CallMethod": (PTR, [PTR, PTR, PTR], True),
    "PySys_GetObject": (PTR, [PTR], False),
    "PyTuple_New": (PTR, [I64], False),
    "PyTuple_SetItem": (I32, [PTR, I64, PTR], False),
    "PyTuple_Size": (I64, [PTR], False),
    "PyTuple_GetItem": (PTR, [PTR, I64], False),
    "PyList_New": (PTR, [I64], False),
    "PyList_Size": (I64, [PTR], False),
    "PyList_GetItem": (PTR, [PTR, I64], False),
    "PyList_SetItem": (I32, [PTR, I64, PTR], False),
    "PyList_SetSlice": (I32, [PTR, I64, I64, PTR], False),
    "PyList_Append": (I32, [PTR, PTR], False),
    "Py_IncRef": (VOID, [PTR], False),
    "Py_DecRef": (VOID, [PTR], False),
    "PyType_FromSpec": (PTR, [PTR], False),
    "PyType_GenericAlloc": (PTR, [PTR, I64], False),
    "PyObject_IsInstance": (I32, [PTR, PTR], False),
}

DATA = ("PyLong_Type", "PyFloat_Type", "PyUnicode_Type", "PyBool_Type",
        "PyList_Type", "PyTuple_Type", "_Py_TrueStruct", "_Py_FalseStruct",
        "_Py_NoneStruct")

PYTHON_API_VERSION = 1013
METH_FASTCALL = 0x80
METH_KEYWORDS = 0x2
PyBUF_WRITABLE = 0x1
PyBUF_FORMAT = 0x4
PyBUF_ND = 0x8
PyBUF_STRIDES = 0x18
PyBUF_C_CONTIGUOUS = 0x38
OB_TYPE_OFFSET = 8
TUPLE_ITEMS_OFFSET = 24
PY_BUFFER = ir.ArrayType(ir.IntType(8), 80)
PY_BUFFER_ALIGN = 8


def api(module: ir.Module, name: str) -> ir.Function:
    result, params, varargs = FUNCTIONS[name]
    return declare(module, name, result, params, varargs=varargs)


def data(module: ir.Module, name: str) -> ir.GlobalVariable:
    """The address of an exported C API object (`&PyLong_Type`, `Py_None`)."""
    assert name in DATA
    gv = module.globals.get(name)
    if gv is None:
        gv = opaque_global(module, ir.IntType(8), name)
        gv.linkage = "external"
    return gv


def ob_type(b: ir.IRBuilder, obj: ir.Value) -> ir.Value:
    return b.load(b.gep(obj, [I64(OB_TYPE_OFFSET)], source_etype=ir.IntType(8)), typ=PTR)
