"""The driver reuses a workspace that already checked the program (the
Python tier's pre-run check) when it was built for this host, so a cold
`kiln run` type-checks once; any other workspace is ignored."""
from kiln.compiler.native import hostinfo
from kiln.compiler.native.driver import typed_program
from kiln.compiler.semantic import MemoryLoader, TargetInfo, Workspace

ON_DISK = "fn f() -> Int:\n    return 1\n"
IN_WORKSPACE = "fn g() -> Int:\n    return 2\n"


def _names(program, path):
    return sorted(key.decl_id.split("::", 1)[1] for key in program.modules[path].functions)


def _workspace(path: str, target: TargetInfo) -> Workspace:
    ws = Workspace(MemoryLoader({path: IN_WORKSPACE}), target)
    ws.set_file(path, IN_WORKSPACE)
    return ws


def test_checked_workspace_for_this_host_is_reused(tmp_path):
    path = str(tmp_path / "m.kiln")
    host = TargetInfo(vector_bits=hostinfo.vector_bits(), cores=hostinfo.cores())
    program = typed_program(path, ON_DISK, workspace=_workspace(path, host))
    assert program.ok
    assert _names(program, path) == ["g"]


def test_workspace_for_another_target_is_ignored(tmp_path):
    path = str(tmp_path / "m.kiln")
    other = TargetInfo(vector_bits=hostinfo.vector_bits() * 2, cores=hostinfo.cores())
    program = typed_program(path, ON_DISK, workspace=_workspace(path, other))
    assert program.ok
    assert _names(program, path) == ["f"]
