"""The debug-info unit of one LLVM module: compile unit, files, subprograms,
lexical blocks, locations and variable declarations.

Every function the code generator emits gets a subprogram; every instruction
gets a location (the builder's `debug_metadata`); every parameter and local
gets a DILocalVariable bound to its stack slot with `llvm.dbg.declare`
(at -O0 the slot is where the value lives, so gdb always finds it).
"""
from __future__ import annotations

import os
from typing import Sequence

from llvmlite import ir

PRODUCER = "kiln"
# gdb falls back to its "minimal" language for Python; C-style expressions
# (`print p.x`, `print v[2]`) still work there.
LANGUAGE = "DW_LANG_Python"


class DebugUnit:
    def __init__(self, module: ir.Module, main_path: str, *, optimized: bool):
        self.module = module
        self._files: dict[str, ir.DIValue] = {}
        self._declare_fn: ir.Function | None = None
        self._value_fn: ir.Function | None = None
        self._subroutine_types: dict[tuple, ir.DIValue] = {}
        self.file_of_main = self.file(main_path)
        self.compile_unit = module.add_debug_info("DICompileUnit", {
            "language": ir.DIToken(LANGUAGE),
            "file": self.file_of_main,
            "producer": PRODUCER,
            "isOptimized": optimized,
            "runtimeVersion": 0,
            "emissionKind": ir.DIToken("FullDebug"),
        }, is_distinct=True)
        module.add_named_metadata("llvm.dbg.cu", self.compile_unit)
        i32 = ir.IntType(32)
        module.add_named_metadata("llvm.module.flags",
                                  [i32(7), "Dwarf Version", i32(5)])
        # Without this flag LLVM silently drops ALL debug info.
        module.add_named_metadata("llvm.module.flags",
                                  [i32(2), "Debug Info Version", i32(3)])

    # -- files and scopes ----------------------------------------------------
    def file(self, path: str) -> ir.DIValue:
        path = os.path.abspath(path)
        di = self._files.get(path)
        if di is None:
            di = self.module.add_debug_info("DIFile", {
                "filename": os.path.basename(path),
                "directory": os.path.dirname(path),
            })
            self._files[path] = di
        return di

    def subroutine_type(self, result: ir.DIValue | None,
                        params: Sequence[ir.DIValue | None]) -> ir.DIValue:
        key = (result, *params)
        di = self._subroutine_types.get(key)
        if di is None:
            types = self.module.add_metadata([result, *params])
            di = self.module.add_debug_info("DISubroutineType", {"types": types})
            self._subroutine_types[key] = di
        return di

    def subprogram(self, function: ir.Function, *, name: str, path: str,
                   line: int, result: ir.DIValue | None,
                   params: Sequence[ir.DIValue | None], local: bool,
                   optimized: bool) -> ir.DIValue:
        """A DISubprogram for `function`, attached to it as its `dbg`."""
        file = self.file(path)
        sp = self.module.add_debug_info("DISubprogram", {
            "name": name,
            "scope": file,
            "file": file,
            "line": line,
            "type": self.subroutine_type(result, params),
            "scopeLine": line,
            "spFlags": ir.DIToken("DISPFlagDefinition"
                                  + ("|DISPFlagLocalToUnit" if local else "")
                                  + ("|DISPFlagOptimized" if optimized else "")),
            "flags": ir.DIToken("DIFlagPrototyped"),
            "unit": self.compile_unit,
        }, is_distinct=True)
        function.set_metadata("dbg", sp)
        return sp

    def lexical_block(self, scope: ir.DIValue, path: str, line: int, col: int) -> ir.DIValue:
        return self.module.add_debug_info("DILexicalBlock", {
            "scope": scope, "file": self.file(path), "line": line, "column": col,
        }, is_distinct=True)

    def location(self, line: int, col: int, scope: ir.DIValue,
                 inlined_at: ir.DIValue | None = None) -> ir.DIValue:
        ops = {"line": line, "column": col, "scope": scope}
        if inlined_at is not None:
            ops["inlinedAt"] = inlined_at
        return self.module.add_debug_info("DILocation", ops)

    # -- variables -------------------------------------------------------------
    def variable(self, name: str, scope: ir.DIValue, path: str, line: int,
                 ditype: ir.DIValue, arg: int = 0) -> ir.DIValue:
        ops = {"name": name, "scope": scope, "file": self.file(path),
               "line": line, "type": ditype}
        if arg:
            ops["arg"] = arg
        return self.module.add_debug_info("DILocalVariable", ops)

    def declare(self, builder: ir.IRBuilder, slot: ir.Value, var: ir.DIValue,
                location: ir.DIValue) -> None:
        """Bind `var` to the stack slot `slot` (an alloca) from here on."""
        if self._declare_fn is None:
            md = ir.MetaDataType()
            self._declare_fn = ir.Function(
                self.module, ir.FunctionType(ir.VoidType(), [md, md, md]),
                "llvm.dbg.declare")
        saved = builder.debug_metadata
        builder.debug_metadata = location
        builder.call(self._declare_fn, [slot, var, self.empty_expression()])
        builder.debug_metadata = saved

    def empty_expression(self) -> ir.DIValue:
        return self.module.add_debug_info("DIExpression", {})
