"""Editor queries on one file: completion by tier and after `.`, hover,
inlay hints, signature help, semantic tokens, fix-its. Each test places the
cursor with `$0`."""
from __future__ import annotations

from semantic_testing import marked, workspace

from kiln.compiler.semantic.symbols import SymbolKind

PATH = "/q/main.kiln"

STRUCT = '''
@value
struct Vec2:
    """A 2-D vector."""
    var x: Float64
    var y: Float64

    fn dot(self, o: Vec2) -> Float64:
        """Dot product."""
        return self.x * o.x + self.y * o.y
'''


def at(src: str):
    text, offset = marked(src)
    return workspace({PATH: text}), offset


def labels(items) -> set[str]:
    return {c.label for c in items}


def test_completion_in_fn_lists_locals_declared_so_far_and_compiled_names():
    ws, off = at(STRUCT + '''
fn f(n: Int) -> Int:
    var before = 1
    $0
    var after = 2
    return before + after + n
''')
    got = labels(ws.completions(PATH, off))
    assert {"before", "n", "Vec2", "f", "SIMD", "Float32", "print", "var", "let"} <= got
    assert "after" not in got          # declared later in the block
    assert "open" not in got           # Python builtin: not callable from an fn


def test_completion_in_def_lists_python_names():
    ws, off = at('''
import os
def g(path):
    local = 1
    $0
''')
    got = labels(ws.completions(PATH, off))
    assert {"local", "path", "os", "open", "len", "def", "class", "Int"} <= got


def test_members_after_dot_on_struct_builtin_and_module():
    ws, off = at(STRUCT + '''
fn f(v: Vec2, p: UnsafePointer[Float32], s: String) -> Float64:
    return v.$0
''')
    items = {c.label: c for c in ws.completions(PATH, off)}
    assert set(items) == {"x", "y", "dot"}
    assert items["x"].kind is SymbolKind.FIELD and items["x"].detail == "Float64"
    assert items["dot"].detail == "fn dot(o: Vec2) -> Float64" and items["dot"].doc == "Dot product."
    text = ws.text(PATH).replace("v.", "p.")
    ws.set_file(PATH, text)
    assert {"load", "store", "free"} <= labels(ws.completions(PATH, off))


def test_hover_shows_signature_type_and_doc():
    ws, off = at(STRUCT + '''
fn f(v: Vec2) -> Float64:
    let d = v.d$0ot(v)
    return d
''')
    h = ws.hover(PATH, off)
    assert "fn dot(o: Vec2) -> Float64" in h.markdown and "Dot product." in h.markdown
    off_d = ws.text(PATH).index("return d") + 7
    assert "let d: Float64" in ws.hover(PATH, off_d).markdown


def test_inlay_hints_for_inferred_vars_and_parameter_names():
    ws, _ = at(STRUCT + '''
fn f(v: Vec2) -> Float64:
    var total = v.dot(Vec2(1.0, 2.0))
    let ok: Bool = True
    for i in range(3):
        total += Float64(i)
    return total$0
''')
    hints = {(h.label, h.kind) for h in ws.inlay_hints(PATH)}
    assert (": Float64", "type") in hints
    assert (": Int", "type") in hints             # the loop variable
    assert ("o:", "parameter") in hints
    assert not any(label == ": Bool" for label, _ in hints)   # annotated


def test_signature_help_while_typing_a_call():
    ws, off = at(STRUCT + '''
fn mix(a: Float64, b: Float64, t: Float64) -> Float64:
    return a + (b - a) * t

fn f() -> Float64:
    return mix(1.0, $0
''')
    help_ = ws.signature_help(PATH, off)
    sig = help_.signatures[0]
    assert sig.label == "fn mix(a: Float64, b: Float64, t: Float64) -> Float64"
    assert [p.label for p in sig.parameters] == ["a: Float64", "b: Float64", "t: Float64"]
    assert help_.active_parameter == 1
    assert sig.label[sig.parameters[1].start:sig.parameters[1].end] == "b: Float64"


def test_semantic_tokens_tell_tiers_and_roles_apart():
    ws, _ = at('''
alias N = 4
@value
struct P:
    var x: Int
fn f[k: Int](p: P) -> Int:
    let y = p.x + N + k
    return y
def g(v):
    return v$0
''')
    toks = {ws.source(PATH).slice(t.span): (t.kind, t.modifiers) for t in ws.semantic_tokens(PATH)}
    assert toks["value"][0] is SymbolKind.FN and {"decorator", "builtin"} <= toks["value"][1]
    assert toks["P"][0] is SymbolKind.STRUCT
    assert toks["Int"][0] is SymbolKind.STRUCT and "builtin" in toks["Int"][1]
    assert toks["k"][0] is SymbolKind.COMPTIME_PARAMETER
    assert toks["y"][0] is SymbolKind.LOCAL_LET and "readonly" in toks["y"][1]
    assert toks["N"][0] is SymbolKind.ALIAS
    assert toks["g"][0] is SymbolKind.DEF_FUNCTION and "python" in toks["g"][1]
    assert toks["f"][0] is SymbolKind.FN and "compiled" in toks["f"][1]


def test_fixits_declare_with_var_and_add_raises():
    ws, _ = at('''
fn may_fail() raises -> Int:
    raise Error("no")

fn f() -> Int:
    count = 1
    return may_fail() + count$0
''')
    fixes = {d.code: d.fixes for d in ws.diagnostics(PATH)}
    (declare,) = fixes["K0102"]
    assert declare.edits[0].new_text == "var "
    (add_raises,) = fixes["K0340"]
    edit = add_raises.edits[0]
    text = ws.text(PATH)
    patched = text[:edit.span.start] + edit.new_text + text[edit.span.end:]
    assert "fn f() raises -> Int:" in patched


def test_undefined_name_gets_import_fix_from_sibling():
    ws = workspace({"/q/util.kiln": "fn clamp(x: Int) -> Int:\n    return x\n",
                    PATH: '"""Doc."""\nimport os\n\nfn f() -> Int:\n    return clamp(3)\n'})
    ws.analysis("/q/util.kiln")
    (diag,) = ws.diagnostics(PATH)
    (fix,) = diag.fixes
    assert fix.title == "import `clamp` from `util`"
    assert fix.edits[0].new_text == "from util import clamp\n"
    assert ws.source(PATH).position(fix.edits[0].span.start).line == 3


def test_members_after_a_call_in_the_chain():
    base = """struct P:
    var x: Int
    var name: String

    fn __init__(inout self, x: Int):
        self.x = x
        self.name = "p"

    fn twice(self) -> P:
        return P(self.x * 2)

fn make(n: Int) -> P:
    return P(n)

fn f() -> Int:
    return CHAIN
"""
    cases = [("make(1).", {"x", "name", "twice"}), ("make(1).twice().", {"x", "name", "twice"}),
             ("P(3).", {"x", "name", "twice"}), ("make(len(\"ab\")).twice().", {"x", "twice"}),
             ("make(1).twice().name.", {"lower", "find"}),
             ("make(1).missing().", set())]
    for chain, expected in cases:
        text = base.replace("CHAIN", chain)
        ws = workspace({PATH: text})
        got = labels(ws.completions(PATH, text.index(chain) + len(chain)))
        if expected:
            assert expected <= got, chain
        else:
            assert got == set(), chain
