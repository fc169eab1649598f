"""Navigation answers the LSP audit found wrong: every name a reader can
point at (keyword arguments, `Self.ALIAS`, a Python call of an overloaded
`fn`) leads to what it names, and renaming it gives code that still checks."""
from __future__ import annotations

from semantic_testing import marked, workspace

PATH = "/q/main.kiln"


def rename_and_recheck(ws, text: str, offset: int, new: str) -> list[str]:
    """Applies the rename's edits to `text` and returns the new text's diagnostic codes."""
    result = ws.rename(PATH, offset, new)
    assert result.edits, result
    data = text.encode()
    for e in sorted(result.edits, key=lambda e: -e.span.start):
        assert e.span.file == PATH
        data = data[:e.span.start] + e.new_text.encode() + data[e.span.end:]
    after = workspace({PATH: data.decode()})
    return [d.code for d in after.diagnostics(PATH)]


def defined_at(ws, text: str, offset: int) -> str:
    """The line (stripped) the definition at `offset` lands on."""
    [loc] = ws.definition(PATH, offset)
    line_start = text.rfind("\n", 0, len(text.encode()[:loc.span.start].decode())) + 1
    return text[line_start:].split("\n", 1)[0].strip()


KEYWORDS = '''
fn lerp(a: Float64, b: Float64, t: Float64 = 0.5) -> Float64:
    return a + (b - a) * t

fn main():
    print(lerp(a=1.0, b=2.0, $0t=0.1))
'''


def test_keyword_argument_is_a_reference_to_the_parameter():
    text, off = marked(KEYWORDS)
    ws = workspace({PATH: text})
    assert defined_at(ws, text, off).startswith("fn lerp(")
    [loc] = ws.definition(PATH, off)
    assert text.encode()[loc.span.start:loc.span.end] == b"t"
    refs = ws.references(PATH, off)
    assert len(refs) == 3                   # the parameter, its use, the keyword


def test_renaming_a_parameter_renames_keyword_arguments():
    text, off = marked(KEYWORDS)
    ws = workspace({PATH: text})
    assert ws.diagnostics(PATH) == []
    assert rename_and_recheck(ws, text, off, "weight") == []


STRUCT_ALIAS = '''
struct Buffer:
    alias SIZE = 16
    alias Elem = Float32
    var data: UnsafePointer[Float32]

    fn __init__(inout self):
        self.data = UnsafePointer[Self.Elem].alloc(Self.SIZE)

    fn capacity(self) -> Int:
        return Self.SIZE

    fn __del__(owned self):
        self.data.free()

fn main():
    let b = Buffer()
    print(b.capacity(), Buffer.$0SIZE)
'''


def test_struct_alias_member_uses_are_references():
    text, off = marked(STRUCT_ALIAS)
    ws = workspace({PATH: text})
    assert defined_at(ws, text, off) == "alias SIZE = 16"
    assert len(ws.references(PATH, off)) == 4     # declaration + three uses
    assert "alias SIZE" in ws.hover(PATH, off).markdown
    elem = len(text[:text.index("Self.Elem") + 5].encode())
    assert defined_at(ws, text, elem) == "alias Elem = Float32"


def test_renaming_a_struct_alias_renames_its_uses():
    text, off = marked(STRUCT_ALIAS)
    ws = workspace({PATH: text})
    assert ws.diagnostics(PATH) == []
    assert rename_and_recheck(ws, text, off, "CAPACITY") == []


OVERLOADS = '''
fn over(x: Float64) -> Float64:
    """The Float64 one."""
    return x

fn over(x: Int) -> Int:
    """The Int one."""
    return x

fn over(s: String, n: Int) -> Int:
    return n

def main(z):
    a = over(1)
    b = over(1.5)
    c = over("s", 2)
    d = over(z)
'''


def test_python_call_of_an_overloaded_fn_names_the_overload_the_bridge_picks():
    text = OVERLOADS.lstrip("\n")
    ws = workspace({PATH: text})

    def callee(call: str) -> str:
        return defined_at(ws, text, len(text[:text.index(call)].encode()))

    assert callee("over(1)") == "fn over(x: Int) -> Int:"
    assert callee("over(1.5)") == "fn over(x: Float64) -> Float64:"
    assert callee('over("s", 2)') == "fn over(s: String, n: Int) -> Int:"
    assert callee("over(z)") == "fn over(x: Float64) -> Float64:"   # the source cannot tell
    hover = ws.hover(PATH, len(text[:text.index("over(1)")].encode())).markdown
    assert "x: Int" in hover and "The Int one." in hover


def test_python_keyword_argument_of_an_fn_call_is_a_reference_to_the_parameter():
    text, off = marked('''
fn lerp(a: Float64, b: Float64, t: Float64 = 0.5) -> Float64:
    return a + (b - a) * t

def main():
    print(lerp(1.0, b=2.0, $0t=0.1))
''')
    ws = workspace({PATH: text})
    assert defined_at(ws, text, off).startswith("fn lerp(")
    assert rename_and_recheck(ws, text, off, "weight") == []


