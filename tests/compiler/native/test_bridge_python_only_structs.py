"""A struct that no fn mentions is still a Python class: Python code may build
and use any non-generic struct of the program (typed_program.py lays out
every exported one, not only those the fns use)."""


def test_a_struct_only_python_uses(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text('''
@value
struct Pair:
    var a: Int
    var b: Int

struct Counter:
    var n: Int

    fn __init__(inout self, start: Int):
        self.n = start

    fn __del__(owned self):
        print("del Counter", self.n)

def main():
    p = Pair(1, 2)
    p.b = 40
    print(p.a + p.b, p)
    c = Counter(7)
    print(c.n)
    del c
    print("end")
''')
    result = run_kiln("run", "p.kiln")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "41 Pair(a=1, b=40)\n7\ndel Counter 7\nend\n"


def test_a_generic_struct_says_it_has_no_compiled_form(run_kiln, tmp_path):
    (tmp_path / "p.kiln").write_text('''
struct Box[T: AnyType]:
    var item: Int

def main():
    Box(1)
''')
    result = run_kiln("run", "p.kiln")
    assert result.returncode == 1
    assert "TypeError: struct `Box` cannot be used from Python code" in result.stderr
