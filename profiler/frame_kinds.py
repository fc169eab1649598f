"""What a raw frame is, from its name and file alone.

py-spy reports three sorts of frames: Python frames (`file` is the code
object's `co_filename`), native frames symbolized through DWARF (`file` is
the source file the line table names: a `.kiln` file for Kiln's compiled
tier, a C file for CPython's own extension modules), and native frames
without line information (`file` is the shared object, `line` 0, and the
name is a symbol or `0x...`).

Interpreter and glue frames are dropped so a stack reads def -> fn -> fn:
CPython itself (libpython, its C sources, `<frozen importlib...>`), ctypes
and libffi, libc's thread start-up, the bridge wrappers a compiled module
puts between CPython and an `fn` (`kiln.bridge.*`), the runtime's helpers
(`kiln_parallel_for`, ...), the `(parallel task)` trampolines, and Kiln's
own Python code (the runner, the import hook, this profiler's launcher).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    KILN_SOURCE = "kiln"            # a line of a `.kiln` file (either tier)
    PYTHON_LIBRARY = "python"       # a line of a `.py` file that is not Kiln's
    NATIVE_LIBRARY = "native"       # a foreign shared library's function
    COMPILED_NO_LINE = "compiled?"  # a Kiln compiled module's symbol py-spy gave no line for
    DROPPED = "dropped"             # interpreter, glue, Kiln internals


BRIDGE_PREFIX = "kiln.bridge."
TASK_SUFFIX = " (parallel task)"
RUNTIME_PREFIX = "kiln_"            # the native runtime's helpers (kiln_parallel_for, ...)
SHIM_FUNCTION = "kiln_profiler_thread_start"
SHIM_FILES = ("thread_shim.c", "thread-shim-")   # its source (DWARF) and its built object

# Native frames that are CPython's machinery even when a C file is named.
_GLUE_NAMES = frozenset({
    "PyCFuncPtr_call", "_ctypes_callproc", "_call_function_pointer", "GetResult", "ConvParam",
    "ffi_call", "ffi_call_int", "ffi_call_unix64", "start_thread", "clone", "clone3",
    "__libc_start_main", "__libc_start_call_main", "_start", SHIM_FUNCTION,
})
_GLUE_NAME_PREFIXES = ("_Py", "Py", "_ctypes", "ffi_", "cfunction_", "method_vectorcall",
                       "vectorcall", "slot_tp_", "builtin_", "gc_collect")
# System libraries whose frames are never the program's work.
_SYSTEM_LIBRARIES = ("libc.so", "libc-", "libpthread", "ld-linux", "libdl.", "libffi",
                     "libgcc_s", "libpython", "_ctypes.")
# CPython's source tree, as its DWARF names it (the build directory is gone).
_CPYTHON_SOURCE_DIRS = ("/Python/", "/Objects/", "/Modules/", "/Include/", "/Parser/")
_C_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".inc")
_NATIVE_SOURCE_SUFFIXES = (*_C_SUFFIXES, ".hpp", ".hh", ".rs", ".f", ".f90", ".s", ".S", ".m", ".mm",
                           ".cu", ".zig", ".go", ".d", ".swift")
# Python-level machinery between the interpreter and the program.
_PYTHON_MACHINERY = ("<frozen importlib", "<frozen runpy>")


@dataclass(frozen=True)
class Places:
    """Where Kiln and Python live on this machine; frames there are not the user's."""

    kiln_dirs: tuple[str, ...]        # Kiln's own Python packages (runner, profiler, ...)
    compiled_dirs: tuple[str, ...]    # where compiled modules are loaded from (the cache)
    python_prefixes: tuple[str, ...]  # the interpreter's installation

    @staticmethod
    def here(compiled_dirs: tuple[str, ...] = ()) -> "Places":
        prefixes = {os.path.realpath(p) for p in (sys.base_prefix, sys.base_exec_prefix)}
        return Places(tuple(sorted(_slash(d) for d in kiln_package_dirs())),
                      tuple(_slash(os.path.abspath(d)) for d in compiled_dirs),
                      tuple(sorted(_slash(p) for p in prefixes)))


def kiln_package_dirs() -> list[str]:
    """The folders of Kiln's own Python code (editable installs map each
    `kiln.*` package to its own top-level folder)."""
    import importlib.util
    dirs = []
    for name in ("kiln", "kiln.compiler", "kiln.profiler", "kiln.lsp", "kiln.debugger"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(os.path.abspath(d) for d in spec.submodule_search_locations)
    return dirs


def _slash(path: str) -> str:
    return os.path.join(path, "")


def classify(name: str, file: str, line: int, places: Places) -> Kind:
    if file.endswith(".kiln"):
        if name.startswith(BRIDGE_PREFIX) or name.endswith(TASK_SUFFIX):
            return Kind.DROPPED
        return Kind.KILN_SOURCE
    if _is_python_source(file, line):
        if file.startswith(_PYTHON_MACHINERY) or file.startswith(places.kiln_dirs):
            return Kind.DROPPED
        return Kind.PYTHON_LIBRARY
    return _classify_native(name, file, places)


def _is_python_source(file: str, line: int) -> bool:
    if file.endswith((".py", ".pyw", ".pyx")) or (file.startswith("<") and file.endswith(">")):
        return True
    # A script without a suffix: native frames with a line name a compiled language's file.
    return line > 0 and not file.endswith(_NATIVE_SOURCE_SUFFIXES)


def _classify_native(name: str, file: str, places: Places) -> Kind:
    if os.path.basename(file).startswith(SHIM_FILES):
        return Kind.DROPPED
    if file.startswith(places.compiled_dirs):
        if name.startswith(RUNTIME_PREFIX) or name.startswith("0x") or name.endswith(TASK_SUFFIX):
            return Kind.DROPPED
        return Kind.COMPILED_NO_LINE
    if name in _GLUE_NAMES or name.startswith(_GLUE_NAME_PREFIXES):
        return Kind.DROPPED
    if file == "?" or name.startswith("0x") and _is_system(file, places):
        return Kind.DROPPED
    if _is_system(file, places) or _is_cpython_source(file):
        return Kind.DROPPED
    return Kind.NATIVE_LIBRARY


def _is_system(file: str, places: Places) -> bool:
    base = os.path.basename(file)
    if base.startswith(_SYSTEM_LIBRARIES) or base.startswith("python"):
        return True
    # The interpreter's own extension modules, but not packages installed into it.
    return file.startswith(places.python_prefixes) and "-packages/" not in file


def _is_cpython_source(file: str) -> bool:
    return file.endswith(_C_SUFFIXES) and (
        any(d in file for d in _CPYTHON_SOURCE_DIRS) or "/Python-3." in file)
