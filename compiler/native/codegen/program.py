"""Whole-program code generation: declare every fn instance, emit each
body, then add the entry points: the CPython extension module (bridge) for
`kiln run` / `kiln.load`, or a C `main` for `kiln build`."""
from __future__ import annotations

from dataclasses import dataclass, field

from llvmlite import ir

from ...semantic import types as T
from ...semantic.typed_model import Export, TypedProgram
from ..irbuilder import Builder, opaque_global
from ..layout import I32, PTR
from ..module import new_module
from ..target import Target
from .bridging import ExportedName, emit_bridge
from .context import CodegenError, ProgramContext
from .function import FunctionEmitter
from .lifecycle import Lifecycle
from .options import CodegenOptions


@dataclass
class GeneratedModule:
    name: str
    ir_text: str
    exports: list[ExportedName] = field(default_factory=list)


def generate(program: TypedProgram, options: CodegenOptions, module_name: str,
             target: Target) -> GeneratedModule:
    module = new_module(module_name, target)
    ctx = ProgramContext.create(program, module, target, options)
    life = Lifecycle(ctx)
    for mod in program.modules.values():
        for key in mod.functions:
            ctx.declared(key)
    done: set = set()
    while len(done) < len(ctx.functions):
        for key, declared in list(ctx.functions.items()):
            if key not in done:
                done.add(key)
                _emit_with_recursion_unrolled(ctx, declared, life)
    result = GeneratedModule(module_name, "")
    if options.standalone:
        if options.entry_point:
            _emit_c_main(ctx, program)
        else:
            _export_library(ctx, program)
    else:
        result.exports = emit_bridge(ctx, life, program, module_name)
    result.ir_text = str(module)
    return result


# Self-recursive fns are emitted RECURSION_COPIES times; copy i calls copy i+1
# and the copies are always inlined into the original, so the recursion is
# unrolled that many levels (what gcc does for `fib`): fewer calls, more room
# for the optimiser across levels.
RECURSION_COPIES = 4
RECURSION_MAX_NODES = 80


def _emit_with_recursion_unrolled(ctx: ProgramContext, declared, life) -> None:
    if not _unrollable_recursion(ctx, declared):
        FunctionEmitter(ctx, declared, life).emit()
        return
    copies = [declared]
    for i in range(1, RECURSION_COPIES):
        fn = ir.Function(ctx.module, declared.function.function_type,
                         ctx.module.get_unique_name(f"{declared.function.name}.level{i}"))
        fn.linkage = "internal"
        for attr in ("nounwind", "uwtable", "alwaysinline"):
            fn.attributes.add(attr)
        copies.append(type(declared)(declared.instance, fn, declared.signature))
    for i, copy in enumerate(copies):
        FunctionEmitter(ctx, copy, life, recursion_target=copies[(i + 1) % len(copies)]).emit()


def _unrollable_recursion(ctx: ProgramContext, declared) -> bool:
    from .effects import body_nodes
    inst = declared.instance
    if ctx.options.opt_level < 2 or declared.signature.has_env or inst.nested:
        return False
    nodes = list(body_nodes(inst))
    if len(nodes) > RECURSION_MAX_NODES:
        return False
    return any(t.instance == inst.key for t in inst.calls.values())


def _emit_c_main(ctx: ProgramContext, program: TypedProgram) -> None:
    entry = program.modules[program.entry]
    main_key = next((e.key for e in entry.exports if e.kind == "fn" and e.name == "main"), None)
    if main_key is None:
        raise CodegenError("the program has no `fn main()`", program.entry)
    declared = ctx.declared(main_key)
    fn = ir.Function(ctx.module, ir.FunctionType(I32, [I32, PTR]), "main")
    fn.attributes.add("uwtable")
    b = Builder(fn.append_basic_block("entry"))
    argc = ctx.module.globals.get("kiln.argc") or opaque_global(ctx.module, I32, "kiln.argc")
    argc.linkage = "internal"
    argc.initializer = I32(0)
    argv = ctx.module.globals.get("kiln.argv") or opaque_global(ctx.module, PTR, "kiln.argv")
    argv.linkage = "internal"
    argv.initializer = ir.Constant(PTR, None)
    b.store(fn.args[0], argc)
    b.store(fn.args[1], argv)
    from ..runtime.crash import install_crash_report
    install_crash_report(ctx.module, b)
    sp = ctx.debug.subprogram(fn, name="main", path=ctx.display_path(program.entry),
                              line=declared.instance.node.lineno, result=None, params=[],
                              local=False, optimized=ctx.options.opt_level > 0)
    b.debug_metadata = ctx.debug.location(declared.instance.node.lineno, 1, sp)
    outcome = b.call(declared.function, [])
    if declared.signature.may_fail:
        err = outcome
        with b.if_then(b.icmp_unsigned("!=", err, ir.Constant(PTR, None)), likely=False):
            b.call(ctx.runtime.get("kiln_error_exit"), [err])
    b.ret(I32(0))


def _export_library(ctx: ProgramContext, program: TypedProgram) -> None:
    """An object file without `main`: the module's top-level fns stay visible."""
    for export in program.modules[program.entry].exports:
        if export.kind == "fn" and export.key is not None and export.key in ctx.functions:
            ctx.functions[export.key].function.linkage = "external"
