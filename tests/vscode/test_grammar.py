"""The TextMate grammar against the assertion fixtures in
vscode-extension/test/grammar/ (vscode-tmgrammar-test, the same tokenizer as
VS Code: vscode-textmate + Oniguruma)."""
import json

from .tools import EXTENSION, ROOT, local_bin, run_tool

FIXTURES = EXTENSION / "test" / "grammar"
GRAMMAR = EXTENSION / "syntaxes" / "kiln.tmLanguage.json"


def check(fixture_glob: str) -> None:
    proc = run_tool([local_bin("vscode-tmgrammar-test"), "-g", str(GRAMMAR), "--compact", fixture_glob])
    assert proc.returncode == 0, f"grammar assertions failed:\n{proc.stdout}{proc.stderr}"


def test_grammar_fixtures_pass(node_tools):
    check("test/grammar/*.kiln")


def test_every_fixture_asserts_something():
    # a fixture without assertions passes vacuously
    for fixture in FIXTURES.glob("*.kiln"):
        lines = fixture.read_text().splitlines()
        assert lines[0].startswith('# SYNTAX TEST "source.kiln"'), fixture
        asserts = [ln for ln in lines if ln.lstrip("#").lstrip().startswith(("^", "<-"))]
        assert len(asserts) >= 10, f"{fixture.name} has only {len(asserts)} assertions"


def test_grammar_is_wired_into_the_manifest():
    grammar = json.loads(GRAMMAR.read_text())
    manifest = json.loads((EXTENSION / "package.json").read_text())
    (entry,) = manifest["contributes"]["grammars"]
    assert entry == {"language": "kiln", "scopeName": grammar["scopeName"],
                     "path": "./syntaxes/kiln.tmLanguage.json"}
    # every `#name` include resolves to a repository rule
    text = GRAMMAR.read_text()
    includes = {part.split('"')[0] for part in text.split('"include": "#')[1:]}
    missing = includes - set(grammar["repository"])
    assert not missing, f"includes without a rule: {sorted(missing)}"


def test_a_wrong_assertion_fails(node_tools, tmp_path):
    # the runner really compares scopes: a false claim about `fn` must fail
    bad = tmp_path / "bad.kiln"
    bad.write_text('# SYNTAX TEST "source.kiln" "a false claim"\n'
                   "fn add(x: Int) -> Int:\n"
                   "# <-- keyword.control.flow.kiln\n")
    proc = run_tool([local_bin("vscode-tmgrammar-test"), "-g", str(GRAMMAR), "--compact", str(bad)])
    assert proc.returncode != 0, proc.stdout


def test_real_programs_tokenize_cleanly(node_tools, tmp_path):
    # the examples users run and the e2e workspace: no `invalid.*` token, no
    # rule left open at the end of the file
    programs = sorted(str(p) for p in (ROOT / "examples").rglob("*.kiln"))
    programs += sorted(str(p) for p in (EXTENSION / "test" / "e2e" / "workspace").glob("*.kiln"))
    proc = run_tool(["node", "test/grammar/tokenize-clean.mjs", *programs])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # and it does notice a broken file
    broken = tmp_path / "broken.kiln"
    broken.write_text('x = 09\ns = """never closed\n')
    proc = run_tool(["node", "test/grammar/tokenize-clean.mjs", str(broken)])
    assert proc.returncode == 1 and "invalid.illegal.number" in proc.stdout and "ends inside" in proc.stdout
