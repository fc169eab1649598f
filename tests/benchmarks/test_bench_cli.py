"""The command line of benchmarks/run.py: presets, kernel and peer selection."""
import importlib.util
from pathlib import Path

import pytest

RUN_PY = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def run_module():
    spec = importlib.util.spec_from_file_location("bench_run", RUN_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(run_module, argv, preset, only=None, peers=None):
    args = run_module.parse_args(argv)
    assert (args.preset, args.only, args.peers) == (preset, only, peers)


def test_presets(run_module):
    check(run_module, [], "full")
    check(run_module, ["--quick"], "quick")
    check(run_module, ["--preset", "tiny"], "tiny")


def test_selection(run_module):
    check(run_module, ["--only", "fib", "--only", "toolchain"], "full", only=["fib", "toolchain"])
    check(run_module, ["--quick", "--peers", "Kiln, C"], "quick", peers=["Kiln", "C"])
    assert [k.name for k in run_module.selected_kernels(["nbody", "fib"])] == ["fib", "nbody"]


@pytest.mark.parametrize("argv", [["--only", "quicksort"], ["--peers", "Julia"],
                                  ["--quick", "--preset", "tiny"], ["--reps", "0"]])
def test_usage_errors_exit_2(run_module, argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run_module.parse_args(argv)
    assert exc.value.code == 2
    assert "error:" in capsys.readouterr().err
