"""Give each Python thread's OS thread its Python name (the first 15
bytes, the kernel's limit), so gdb, which sees only OS threads, and pydevd,
which sees only Python threads, can be matched by name."""
from __future__ import annotations

import ctypes
import threading

OS_NAME_LIMIT = 15


def name_os_threads() -> None:
    try:
        setname = ctypes.CDLL(None).pthread_setname_np
    except (OSError, AttributeError):
        return
    setname.argtypes = [ctypes.c_ulong, ctypes.c_char_p]
    original = threading.Thread._set_native_id

    def set_native_id(self) -> None:
        original(self)
        try:
            setname(threading.get_ident(), self.name.encode("utf-8", "replace")[:OS_NAME_LIMIT])
        except (OSError, ctypes.ArgumentError):
            pass

    threading.Thread._set_native_id = set_native_id