TRAITS = '''
trait Named:
    fn name(self) -> String: ...

trait Shape(Named):
    fn area(self) -> Float64: ...

@value
struct Square(Shape):
    var side: Float64

    fn area(self) -> Float64:
        return self.side * self.side

    fn name(self) -> String:
        return "square"

@value
struct Circle(Shape):
    var r: Float64

    fn area(self) -> Float64:
        return 3.14 * self.r * self.r

    fn name(self) -> String:
        return "circle"

fn describe[T: Shape](s: T) -> Float64:
    print(s.name())
    return s.area()

fn main():
    print(describe(Square(2.0)), Circle(1.0).area())
'''


def test_renaming_a_trait_method_renames_its_implementations_and_back():
    text = TRAITS.lstrip("\n")
    ws = workspace({PATH: text})
    assert ws.diagnostics(PATH) == []
    in_trait = len(text[:text.index("area(self) -> Float64: ...")].encode())
    assert rename_and_recheck(ws, text, in_trait, "surface") == []
    in_struct = len(text[:text.index("name(self) -> String:\n        return \"circle\"")].encode())
    assert rename_and_recheck(ws, text, in_struct, "label") == []
    assert len(ws.references(PATH, in_struct)) == 4   # trait, two impls, the call


def test_names_the_language_looks_up_are_not_renamed():
    text = '''
from __future__ import annotations

struct Counter:
    var n: Int

    fn __init__(inout self):
        self.n = 0

    fn bump(inout self):
        self.n += 1
'''.lstrip("\n")
    ws = workspace({PATH: text})
    for word in ("annotations", "__init__", "self.n += 1", "inout self)"):
        at = len(text[:text.index(word)].encode()) + (6 if word.startswith("inout") else 0)
        assert ws.prepare_rename(PATH, at) is None, word
        assert ws.rename(PATH, at, "other").edits is None, word
    assert ws.rename(PATH, len(text[:text.index("bump")].encode()), "step").edits


def test_constructor_keywords_reference_fields_and_init_parameters():
    text = '''
@value
struct P:
    var first: Int
    var second: Int

struct Q:
    var n: Int

    fn __init__(inout self, start: Int):
        self.n = start

fn main():
    let p = P(first=1, second=2)
    let q = Q(start=3)
    print(p.first, q.n)

def py():
    return P(first=3, second=4).second, Q(start=5)
'''.lstrip("\n")
    ws = workspace({PATH: text})
    assert ws.diagnostics(PATH) == []
    first = len(text[:text.index("first: Int")].encode())
    assert len(ws.references(PATH, first)) == 4          # field, two keywords, p.first
    assert rename_and_recheck(ws, text, first, "head") == []
    start = len(text[:text.index("start: Int")].encode())
    assert rename_and_recheck(ws, text, start, "origin") == []


def test_hover_on_a_python_variable_holding_a_struct_names_the_struct():
    text, off = marked('''
@value
struct Pair:
    var a: Int
    var b: Int

def py():
    p = Pair(1, 2)
    q = 3
    return $0p.a + q
''')
    ws = workspace({PATH: text})
    assert "(python variable) p: Pair" in ws.hover(PATH, off).markdown
    q = len(text[:text.rindex("q")].encode())
    assert ws.hover(PATH, q).markdown == "```kiln\n(python variable) q\n```"


def test_keyword_of_a_call_with_a_type_error_still_names_the_parameter():
    text, off = marked('''
fn repeat(s: String, times: Int) -> String:
    return s

fn main():
    print(repeat("ab", $0times=2.0))
''')
    ws = workspace({PATH: text})
    assert [d.code for d in ws.diagnostics(PATH)] == ["K0202"]
    assert defined_at(ws, text, off).startswith("fn repeat(")
    assert rename_and_recheck(ws, text, off, "count") == ["K0202"]


def test_an_import_inside_an_fn_declares_the_name_not_the_statement():
    text, off = marked('''
fn clock() -> Int:
    import time
    return $0time.now()
''')
    ws = workspace({PATH: text})
    [loc] = ws.definition(PATH, off)
    assert text.encode()[loc.span.start:loc.span.end] == b"time"


def test_hover_inside_a_compile_time_argument_does_not_show_the_enclosing_call():
    text, off = marked('''
fn scale[T: DType, n: Int](x: SIMD[T, n]) -> SIMD[T, n]:
    return x

fn main():
    let v = scale[DType.$0float32, 4](SIMD[DType.float32, 4](1.0))
    print(v)
''')
    ws = workspace({PATH: text})
    assert ws.hover(PATH, off).markdown == "```kiln\nDType.float32\n```"
    one = len(text[:text.index("1.0")].encode())
    assert "Float32" in ws.hover(PATH, one).markdown or "SIMD" in ws.hover(PATH, one).markdown
