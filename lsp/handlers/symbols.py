"""Document symbols (hierarchical: structs with fields and methods) and
workspace symbols."""
from __future__ import annotations

from lsprotocol import types as lsp

from ..convert import symbol_kind
from ..session import Session
from .feature import Feature

_MAX_WORKSPACE_SYMBOLS = 500


def document_symbol(session: Session, params: lsp.DocumentSymbolParams):
    opened = session.file_source(params.text_document.uri)
    if opened is None:
        return None
    path, _ = opened
    tree = session.analysis.document_symbols(path)
    if session.client.hierarchical_symbols:
        return [s for s in map(lambda n: _document_symbol(session, n), tree) if s is not None]
    flat: list[lsp.SymbolInformation] = []
    _flatten(session, tree, None, flat)
    return flat


def _document_symbol(session: Session, node) -> lsp.DocumentSymbol | None:
    sym = node.symbol
    if sym.span is None:
        return None
    selection = session.converter.range(sym.span)
    whole = session.converter.range(sym.full_span or sym.span)
    if selection is None or whole is None:
        return None
    children = [c for c in (_document_symbol(session, n) for n in node.children) if c is not None]
    return lsp.DocumentSymbol(
        name=sym.name,
        kind=symbol_kind(sym.kind, sym.name),
        range=whole,
        selection_range=selection,
        detail=sym.signature,
        children=children or None,
    )


def _flatten(session: Session, nodes, container: str | None,
             out: list[lsp.SymbolInformation]) -> None:
    for node in nodes:
        info = _symbol_information(session, node.symbol, container)
        if info is not None:
            out.append(info)
        _flatten(session, node.children, node.symbol.name, out)


def _symbol_information(session: Session, sym, container: str | None):
    if sym.span is None:
        return None
    location = session.converter.location(sym.full_span or sym.span)
    if location is None:
        return None
    return lsp.SymbolInformation(name=sym.name, kind=symbol_kind(sym.kind, sym.name),
                                 location=location, container_name=container)


def workspace_symbol(session: Session, params: lsp.WorkspaceSymbolParams):
    found = []
    for sym in session.analysis.workspace_symbols(params.query):
        if sym.span is None:
            continue
        location = session.converter.location(sym.span)
        if location is None:
            continue
        container = sym.container.qualified_name if sym.container is not None else None
        found.append(lsp.WorkspaceSymbol(name=sym.name, kind=symbol_kind(sym.kind, sym.name),
                                         location=location, container_name=container))
        if len(found) >= _MAX_WORKSPACE_SYMBOLS:
            break
    return found


FEATURES = [
    Feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL, document_symbol, empty=list),
    Feature(lsp.WORKSPACE_SYMBOL, workspace_symbol, empty=list),
]
