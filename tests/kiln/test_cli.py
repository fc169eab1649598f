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
