"""Request handlers, one method per DAP request, named `<command>_request`."""
from __future__ import annotations


def all_handlers(session) -> list:
    from .breakpoints import BreakpointHandlers
    from .execution import ExecutionHandlers
    from .inspection import InspectionHandlers
    from .lifecycle import LifecycleHandlers
    return [LifecycleHandlers(session), BreakpointHandlers(session),
            ExecutionHandlers(session), InspectionHandlers(session)]
