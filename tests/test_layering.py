"""docs/ARCHITECTURE.md's first invariant: the compiler knows nothing of the
tools built on it."""
import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
FORBIDDEN = ("kiln.lsp", "kiln.debugger", "kiln.profiler", "kiln.cli", "kiln.commands")


def _imports(path: pathlib.Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_compiler_imports_none_of_the_tools():
    offenders = [f"{path.relative_to(ROOT)}: {name}"
                 for path in sorted((ROOT / "compiler").rglob("*.py"))
                 for name in _imports(path)
                 if name.startswith(FORBIDDEN)]
    assert not offenders, offenders
