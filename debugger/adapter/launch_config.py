"""The `launch` request's arguments, checked once into a typed value."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from .protocol import Request, RequestError


@dataclass(frozen=True)
class LaunchConfig:
    program: str                              # absolute path
    args: tuple[str, ...] = ()
    cwd: str = ""
    env: dict = field(default_factory=dict)
    stop_on_entry: bool = False
    optimize: int = 0
    no_debug: bool = False
    just_my_code: bool = True                 # hide library and Kiln frames in the Python tier
    python: str = ""                          # the interpreter that runs the program

    @classmethod
    def from_request(cls, request: Request, python: str) -> "LaunchConfig":
        program = request.argument("program", str, required=True)
        cwd = request.argument("cwd", str, default="") or os.getcwd()
        if not os.path.isdir(cwd):
            raise RequestError(f"the working directory {cwd} does not exist")
        path = os.path.abspath(os.path.join(cwd, os.path.expanduser(program)))
        if not os.path.isfile(path):
            raise RequestError(f"cannot debug {program}: no such file")
        args = request.argument("args", list, default=[])
        if not all(isinstance(a, str) for a in args):
            raise RequestError("`launch`: every item of `args` must be a string")
        env = request.argument("env", dict, default={})
        if not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in env.items()):
            raise RequestError("`launch`: `env` must map names to strings")
        optimize = request.argument("optimize", int, default=0)
        if optimize not in (0, 1, 2, 3):
            raise RequestError("`launch`: `optimize` must be 0, 1, 2 or 3")
        return cls(program=path, args=tuple(args), cwd=cwd, env=dict(env),
                   stop_on_entry=bool(request.argument("stopOnEntry", bool, default=False)),
                   optimize=optimize, no_debug=bool(request.argument("noDebug", bool, default=False)),
                   just_my_code=request.argument("justMyCode", bool, default=True),
                   python=request.argument("python", str, default="") or python)
