"""Linking object code with the system C compiler driver (`cc`).

Shared objects are what `kiln run` loads in-process; executables are what
`kiln build` writes. Both link only against libc and (if used) libm:
`--as-needed` drops libm when nothing references it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass


class LinkError(Exception):
    """The system linker failed; the message carries its stderr."""


@dataclass(frozen=True)
class Linker:
    cc: str

    def shared(self, object_code: bytes, out: str) -> None:
        self._link(object_code, out, ["-shared"])

    def executable(self, object_code: bytes, out: str, *, strip: bool) -> None:
        flags = ["-Wl,--gc-sections"]
        if strip:
            flags.append("-s")
        self._link(object_code, out, flags)

    def _link(self, object_code: bytes, out: str, flags: list[str]) -> None:
        with tempfile.TemporaryDirectory(prefix="kiln-link-") as tmp:
            obj = os.path.join(tmp, "module.o")
            with open(obj, "wb") as f:
                f.write(object_code)
            cmd = [self.cc, *flags, "-o", out, obj, "-Wl,--as-needed", "-lm"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise LinkError(f"`{' '.join(cmd)}` failed:\n{proc.stderr.strip()}")


def system_linker() -> Linker:
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if cc is None:
        raise LinkError("no C compiler driver found to link with: install gcc "
                        "(`apt-get install gcc`) or set CC")
    return Linker(cc)
