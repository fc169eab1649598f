"""The interface between the Python tier and the native (compiled) tier.

When a `.kiln` module declares compiled-tier names at its top level (`fn`,
`struct`, `trait`, `alias`), the Python tier does not compile them itself: it
asks a `NativeProvider` for one Python object per declared name (a bridged
callable for an `fn`, the struct's Python-tier class, the alias's value, any
object standing for a trait) and binds each name where its declaration stands
in the module, so top-level code sees them in source order.

The native tier implements the provider in `kiln.compiler.native.provider`,
whose `create_provider()` returns it; embedders and tests may install another
with `register_provider`. With no provider at all, loading a module that needs
one fails with diagnostic K0550 naming its first declaration.
"""
from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass, field
from typing import Literal, Mapping, Protocol, Sequence, runtime_checkable

from ..diagnostics.diagnostic import Diagnostic
from ..syntax.source import SourceFile, Span

DeclKind = Literal["fn", "struct", "trait", "alias"]

PROVIDER_MODULE = "kiln.compiler.native.provider"
NATIVE_GLOBAL = "__kiln_native__"   # the module global the lowered bindings read


@dataclass(frozen=True)
class NativeDecl:
    """One top-level compiled-tier declaration the provider must bind."""

    name: str
    kind: DeclKind
    span: Span          # the whole declaration (for diagnostics)


@dataclass(frozen=True)
class NativeOptions:
    """What `kiln run --debug` / `-O N` asked for; None = the provider's default."""

    opt_level: int | None = None
    debug: bool = False
    fast_math: bool = False


@dataclass(frozen=True)
class NativeRequest:
    """Everything the provider gets for one module.

    `tree` is the parser's Kiln tree (not the lowering); `search_path` lists
    the directories where this module's `import x` finds `x.kiln`, in order
    (its own directory, then KILN_PATH), so the provider resolves imported
    compiled-tier names the same way the Python tier does.
    """

    module_name: str
    source: SourceFile          # source.path is the absolute .kiln path
    tree: ast.Module
    decls: tuple[NativeDecl, ...]
    search_path: tuple[str, ...]
    options: NativeOptions = NativeOptions()


@dataclass
class NativeModule:
    """The provider's answer. `bindings` must hold every name in
    `request.decls` unless `diagnostics` has an error (then nothing runs)."""

    bindings: Mapping[str, object] = field(default_factory=dict)
    diagnostics: Sequence[Diagnostic] = ()


@runtime_checkable
class NativeProvider(Protocol):
    def load(self, request: NativeRequest) -> NativeModule:
        """Compile (or fetch from the cache) and load the module's compiled tier."""
        ...


_registered: NativeProvider | None = None
_discovered = False
_default: NativeProvider | None = None


def register_provider(provider: NativeProvider | None) -> None:
    """Install `provider` for this process (None: back to the default lookup)."""
    global _registered
    _registered = provider


def find_provider() -> NativeProvider | None:
    """The registered provider, else the native tier's, else None."""
    global _discovered, _default
    if _registered is not None:
        return _registered
    if not _discovered:
        _discovered = True
        try:
            module = importlib.import_module(PROVIDER_MODULE)
        except ModuleNotFoundError as exc:
            # Only "the native tier is not there" means no provider; a missing
            # dependency inside it is a real failure and must surface.
            if exc.name != PROVIDER_MODULE:
                raise
            return None
        _default = module.create_provider()
    return _default
