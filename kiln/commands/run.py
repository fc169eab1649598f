"""`kiln run FILE [ARGS]`: see compiler/pytier/runner.py for the behaviour."""
from __future__ import annotations

import os

from ..cli import UsageError


def main(args) -> int:
    from ..compiler.pytier.native_provider import NativeOptions
    from ..compiler.pytier.runner import RunRequest, run_program
    from ..compiler.pytier.source_reading import SourceReadError

    opt_level = int(args.opt) if args.opt is not None else (0 if args.debug else None)
    request = RunRequest(
        path=args.file, args=tuple(args.args),
        native_options=NativeOptions(opt_level=opt_level, debug=args.debug),
        internal_dirs=(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),),
        show_internal_frames="KILN_BACKTRACE" in os.environ)
    try:
        return run_program(request)
    except SourceReadError as exc:
        raise UsageError(str(exc)) from None
