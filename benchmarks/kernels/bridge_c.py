"""Per-call cost of calling C's add from CPython, through the extension module
built from bridge.c (METH_FASTCALL) or through ctypes.
Usage: bridge_c.py {cext|ctypes} SHARED_OBJECT CALLS REPS"""
import ctypes
import importlib.machinery
import importlib.util
import sys

import bridge_calls
from bench_report import int_args


def load_extension(path):
    loader = importlib.machinery.ExtensionFileLoader("bridge_ext", path)
    spec = importlib.util.spec_from_loader("bridge_ext", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module.add


def load_ctypes(path):
    add = ctypes.CDLL(path).bench_add
    add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    add.restype = ctypes.c_int64
    return add


def main():
    mode, path = sys.argv[1], sys.argv[2]
    del sys.argv[1:3]
    calls, reps = int_args("{cext|ctypes} SHARED_OBJECT CALLS REPS", 2)
    add = {"cext": load_extension, "ctypes": load_ctypes}[mode](path)
    bridge_calls.run(add, calls, reps)


if __name__ == "__main__":
    main()
