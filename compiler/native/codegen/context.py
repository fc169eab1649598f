"""Program-wide code-generation state shared by every function emitter:
the LLVM module, type layout, DWARF unit and types, the runtime, the
declared function of every fn instance, closure environments, effects."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from llvmlite import ir

from ...semantic import types as T
from ...semantic.locals import LocalVar
from ...semantic.typed_model import FnInstance, FnKey, StructLayout, TypedProgram
from ...syntax.source import SourceFile
from ..dwarf import DebugTypes, DebugUnit
from ..layout import Field, Layout
from ..runtime import Runtime
from ..target import Target
from .abi import NativeSignature, signature_of
from .effects import Effects, analyze
from .options import CodegenOptions


class CodegenError(Exception):
    """The typed model lacks something codegen needs: a Kiln bug (K0900),
    reported with the source location it concerns."""

    def __init__(self, message: str, path: str | None = None, node=None):
        super().__init__(message)
        self.path = path
        self.node = node


class Unsupported(CodegenError):
    """Valid Kiln that the native code generator does not handle yet (K0600)."""


@dataclass
class Declared:
    instance: FnInstance
    function: ir.Function
    signature: NativeSignature


@dataclass
class ProgramContext:
    program: TypedProgram
    module: ir.Module
    target: Target
    options: CodegenOptions
    layout: Layout
    debug: DebugUnit
    ditypes: DebugTypes
    runtime: Runtime
    effects: Effects
    structs: dict[T.StructType, StructLayout]
    functions: dict[FnKey, Declared] = field(default_factory=dict)
    # parent FnKey -> the captured variables of all its nested fns, in env order
    environments: dict[FnKey, list[LocalVar]] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @classmethod
    def create(cls, program: TypedProgram, module: ir.Module, target: Target,
               options: CodegenOptions) -> "ProgramContext":
        structs = {st: lay for mod in program.modules.values() for st, lay in mod.structs.items()}

        def fields(st: T.StructType):
            lay = structs.get(st)
            if lay is None:
                raise CodegenError(f"no layout for struct {st} in the typed model")
            return [Field(f.name, f.type) for f in lay.fields]
        layout = Layout(module.context, target.data_layout, fields)
        debug = DebugUnit(module, program.entry, optimized=options.opt_level > 0)
        ctx = cls(program, module, target, options, layout, debug, DebugTypes(debug, layout),
                  Runtime(module), analyze(program), structs)
        ctx.sources = {path: mod.source for path, mod in program.modules.items()}
        return ctx

    # -- instances -------------------------------------------------------------
    def instance(self, key: FnKey) -> FnInstance:
        inst = self.program.instance(key)
        if inst is None:
            for mod in self.program.modules.values():
                inst = mod.functions.get(key)
                if inst is not None:
                    break
        if inst is None:
            raise CodegenError(f"the typed model has no instance for {key}")
        return inst

    def declared(self, key: FnKey) -> Declared:
        d = self.functions.get(key)
        if d is None:
            d = self._declare(self.instance(key))
        return d

    def _declare(self, inst: FnInstance) -> Declared:
        has_env = inst.enclosing is not None and bool(self.environment_of(inst.enclosing))
        sig = signature_of(inst, self.effects.may_fail.get(inst.key, inst.raises), has_env)
        fn = ir.Function(self.module, sig.function_type(self.layout), inst.link_name)
        fn.linkage = "internal"
        fn.attributes.add("nounwind")
        fn.attributes.add("uwtable")
        # A store through a null pointer must fault (SIGSEGV), not be undefined
        # behaviour that LLVM deletes together with the rest of the fn, which
        # then runs on into whatever code follows it.
        set.add(fn.attributes, "null_pointer_is_valid")
        if self.options.opt_level == 0:
            # As clang -O0: a frame pointer, so gdb's prologue analysis ends
            # after the frame setup and `step` into an fn stops on its first
            # body line with the arguments in place (llvmlite knows no string
            # attributes, hence the set's own add).
            set.add(fn.attributes, '"frame-pointer"="all"')
        self._argument_attributes(fn, sig)
        for decorator in getattr(inst.node, "decorator_list", ()) or ():
            name = getattr(decorator, "id", None)
            if name == "always_inline":
                fn.attributes.add("alwaysinline")
            elif name == "noinline":
                fn.attributes.add("noinline")
        d = Declared(inst, fn, sig)
        self.functions[inst.key] = d
        return d

    @staticmethod
    def _argument_attributes(fn: ir.Function, sig: NativeSignature) -> None:
        """An `inout` argument is exclusive for the call (Kiln forbids passing
        one variable twice), so its storage aliases nothing the fn reaches by
        other pointers: `noalias` lets LLVM keep struct fields in registers
        across stores through pointer fields (matmul's `C[m, n] += ...`)."""
        offset = 1 if sig.has_env else 0
        for i, conv in enumerate(sig.conventions):
            if conv == "inout":
                arg = fn.args[offset + i]
                arg.add_attribute("noalias")
                arg.add_attribute("nonnull")

    def environment_of(self, parent: FnKey) -> list[LocalVar]:
        """The variables a parent fn shares with its nested fns (env order):
        everything its nested fns capture, including what their own nested
        fns need from further out (passed down through each level)."""
        env = self.environments.get(parent)
        if env is None:
            env = []
            for nested in self.instance(parent).nested:
                for var in self._captures_of(nested):
                    if var not in env:
                        env.append(var)
            self.environments[parent] = env
        return env

    def _captures_of(self, key: FnKey) -> list[LocalVar]:
        """Captures of a nested fn instance, plus what its own nested fns
        capture from outside it (transitively)."""
        inst = self.instance(key)
        found = list(inst.captures)
        for child in inst.nested:
            for var in self._captures_of(child):
                if var.owner_fn is not inst.decl and var not in found:
                    found.append(var)
        return found

    def source(self, path: str) -> SourceFile:
        return self.sources[path]

    def display_path(self, path: str) -> str:
        return os.path.abspath(path)
