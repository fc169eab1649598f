"""The manifest (package.json) and the code agree: every contributed command is
registered, every setting the code reads is declared, the language
configuration is valid and indents after a colon."""
import json
import re

from .tools import EXTENSION

MANIFEST = json.loads((EXTENSION / "package.json").read_text())
SOURCES = {p.name: p.read_text() for p in (EXTENSION / "src").glob("*.ts")}


def contributed(key):
    return MANIFEST["contributes"][key]


def test_contributed_commands_are_registered_and_vice_versa():
    declared = {c["command"] for c in contributed("commands")}
    registered = set(re.findall(r"registerCommand\('([\w.]+)'", SOURCES["extension.ts"]))
    assert declared == registered
    titles = {c["command"]: f"{c['category']}: {c['title']}" for c in contributed("commands")}
    assert titles["kiln.runFile"] == "Kiln: Run File"
    assert titles["kiln.restartServer"] == "Kiln: Restart Language Server"


def test_settings_read_by_the_code_are_declared():
    declared = set(contributed("configuration")["properties"])
    read = {"kiln." + key for key in re.findall(r"c\.get<[^>]+>\('([\w.]+)'", SOURCES["settings.ts"])}
    assert read <= declared, read - declared
    # the language client's trace setting is `<client id>.trace.server`
    assert "kiln.trace.server" in declared and "const CLIENT_ID = 'kiln'" in SOURCES["languageServer.ts"]


def test_language_and_debugger_contributions():
    (lang,) = contributed("languages")
    assert lang["id"] == "kiln" and lang["extensions"] == [".kiln"]
    (dbg,) = contributed("debuggers")
    assert dbg["type"] == "kiln" and dbg["languages"] == ["kiln"]
    assert {"program", "args", "cwd"} <= set(dbg["configurationAttributes"]["launch"]["properties"])
    assert all(s["body"]["type"] == "kiln" for s in dbg["configurationSnippets"])
    assert "'debug', '--adapter'" in SOURCES["kilnCommand.ts"]
    assert {"onLanguage:kiln", "onDebugResolve:kiln"} <= set(MANIFEST["activationEvents"])


def test_packaging_fields_vsce_needs():
    assert MANIFEST["repository"]["url"] and (EXTENSION / "LICENSE").is_file()
    assert MANIFEST["main"] == "./dist/extension.js"
    # @types/vscode may not be newer than the engine the extension claims
    types = tuple(map(int, MANIFEST["devDependencies"]["@types/vscode"].split(".")[:2]))
    engine = tuple(map(int, MANIFEST["engines"]["vscode"].lstrip("^").split(".")[:2]))
    assert types <= engine


def test_language_configuration_indents_after_a_colon():
    config = json.loads((EXTENSION / "language-configuration.json").read_text())
    assert config["comments"]["lineComment"] == "#"
    increase = re.compile(config["indentationRules"]["increaseIndentPattern"])
    decrease = re.compile(config["indentationRules"]["decreaseIndentPattern"])
    on_enter = [re.compile(rule["beforeText"]) for rule in config["onEnterRules"]
                if rule["action"]["indent"] == "indent"]
    for line in ["fn add(x: Int) -> Int:", "    struct Pair:", "if x:  # note", "trait Shape:",
                 "    for i in range(n):", "def f(a,", "else:"]:
        opens_block = bool(increase.search(line)) or any(r.search(line) for r in on_enter)
        assert opens_block == line.rstrip().split("#")[0].rstrip().endswith(":"), line
    assert decrease.search("    else:") and decrease.search("  except ValueError as e:")
    assert not decrease.search("    elsewhere = 1")


def test_semantic_token_scopes_use_the_servers_legend():
    # the fallback colours map the server's own token types and modifiers
    from kiln.lsp.semantic_tokens import TOKEN_MODIFIERS, TOKEN_TYPES

    declared_modifiers = {m["id"] for m in contributed("semanticTokenModifiers")}
    standard_modifiers = {"declaration", "readonly", "defaultLibrary"}
    assert declared_modifiers | standard_modifiers >= set(TOKEN_MODIFIERS)
    (entry,) = contributed("semanticTokenScopes")
    for selector in entry["scopes"]:
        token_type, *modifiers = selector.split(".")
        assert token_type in TOKEN_TYPES, selector
        assert set(modifiers) <= set(TOKEN_MODIFIERS), selector
