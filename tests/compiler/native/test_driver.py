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


def test_unwritable_cache_compiles_without_it_and_warns(tmp_path):
    from kiln.compiler.native.cache import NativeCache
    from kiln.compiler.native.codegen.options import CodegenOptions
    from kiln.compiler.native.driver import compile_for_python
    not_a_dir = tmp_path / "cache-file"
    not_a_dir.write_text("")
    path = tmp_path / "m.kiln"
    path.write_text("fn add(a: Int, b: Int) -> Int:\n    return a + b\n")
    outcome = compile_for_python(str(path), None, CodegenOptions(opt_level=1),
                                 cache=NativeCache(str(not_a_dir)))
    assert outcome.module is not None and outcome.module.add(2, 3) == 5
    assert [(d.code, d.is_error) for d in outcome.diagnostics] == [("K0605", False)]
    assert "cannot be written" in outcome.diagnostics[0].message
