"""Python exception types that only compiled code raises (public as `kiln.NativeFault`)."""
from __future__ import annotations


class NativeFault(Exception):
    """A SIGSEGV or SIGBUS in compiled code: a load or store through an
    invalid `UnsafePointer` (null, freed, out of its allocation). The message
    names the access, the address and the fn and `.kiln` line; the traceback
    shows the fn frames. The interpreter keeps running, but the faulting
    call's frames were abandoned (memory they owned is leaked) and a wild
    store may already have corrupted other memory before the fault."""
