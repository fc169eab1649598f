"""`kiln build` from the command line: outputs of each --emit kind, the
-O/-g flags, exit codes, and the errors that name the Python-tier code in
the way of a standalone executable."""
import os
import subprocess

from .kilnkit import write

PROGRAM = """
fn square(x: Int) -> Int:
    return x * x


fn main():
    print(square(12))
"""


def test_exe_obj_asm_llvm(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", PROGRAM)
    proc = run_kiln("build", path, "-o", tmp_path / "prog")
    assert proc.returncode == 0, proc.stderr
    assert subprocess.run([str(tmp_path / "prog")], capture_output=True, text=True).stdout == "144\n"
    libs = subprocess.run(["ldd", str(tmp_path / "prog")], capture_output=True, text=True).stdout
    assert "libc.so" in libs and "python" not in libs and "libkiln" not in libs
    for emit, check in (("obj", lambda data: data[:4] == b"\x7fELF"),
                        ("asm", lambda data: b"main:" in data and b".cfi_startproc" in data),
                        ("llvm", lambda data: b"define" in data and b"@main" in data)):
        out = tmp_path / f"out.{emit}"
        proc = run_kiln("build", path, "--emit", emit, "-o", out, "-O2")
        assert proc.returncode == 0, proc.stderr
        assert check(out.read_bytes()), emit


def test_debug_build_keeps_dwarf_and_release_strips(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", PROGRAM)
    assert run_kiln("build", path, "-g", "-O0", "-o", tmp_path / "debug").returncode == 0
    assert run_kiln("build", path, "-O3", "-o", tmp_path / "release").returncode == 0
    sections = lambda p: subprocess.run(["readelf", "-S", str(p)], capture_output=True, text=True).stdout
    assert ".debug_info" in sections(tmp_path / "debug") and ".debug_line" in sections(tmp_path / "debug")
    assert ".debug_info" not in sections(tmp_path / "release")
    assert os.path.getsize(tmp_path / "release") < 32 * 1024


def test_def_main_is_named(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", """
        fn square(x: Int) -> Int:
            return x * x

        def main():
            print(square(3))
        """)
    proc = run_kiln("build", path, "-o", tmp_path / "prog")
    assert proc.returncode == 1
    assert "error[K0602]: `main` is a `def` (Python tier)" in proc.stderr
    assert f"{path}:4:1" in proc.stderr and "def main():" in proc.stderr


def test_top_level_python_statement_is_named(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", """
        import os
        print("setting up")

        fn main():
            print(1)
        """)
    proc = run_kiln("build", path, "-o", tmp_path / "prog")
    assert proc.returncode == 1
    assert "error[K0602]: this top-level statement runs on the Python tier" in proc.stderr
    assert f"{path}:2:1" in proc.stderr


def test_missing_main_and_type_errors_and_usage(run_kiln, tmp_path):
    path = write(tmp_path, "lib.kiln", "fn f(x: Int) -> Int:\n    return x\n")
    proc = run_kiln("build", path, "-o", tmp_path / "lib")
    assert proc.returncode == 1 and "error[K0601]" in proc.stderr
    bad = write(tmp_path, "bad.kiln", "fn main():\n    var x: Int = \"no\"\n")
    proc = run_kiln("build", bad)
    assert proc.returncode == 1 and f"{bad}:2:18: error[K" in proc.stderr.replace("\n", " ") or "error[K" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = run_kiln("build", tmp_path / "missing.kiln")
    assert proc.returncode == 2 and "no such file" in proc.stderr


def test_unwritable_output_is_a_plain_error(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", PROGRAM)
    missing = tmp_path / "no" / "such" / "prog"
    proc = run_kiln("build", path, "-o", missing)
    assert proc.returncode == 1
    assert f"error[K0606]: cannot write {missing}: no such directory {missing.parent}" in proc.stderr
    assert "cc " not in proc.stderr and "Traceback" not in proc.stderr
    proc = run_kiln("build", path, "--emit", "llvm", "-o", tmp_path)
    assert proc.returncode == 1 and "it is a directory" in proc.stderr
