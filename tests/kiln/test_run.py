"""`kiln run`: the same Python code gives the same stdout, stderr and exit
status under `kiln run prog.kiln` as under `python3 prog.py` (differential),
plus what is Kiln's own: main(), check-before-run, tracebacks without Kiln's
frames, imports of sibling .kiln modules, exit codes."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

# -- differential programs ----------------------------------------------------
# Each runs as prog.py under python3 and as prog.kiln under `kiln run`, with the
# same argv and stdin; outputs must match once "prog.py" reads "prog.kiln".

PROGRAMS = {
    "prints": """
        import sys
        print("hello", "world", sep=", ", end="!\\n")
        print(1, 2.5, 1e16, 0.1 + 0.2, -0.0, 3j, None, True, [1, (2,)], {"k": {1, 2}} )
        print("unicode: héllo ✓ 漢字", file=sys.stdout)
        print("to stderr", file=sys.stderr)
        print(repr("tab\\tquote'"), ascii("é"), f"{255:#x} {3.14159:.2f} {'x':>4}|")
        sys.stdout.write("no newline")
    """,
    "exception": """
        def parse(text):
            return int(text)

        def load(items):
            return [parse(x) for x in items]

        print("before")
        load(["1", "2", "three"])
        print("never")
    """,
    "chained_exceptions": """
        class ConfigError(Exception):
            pass

        def read():
            try:
                {}["missing"]
            except KeyError as exc:
                raise ConfigError("bad config") from exc

        try:
            read()
        except ConfigError:
            x = 1 / 0
    """,
    "exit_code": """
        import sys
        print("exiting")
        sys.exit(3)
    """,
    "exit_message": """
        import sys
        sys.exit("fatal: it broke")
    """,
    "exit_in_finally": """
        import sys
        try:
            raise SystemExit(4)
        finally:
            print("cleanup runs")
    """,
    "stdin": """
        import sys
        name = input("name? ")
        total = sum(int(line) for line in sys.stdin)
        print(f"{name}: {total}")
    """,
    "main_guard": """
        import sys

        def main():
            print("main called once", __name__, sys.argv[1:])
            return 0

        if __name__ == "__main__":
            sys.exit(main())
    """,
    "recursion_generators": """
        def fib(n):
            return n if n < 2 else fib(n - 1) + fib(n - 2)

        def hanoi(n, a="A", b="B", c="C"):
            if n:
                yield from hanoi(n - 1, a, c, b)
                yield (a, c)
                yield from hanoi(n - 1, b, a, c)

        def countdown(n):
            while n:
                received = yield n
                n = received if received is not None else n - 1

        print(fib(20), len(list(hanoi(8))))
        gen = countdown(5)
        print(next(gen), gen.send(2), next(gen), list(gen))
        print(sum(x * x for x in range(10) if x % 2))
    """,
    "classes": """
        from dataclasses import dataclass, field
        import pickle

        @dataclass(order=True)
        class Point:
            x: int
            y: int = 0
            tags: list = field(default_factory=list, compare=False)

            @property
            def norm1(self):
                return abs(self.x) + abs(self.y)

        class Shape:
            registry = []

            def __init_subclass__(cls, **kw):
                super().__init_subclass__(**kw)
                Shape.registry.append(cls.__name__)

            def __repr__(self):
                return f"<{type(self).__qualname__} area={self.area()}>"

        class Square(Shape):
            def __init__(self, side):
                self.side = side

            def area(self):
                return self.side ** 2

        p = Point(3, -4)
        print(p, p.norm1, sorted([Point(2), Point(1, 5)]), Shape.registry, Square(3))
        print(pickle.loads(pickle.dumps(p)) == p, Point.__module__, Point.__qualname__)
        print(__name__, __doc__, __spec__, __package__, type(__builtins__).__name__)
    """,
    "fstrings_and_closures": """
        import functools

        width = 8
        value = 3.14159
        name = "kiln"
        print(f"{name!r:>{width}}|{value:{width}.3f}|{value=}|{name.upper()=!s}")
        print(f"{'nested ' + f'{width:03d}'}", f"{{literal}}", f"{[i for i in range(3)]}")

        def counter():
            count = 0
            def bump():
                nonlocal count
                count += 1
                return count
            return bump

        bump = counter()
        print(bump(), bump(), functools.reduce(lambda a, b: a * b, range(1, 6)))
        match (1, [2, 3]):
            case (1, [x, *rest]) if x == 2:
                print("matched", x, rest)
    """,
    "traceback_columns": """
        def compute(values):
            return values["a"]["b"] + values["c"] * 2

        data = {"a": {"b": 1}, "c": None}
        print(compute(data))
    """,
    "warnings_and_atexit": """
        import atexit
        import warnings

        atexit.register(print, "atexit ran")
        warnings.warn("careful", UserWarning)
        print("body done")
    """,
    "threads": """
        import threading

        results = []
        lock = threading.Lock()

        def work(i):
            with lock:
                results.append(i * i)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(sorted(results))
    """,
    "custom_excepthook": """
        import sys

        def polite(kind, value, tb):
            print(f"sorry: {kind.__name__}: {value}", file=sys.stderr)
            if str(value) == "twice":
                raise RuntimeError("the hook itself failed")

        sys.excepthook = polite
        print("about to fail")
        raise LookupError(sys.argv[1] if len(sys.argv) > 5 else "twice")
    """,
    "stack_introspection": """
        import inspect, logging, sys, traceback, warnings

        def where():
            traceback.print_stack()
            print([(f.filename.rsplit("/", 1)[-1], f.function) for f in inspect.stack()])
            warnings.warn("from where()", stacklevel=3)
            logging.getLogger("t").error("logged", stack_info=True)

        def outer():
            where()

        outer()
        warnings.warn("top level", stacklevel=2)
        print(sys._getframe().f_back, sys.exc_info(), sys.excepthook is sys.__excepthook__)
        print(hasattr(sys, "last_type"), len(traceback.extract_stack()))
        print(sorted(globals()))
    """,
}

ARGS = ["first", "--flag", "x y"]
STDIN = "ada\n1\n2\n39\n"


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


CACHE_DIR = None  # one cache for this module's runs, never the user's ~/.cache


@pytest.fixture(autouse=True, scope="module")
def _private_cache(tmp_path_factory):
    # Shared by xdist workers (the parser keeps its slow-to-build grammar
    # tables there too); entries are keyed by each test's own tmp paths.
    global CACHE_DIR
    shared = tmp_path_factory.getbasetemp().parent / "kiln-cache-shared"
    shared.mkdir(exist_ok=True)
    CACHE_DIR = str(shared)


def run(cmd, cwd, env=None) -> Outcome:
    full_env = {**os.environ, "KILN_CACHE_DIR": CACHE_DIR, **(env or {})}
    r = subprocess.run(cmd, cwd=cwd, input=STDIN, capture_output=True, text=True, env=full_env, timeout=120)
    return Outcome(r.returncode, r.stdout, r.stderr)


def kiln(*args, cwd, env=None) -> Outcome:
    return run([sys.executable, "-m", "kiln", "run", *map(str, args)], cwd, env)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_as_python(name, tmp_path):
    text = textwrap.dedent(PROGRAMS[name]).lstrip("\n")
    (tmp_path / "prog.py").write_text(text)
    (tmp_path / "prog.kiln").write_text(text)
    expected = run([sys.executable, "prog.py", *ARGS], tmp_path)
    got = kiln("prog.kiln", *ARGS, cwd=tmp_path)
    swap = lambda s: s.replace("prog.py", "prog.kiln")  # noqa: E731
    assert (got.returncode, got.stdout, got.stderr) == \
        (expected.returncode, swap(expected.stdout), swap(expected.stderr))


# -- what is Kiln's own ---------------------------------------------------------

def write(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def traceback_files(stderr: str) -> list[str]:
    return [line.split('"')[1] for line in stderr.splitlines() if line.startswith('  File "')]


def test_main_is_called_after_the_top_level_and_its_result_is_the_exit_status(tmp_path):
    write(tmp_path, {"prog.kiln": """
        import sys
        print("top", sys.argv[1:])
        def main():
            print("main", __name__)
            return 3
    """})
    r = kiln("prog.kiln", "a", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (3, "top ['a']\nmain __main__\n", "")


def test_async_main_is_run_to_completion(tmp_path):
    write(tmp_path, {"prog.kiln": """
        import asyncio
        async def main():
            await asyncio.sleep(0)
            print("async main done")
    """})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "async main done\n", "")


def test_exception_in_main_shows_only_the_programs_frames(tmp_path):
    write(tmp_path, {"prog.kiln": """
        import helper

        def main():
            helper.check(-1)
    """, "helper.kiln": """
        def check(n):
            if n < 0:
                raise ValueError(f"negative: {n}")
    """})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    assert traceback_files(r.stderr) == [str(tmp_path / "prog.kiln"), str(tmp_path / "helper.kiln")]
    assert "    helper.check(-1)\n" in r.stderr and "    raise ValueError(f\"negative: {n}\")\n" in r.stderr
    assert r.stderr.endswith("ValueError: negative: -1\n")


def test_exception_while_importing_a_kiln_module(tmp_path):
    write(tmp_path, {"prog.kiln": "print('start')\nimport lib\n", "lib.kiln": "x = 1\ny = x / 0\n"})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "start\n"
    assert traceback_files(r.stderr) == [str(tmp_path / "prog.kiln"), str(tmp_path / "lib.kiln")]
    assert 'lib.kiln", line 2, in <module>' in r.stderr


def test_kiln_backtrace_shows_kilns_own_frames(tmp_path):
    write(tmp_path, {"prog.kiln": "def main():\n    raise KeyError('k')\n"})
    r = kiln("prog.kiln", cwd=tmp_path, env={"KILN_BACKTRACE": "1"})
    assert r.returncode == 1 and any(f.endswith("runner.py") for f in traceback_files(r.stderr))


def test_syntax_errors_are_reported_before_anything_runs(tmp_path):
    write(tmp_path, {"prog.kiln": "print('must not run')\nimport lib\n",
                     "lib.kiln": "def ok():\n    pass\n\ndef broken(:\n    pass\n"})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == ""
    # Named as `kiln check` names it: relative to the current directory, the count last.
    assert r.stderr.startswith("lib.kiln:4:") and "error[K0001]" in r.stderr
    assert "Traceback" not in r.stderr and "def broken(:" in r.stderr and r.stderr.endswith("\n\n1 error\n")
    elsewhere = kiln(tmp_path / "prog.kiln", cwd=tmp_path.parent)
    assert elsewhere.stderr.startswith(f"{tmp_path.name}/lib.kiln:4:")


def test_argv_path_and_file_are_like_python(tmp_path):
    write(tmp_path, {"real/prog.kiln": """
        import os, sys
        print(sys.argv)
        print(sys.path[0])
        print(__file__)
    """})
    (tmp_path / "link").symlink_to(tmp_path / "real")
    r = kiln("link/prog.kiln", "-x", "--", "y", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["['link/prog.kiln', '-x', '--', 'y']", str(tmp_path / "real"),
                                     str(tmp_path / "link" / "prog.kiln")]


def test_keyboard_interrupt_exits_130(tmp_path):
    write(tmp_path, {"prog.kiln": "raise KeyboardInterrupt\n"})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert r.returncode == 130 and r.stderr.endswith("KeyboardInterrupt\n")


@pytest.mark.parametrize("target", ["missing.kiln", "."])
def test_unreadable_file_is_one_line_exit_2(tmp_path, target):
    r = kiln(target, cwd=tmp_path)
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "cannot read" in r.stderr


def test_fn_without_the_native_tier_is_a_diagnostic(tmp_path):
    write(tmp_path, {"prog.kiln": """
        def twice(x):
            return 2 * x

        fn add(a: Int, b: Int) -> Int:
            return a + b

        print(twice(add(1, 2)))
    """, "driver.py": """
        import sys
        from kiln.compiler.pytier import native_provider
        native_provider.PROVIDER_MODULE = "kiln.compiler.native.absent_for_tests"
        from kiln.cli import main
        sys.exit(main(["run", "prog.kiln"]))
    """})
    r = run([sys.executable, "driver.py"], tmp_path)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert "error[K0550]" in r.stderr and "`fn add`" in r.stderr
    assert "prog.kiln:4:1:" in r.stderr


EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def test_hello_example():
    r = kiln(EXAMPLES / "hello.kiln", "Ada", "Grace", cwd=EXAMPLES)
    assert (r.returncode, r.stdout, r.stderr) == (0, "Hello, Ada!\nHello, Grace.\n", "")


def test_wordfreq_example_imports_its_sibling(tmp_path):
    (tmp_path / "in.txt").write_text("The cat saw the dog. The dog didn't see the cat!\n")
    r = kiln(EXAMPLES / "textstats" / "wordfreq.kiln", "--top", "3", tmp_path / "in.txt", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "the  4\ncat  2\ndog  2\n", "")


def test_compile_warnings_on_every_run_like_python(tmp_path):
    text = 'x = "a"\nif x is "a":\n    print("same object")\n'
    (tmp_path / "prog.py").write_text(text)
    (tmp_path / "prog.kiln").write_text(text)
    expected = run([sys.executable, "prog.py"], tmp_path)
    assert "SyntaxWarning" in expected.stderr
    for _ in range(2):  # the second run is served from the cache
        got = kiln("prog.kiln", cwd=tmp_path)
        assert (got.returncode, got.stdout, got.stderr) == \
            (expected.returncode, expected.stdout, expected.stderr.replace("prog.py", "prog.kiln"))


def test_fn_and_def_in_one_program(tmp_path):
    write(tmp_path, {"prog.kiln": """
        fn add(a: Int, b: Int) -> Int:
            return a + b

        def main():
            print(add(2, 40))
            add(1, "two")
    """})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "42\n"
    assert traceback_files(r.stderr) == [str(tmp_path / "prog.kiln")]
    assert '    add(1, "two")\n' in r.stderr and r.stderr.rstrip().splitlines()[-1].startswith("TypeError: ")


def test_main_sees_only_the_programs_frames(tmp_path):
    # As if the file ended with `sys.exit(main())`: main's caller is <module>.
    write(tmp_path, {"prog.kiln": """
        import inspect, sys
        def main():
            print([(f.function, f.filename == __file__) for f in inspect.stack()])
            sys.exit("bye")
    """})
    r = kiln("prog.kiln", cwd=tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (1, "[('main', True), ('<module>', True)]\n", "bye\n")


def test_async_main_runs_under_asyncio_run_like_python(tmp_path):
    body = """
        import asyncio, inspect
        async def main():
            await asyncio.sleep(0)
            names = [f.filename.rsplit("/", 1)[-1] for f in inspect.stack()]
            print(names[0], names[-1], sorted(set(names[1:-1])))
            return 5
    """
    write(tmp_path, {"prog.kiln": body, "prog.py": body + "\n        import sys\n        sys.exit(asyncio.run(main()))\n"})
    expected = run([sys.executable, "prog.py"], tmp_path)
    got = kiln("prog.kiln", cwd=tmp_path)
    assert (got.returncode, got.stderr) == (expected.returncode, expected.stderr) == (5, "")
    assert got.stdout == expected.stdout.replace("prog.py", "prog.kiln")


def test_in_process_when_not_at_the_top_level(tmp_path):
    # Called from a function of its own, the runner cannot hand the program to
    # the interpreter: it runs it in process, and its sys.exit reaches the caller.
    write(tmp_path, {"prog.kiln": "print('ran')\ndef main():\n    return 3\n", "driver.py": """
        from kiln.cli import main

        def go():
            try:
                main(["run", "prog.kiln"])
            except SystemExit as exc:
                return exc.code

        print("status", go())
    """})
    r = run([sys.executable, "driver.py"], tmp_path)
    assert (r.returncode, r.stdout, r.stderr) == (0, "ran\nstatus 3\n", "")


def test_long_operator_chains_run_like_python(tmp_path):
    # Generated code (string building, long sums) nests 2,000 deep; python3 runs it.
    text = "print(len('x' + " + " + ".join(f"str({i})" for i in range(2000)) + "))\n"
    (tmp_path / "prog.py").write_text(text)
    (tmp_path / "prog.kiln").write_text(text)
    expected = run([sys.executable, "prog.py"], tmp_path)
    got = kiln("prog.kiln", cwd=tmp_path)
    assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, "") == (0, "6891\n", "")
