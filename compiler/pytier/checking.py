"""Check a program once per process, and once per content on disk.

`ensure_checked` is what the runner and the loader call before compiling a
file: if an enclosing check (or the on-disk cache) already covered the file,
nothing happens; otherwise the file's import closure is checked, a pass is
recorded in the session and the cache, and a failure is returned to be
reported.
"""
from __future__ import annotations

import ast

from ..syntax.source import SourceFile
from .code_cache import digests_of
from .program_check import ProgramCheck, check_program_closure
from .session import SESSION
from .source_reading import text_digest


def ensure_checked(source: SourceFile) -> ProgramCheck | None:
    """None if `source` (and all it imports) is fine to run, else the failed check."""
    digest = text_digest(source.text)
    if (source.path, digest) in SESSION.checked:
        return None
    cache = SESSION.cache
    cached = cache.load_check(source.path, digest, SESSION.scan_sys_path) if cache else None
    if cached is not None:
        SESSION.checked.update(digests_of(cached))
        return None
    check = check_program_closure(source.path, source, scan_sys_path=SESSION.scan_sys_path)
    if not check.ok:
        return check
    SESSION.checked.update(check.checked_trees())
    if cache is not None:
        cache.store_check(check, digest)
    return None


def take_tree(source: SourceFile) -> ast.Module | None:
    """The tree a check parsed for `source`, handed out once (a reload must
    parse the file afresh)."""
    key = (source.path, text_digest(source.text))
    tree = SESSION.checked.get(key)
    if tree is not None:
        SESSION.checked[key] = None
    return tree
