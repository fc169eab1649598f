"""The explicit package list in pyproject.toml must name every package folder,
or a non-editable install silently lacks it."""
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _declared():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    tool = meta["tool"]["setuptools"]
    return set(tool["packages"]), tool["package-dir"]


def test_every_package_folder_is_declared():
    packages, package_dir = _declared()
    found = set()
    for name, folder in package_dir.items():
        base = ROOT / folder
        for init in base.rglob("__init__.py"):
            rel = init.parent.relative_to(base)
            if "node_modules" in rel.parts:
                continue
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    # sub-mappings (kiln.compiler -> compiler/) are found under their own folder
    assert found <= packages, f"missing from pyproject packages: {sorted(found - packages)}"
    assert packages <= found, f"declared but absent: {sorted(packages - found)}"
