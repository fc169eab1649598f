"""Compile the program before the debugger connects.

This performs the same steps as `runner.run_program` does before running
(read, check the import closure, lower, compile the native tier), so that
the run that follows under pydevd finds every cache warm: the in-process
session remembers the check, the code cache holds the compiled unit, and
the native module is already loaded. Any failure here only means the run
will do the work itself (and report the errors as `kiln run` does).
"""
from __future__ import annotations

import os
import sys


def compile_ahead(request) -> bool:
    """True when the program compiled cleanly (the debugger should attach)."""
    from kiln.compiler.pytier.checking import ensure_checked, take_tree
    from kiln.compiler.pytier.compile_unit import compile_module
    from kiln.compiler.pytier.import_hook import install
    from kiln.compiler.pytier.module_locator import importer_search_path
    from kiln.compiler.pytier.session import SESSION
    from kiln.compiler.pytier.source_reading import SourceReadError, read_source

    path = os.path.abspath(request.path)
    saved_path = list(sys.path)
    try:
        if not sys.flags.safe_path:
            sys.path[0:1] = [os.path.dirname(os.path.realpath(path))]
        text = read_source(path)
        if text.diagnostics:
            return False
        install(scan_sys_path=True)
        SESSION.native_options = request.native_options
        if ensure_checked(text.source) is not None:
            return False
        compiled = compile_module(text.source, module_name="__main__", tree=take_tree(text.source),
                                  search_path=importer_search_path(path),
                                  options=request.native_options, cache=SESSION.cache)
        return bool(compiled.ok)
    except SourceReadError:
        return False
    finally:
        sys.path[:] = saved_path
