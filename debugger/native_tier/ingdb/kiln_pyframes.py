"""CPython frames of a thread stopped in native code, read from the
interpreter's own structures with CPython's gdb helper (`pythonX.Y-gdb.py`,
"libpython"), which knows each version's frame layout. Loaded by path: gdb's
auto-load would need a safe-path setting from the user."""
from __future__ import annotations

import importlib.util

import gdb

_libpython = None
load_error = "CPython's gdb helper (python3.x-gdb.py) was not found"
MAX_REPR = 200


def load(path: str) -> None:
    global _libpython, load_error
    if not path:
        return
    try:
        spec = importlib.util.spec_from_file_location("kiln_libpython", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _libpython = module
        load_error = ""
    except Exception as exc:  # a helper for another version, a broken file
        load_error = f"cannot load {path}: {exc}"


def available() -> bool:
    return _libpython is not None


def interpreter_frames(gdb_frame) -> list:
    """The Python frames an `_PyEval_EvalFrameDefault` C frame is running,
    newest first (3.11 runs Python-to-Python calls in one C frame)."""
    if _libpython is None:
        return []
    frame = _libpython.Frame(gdb_frame)
    if not frame.is_evalframe():
        return []
    frames = []
    current = frame.get_pyop()
    while current is not None and not current.is_optimized_out():
        frames.append(current)
        if current.is_entry():
            break
        current = current.previous()
    return frames


def frame_info(py_frame) -> dict:
    return {"func": str(py_frame.co_name.proxyval(set())), "file": str(py_frame.filename()),
            "line": str(py_frame.current_line_num() or 0)}


def is_eval_frame(gdb_frame) -> bool:
    return _libpython is not None and _libpython.Frame(gdb_frame).is_evalframe()


def locals_of(py_frame) -> list:
    return [describe(str(name.proxyval(set())), value) for name, value in py_frame.iter_locals()]


def lookup(py_frame, name: str) -> dict | None:
    value, _scope = py_frame.get_var_by_name(name)
    return None if value is None else describe(name, value)


def describe(name: str, pyop) -> dict:
    type_name = pyop.safe_tp_name()
    if type_name == "float":
        # libpython has no float proxy: it would print "<float at remote 0x...>".
        address = int(pyop.as_address())
        text = repr(float(gdb.parse_and_eval(f"((PyFloatObject*){address})->ob_fval")))
    else:
        text = pyop.get_truncated_repr(MAX_REPR)
    return {"name": name, "value": text, "type": type_name, "children": "0"}


def thread_state(gdb_frame):
    """The PyThreadState* an eval frame runs on (None if unreadable)."""
    try:
        return gdb_frame.read_var("tstate")
    except (ValueError, gdb.error):
        return None
