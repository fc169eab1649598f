"""`vsce package` builds a .vsix that holds what VS Code loads and nothing else."""
import json
import zipfile


def test_vsix_holds_the_bundle_grammar_and_docs(vsix):
    with zipfile.ZipFile(vsix) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("extension/package.json"))
        bundle = z.read("extension/dist/extension.js").decode()
    expected = {"extension/package.json", "extension/dist/extension.js", "extension/readme.md",
                "extension/LICENSE.txt", "extension/language-configuration.json",
                "extension/syntaxes/kiln.tmLanguage.json"}
    assert expected <= names, expected - names
    assert not [n for n in names if "node_modules" in n or n.startswith("extension/src/")
                or n.startswith("extension/test/")]
    # the README's screenshots travel with it
    assert {"extension/images/diagnostics.png", "extension/images/hover.png"} <= names
    assert manifest["name"] == "kiln" and manifest["main"] == "./dist/extension.js"
    # the language client is bundled, not left as an external import
    required = [chunk.split('"')[0] for chunk in bundle.split('require("')[1:]]
    assert "vscode" in required
    assert not [m for m in required if m.startswith("vscode-languageclient")], required
    assert '"-m", "kiln", "lsp"' in bundle
