import argparse
import os
import subprocess

import pytest

from kiln.cli import build_parser


def test_version(run_kiln):
    r = run_kiln("--version")
    assert r.returncode == 0
    assert r.stdout.startswith("kiln ")


def test_help_lists_every_command(run_kiln):
    r = run_kiln("--help")
    assert r.returncode == 0
    for cmd in ("run", "build", "check", "lsp", "dap", "debug", "profile", "ast"):
        assert cmd in r.stdout


def test_every_subcommand_has_help(run_kiln):
    for cmd in ("run", "build", "check", "lsp", "dap", "debug", "profile", "ast"):
        r = run_kiln(cmd, "--help")
        assert r.returncode == 0, (cmd, r.stderr)
        assert "usage:" in r.stdout


def test_bad_flag_is_one_line_exit_2(run_kiln):
    r = run_kiln("check", "--no-such-flag", "x.kiln")
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_unknown_command_exit_2(run_kiln):
    r = run_kiln("frobnicate")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_bad_flag_after_a_subcommand_names_the_subcommand(run_kiln):
    r = run_kiln("check", "--bogus", "x.kiln")
    assert (r.returncode, r.stdout) == (2, "")
    assert r.stderr == "kiln check: unrecognized arguments: --bogus (see `kiln check --help`)\n"


@pytest.mark.parametrize("command", ["run", "profile"])
def test_missing_program_says_missing_file(run_kiln, command):
    r = run_kiln(command, "--rate", "10") if command == "profile" else run_kiln(command, "--debug")
    assert r.returncode == 2 and "args" not in r.stderr.lower()
    assert r.stderr == (f"kiln {command}: missing FILE, the .kiln program to run "
                        f"(see `kiln {command} --help`)\n")


def test_unknown_command_suggests_the_closest(run_kiln):
    r = run_kiln("chekc", "x.kiln")
    assert (r.returncode, r.stderr) == (2, "kiln: unknown command 'chekc'; did you mean `kiln check`?\n")


def test_flags_after_the_program_belong_to_the_program(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text("import sys\nprint(sys.argv[1:])\n")
    r = run_kiln("run", "p.kiln", "--debug", "-O", "x")
    assert (r.returncode, r.stdout) == (0, "['--debug', '-O', 'x']\n"), r.stderr


def test_every_argument_and_command_is_explained():
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert "environment:" in parser.epilog and "exit status:" in parser.epilog
    for name, sub in commands.choices.items():
        assert sub.description and "examples:" in sub.epilog and "exit status:" in sub.epilog, name
        for action in sub._actions:
            assert action.help, (name, action.option_strings or action.dest)


def _closed_early(kiln_exe, tmp_path, args, lines_read):
    env = {**os.environ, "KILN_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([*kiln_exe, *args], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    for _ in range(lines_read):
        proc.stdout.readline()
    proc.stdout.close()  # `| head -N` exits
    err = proc.stderr.read().decode()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize("lines_read", [0, 3])
def test_reader_going_away_is_quiet(kiln_exe, tmp_path, lines_read):
    # Far more than a pipe buffer: the write fails while Kiln is still printing.
    (tmp_path / "big.kiln").write_text("".join(f"value_{i} = [{i}, {i} + 1]\n" for i in range(4000)))
    status, err = _closed_early(kiln_exe, tmp_path, ["ast", "big.kiln"], lines_read)
    assert (status, err) == (141, "")


def test_reader_going_away_from_check_output_is_quiet(kiln_exe, tmp_path):
    (tmp_path / "bad.kiln").write_text("".join(f"print(missing_{i})\n" for i in range(1500)))
    status, err = _closed_early(kiln_exe, tmp_path, ["check", "bad.kiln"], 1)
    assert status == 141 and "internal error" not in err and "Traceback" not in err


def test_public_namespace_is_the_api():
    import kiln
    assert [n for n in dir(kiln) if not n.startswith("__")] == [
        "CompileError", "Error", "NativeFault", "install_import_hook", "load"]
