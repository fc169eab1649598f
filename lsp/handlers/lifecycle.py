"""Start-up, configuration and the files the editor does not have open."""
from __future__ import annotations

import asyncio

from lsprotocol import types as lsp
from pygls.capabilities import ServerCapabilitiesBuilder

from ..session import Session
from ..settings import Settings
from .feature import Feature

CONFIG_SECTION = "kiln"
WATCH_ID = "kiln-watch-kiln-files"


def initialize(session: Session, params: lsp.InitializeParams) -> None:
    encoding = ServerCapabilitiesBuilder.choose_position_encoding(params.capabilities)
    session.configure(params, encoding)
    session.publisher.push = not session.client.pull_diagnostics


def initialized(session: Session, params: lsp.InitializedParams) -> None:
    if session.client.watched_files_registration:
        asyncio.ensure_future(_watch_kiln_files(session))
    if session.client.configuration:
        asyncio.ensure_future(_pull_configuration(session))
    session.indexer.start()


def did_change_configuration(session: Session, params: lsp.DidChangeConfigurationParams) -> None:
    if params.settings:
        _apply_settings(session, session.settings.updated(params.settings))
    elif session.client.configuration:
        asyncio.ensure_future(_pull_configuration(session))


def did_change_watched_files(session: Session, params: lsp.DidChangeWatchedFilesParams) -> None:
    for event in params.changes:
        path = session.path_of(event.uri)
        session.indexer.file_changed(path, deleted=event.type == lsp.FileChangeType.Deleted)
    session.workspace_changed()


def did_change_workspace_folders(session: Session,
                                 params: lsp.DidChangeWorkspaceFoldersParams) -> None:
    removed = [session.path_of(f.uri) for f in params.event.removed]
    added = [session.path_of(f.uri) for f in params.event.added]
    for folder in removed:
        if folder in session.workspace_folders:
            session.workspace_folders.remove(folder)
        session.indexer.forget_folder(folder)
    session.workspace_folders += [f for f in added if f not in session.workspace_folders]
    if added:
        session.indexer.start(added)
    else:
        session.workspace_changed()


async def _watch_kiln_files(session: Session) -> None:
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern="**/*.kiln")])
    registration = lsp.Registration(id=WATCH_ID, method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                    register_options=options)
    try:
        await session.server.client_register_capability_async(
            lsp.RegistrationParams(registrations=[registration]))
    except Exception as exc:
        session.log(f"kiln: the client did not accept file watching ({exc}); "
                    "changes on disk are seen when files are opened")


async def _pull_configuration(session: Session) -> None:
    try:
        answer = await session.server.workspace_configuration_async(
            lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section=CONFIG_SECTION)]))
    except Exception as exc:
        session.log(f"kiln: could not read the `{CONFIG_SECTION}` settings: {exc}")
        return
    if answer:
        _apply_settings(session, session.settings.updated(answer[0]))


def _apply_settings(session: Session, settings: Settings) -> None:
    old, session.settings = session.settings, settings
    if old.inlay_hints != settings.inlay_hints and session.client.inlay_hint_refresh:
        session.server.workspace_inlay_hint_refresh(None)


FEATURES = [
    Feature(lsp.INITIALIZE, initialize, synchronous=True),
    Feature(lsp.INITIALIZED, initialized, synchronous=True),
    Feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration, synchronous=True),
    Feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES, did_change_watched_files, synchronous=True),
    Feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS, did_change_workspace_folders,
            synchronous=True),
]
