"""Building hand-written LLVM modules for the tests of the native tier's
lower layers (runtime, DWARF, bridge) before any Kiln source is involved."""
from __future__ import annotations

import os

from kiln.compiler.native.emit import compile_ir
from kiln.compiler.native.link import system_linker
from kiln.compiler.native.module import new_module
from kiln.compiler.native.target import host


def fresh_module(name: str = "test"):
    return new_module(name, host())


def build_shared(module, directory, name: str, opt: int = 2) -> str:
    path = os.path.join(str(directory), f"{name}.so")
    system_linker().shared(compile_ir(str(module), host(), opt).object_code, path)
    return path


def build_exe(module, directory, name: str, opt: int = 2, strip: bool = True) -> str:
    path = os.path.join(str(directory), name)
    system_linker().executable(compile_ir(str(module), host(), opt).object_code, path, strip=strip)
    return path
