"""MI commands for the adapter, run inside gdb:

    -kiln-stack                         the stopped thread's fn and Python frames
    -kiln-locals                        arguments and locals of the selected fn frame
    -kiln-children PATH                 children of a value (PATH: JSON list of keys)
    -kiln-evaluate EXPR                 a name / `a.b[2]` path, else a gdb expression
    -kiln-py-locals INDEX               locals of the INDEX-th Python frame of the
                                        selected `_PyEval_EvalFrameDefault` frame
    -kiln-py-evaluate INDEX NAME        one name in that Python frame

Each takes MI's own `--thread N --frame L` options to choose the frame.
"""
from __future__ import annotations

import json
import re

import gdb

import kiln_pyframes as pyframes
import kiln_values as values

MAX_FRAMES = 256
_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*|\[\d+\])*$")
_PATH_KEY = re.compile(r"\.([A-Za-z_]\w*)|(\[\d+\])")


def is_user_frame(frame) -> bool:
    """A frame of the program's own compiled code (not a bridge wrapper or
    runtime helper, whose names start with `kiln.`)."""
    name = frame.name() or ""
    symtab = frame.find_sal().symtab
    return symtab is not None and symtab.filename.endswith(".kiln") and not name.startswith("kiln.")


def _fn_frame(frame, level: int) -> dict:
    sal = frame.find_sal()
    return {"kind": "fn", "level": str(level), "func": frame.name() or "??",
            "file": sal.symtab.fullname(), "line": str(sal.line), "addr": "0x%x" % frame.pc()}


def _py_frames(frame, level: int) -> list:
    out = []
    for index, py_frame in enumerate(pyframes.interpreter_frames(frame)):
        info = pyframes.frame_info(py_frame)
        info.update(kind="py", level=str(level), index=str(index))
        out.append(info)
    return out


def holds_gil(thread) -> bool:
    """Whether `thread` is the one holding CPython's GIL (3.11 layout)."""
    try:
        current = gdb.parse_and_eval("(PyThreadState *)_PyRuntime.gilstate.tstate_current._value")
        if int(current) == 0:
            return False
        return int(current["native_thread_id"]) == thread.ptid[1]
    except gdb.error:
        return False


class StackCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-stack")

    def invoke(self, argv):
        frames, level = [], 0
        frame = gdb.newest_frame()
        while frame is not None and len(frames) < MAX_FRAMES:
            if is_user_frame(frame):
                frames.append(_fn_frame(frame, level))
            elif pyframes.is_eval_frame(frame):
                frames.extend(_py_frames(frame, level))
            frame = frame.older()
            level += 1
        newest = gdb.newest_frame()
        return {"frames": frames, "gil": "1" if holds_gil(gdb.selected_thread()) else "0",
                "top": "fn" if is_user_frame(newest) else (newest.name() or "??"),
                "python": "" if pyframes.available() else pyframes.load_error}


def frame_symbols(frame) -> list:
    """Arguments, then locals in declaration order. A local declared on the
    line stopped at, or a later one, has no value yet and is left out."""
    line = frame.find_sal().line
    block = frame.block()
    seen, arguments, local_vars = set(), [], []
    while block is not None:
        for symbol in block:
            if not (symbol.is_argument or symbol.is_variable) or symbol.name in seen:
                continue
            if not symbol.is_argument and symbol.line >= line:
                continue
            seen.add(symbol.name)
            (arguments if symbol.is_argument else local_vars).append(symbol)
        if block.function is not None:
            break
        block = block.superblock
    return arguments + sorted(local_vars, key=lambda s: s.line)


class LocalsCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-locals")

    def invoke(self, argv):
        frame = gdb.selected_frame()
        out = []
        for symbol in frame_symbols(frame):
            try:
                out.append(values.describe(symbol.name, symbol.value(frame)))
            except gdb.error as exc:
                out.append({"name": symbol.name, "value": f"<error: {exc}>", "type": "", "children": "0"})
        return {"variables": out}


def value_at(path: list):
    value = gdb.selected_frame().read_var(path[0])
    for key in path[1:]:
        value = values.child(value, key)
    return value


def path_of(expression: str) -> list | None:
    text = expression.strip()
    if not _PATH.match(text):
        return None
    root = re.match(r"[A-Za-z_]\w*", text).group(0)
    keys = [field or index for field, index in _PATH_KEY.findall(text[len(root):])]
    return [root, *keys]


class ChildrenCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-children")

    def invoke(self, argv):
        value = value_at(json.loads(argv[0]))
        return {"variables": [values.describe(name, child) for name, child in values.children(value)]}


class EvaluateCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-evaluate")

    def invoke(self, argv):
        expression = " ".join(argv)
        path = path_of(expression)
        if path is not None:
            try:
                value = value_at(path)
            except ValueError:
                raise gdb.GdbError(f"name '{path[0]}' is not defined in this fn frame") from None
            result = values.describe(expression, value)
            result["path"] = json.dumps(path)
            return {"variable": result}
        value = gdb.parse_and_eval(expression)
        return {"variable": values.describe(expression, value)}


def _python_frame(index: str):
    frames = pyframes.interpreter_frames(gdb.selected_frame())
    position = int(index)
    if not 0 <= position < len(frames):
        raise gdb.GdbError("that Python frame is gone")
    return frames[position]


class PyLocalsCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-py-locals")

    def invoke(self, argv):
        return {"variables": pyframes.locals_of(_python_frame(argv[0]))}


class PyEvaluateCommand(gdb.MICommand):
    def __init__(self):
        super().__init__("-kiln-py-evaluate")

    def invoke(self, argv):
        found = pyframes.lookup(_python_frame(argv[0]), argv[1])
        if found is None:
            raise gdb.GdbError(f"name '{argv[1]}' is not defined")
        return {"variable": found}


def register(libpython_path: str) -> None:
    pyframes.load(libpython_path)
    for command in (StackCommand, LocalsCommand, ChildrenCommand, EvaluateCommand,
                    PyLocalsCommand, PyEvaluateCommand):
        command()
