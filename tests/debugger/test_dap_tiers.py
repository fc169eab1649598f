"""Which tier runs a line: the routing of breakpoints. Each case marks the
expected tier at the end of every line: `#P` Python, `#N` native, `#-` none."""
import textwrap

from kiln.debugger.adapter.tiers import Tier, tiers_of_text

MARKS = {"#P": Tier.PYTHON, "#N": Tier.NATIVE, "#-": Tier.NONE}


def check(source: str, path: str = "t.kiln") -> None:
    text = textwrap.dedent(source).lstrip("\n")
    tiers = tiers_of_text(text, path)
    for number, line in enumerate(text.splitlines(), start=1):
        mark = line.rstrip()[-2:]
        if mark in MARKS:
            assert tiers.of(number).tier is MARKS[mark], f"line {number}: {line!r}"


def test_fn_bodies_are_native_and_def_bodies_python():
    check("""
        import math                          #P
        fn add(x: Int, y: Int) -> Int:       #N
            let s = x + y                    #N
            return s                         #N
        def main():                          #P
            print(add(1, 2))                 #P
        main()                               #P
    """)


def test_struct_methods_are_native_and_fields_have_no_code():
    check("""
        @value                               #P
        struct Point:                        #P
            var x: Float64                   #-
            var y: Float64                   #-
            # a comment                      #-
            fn norm(self) -> Float64:        #N
                return self.x * self.x       #N
        class Plain:                         #P
            def method(self):                #P
                return 1                     #P
    """)


def test_nested_parameter_fns_and_traits():
    check("""
        trait Shape:                         #P
            fn area(self) -> Float64: ...    #-
        fn outer(n: Int):                    #N
            @parameter                       #N
            fn body[w: Int](i: Int):         #N
                pass                         #N
            vectorize[body, 4](n)            #N
    """)


def test_lines_outside_the_file_and_python_files():
    tiers = tiers_of_text("x = 1\ny = 2\n", "t.kiln")
    assert tiers.of(3).tier is Tier.NONE and "outside the file" in tiers.of(3).reason
    assert tiers.of(0).tier is Tier.NONE
    plain = tiers_of_text("fn = open\n", "t.py")
    assert plain.of(1).tier is Tier.PYTHON


def test_fn_headers_and_bridged_names():
    text = "fn f(x: Int) -> Int:\n    return x\n\nstruct S:\n    fn m(self):\n        pass\n\ndef g():\n    pass\n"
    tiers = tiers_of_text(text, "t.kiln")
    assert tiers.is_fn_header(1) and tiers.is_fn_header(5)
    assert not tiers.is_fn_header(2) and not tiers.is_fn_header(8)
    assert tiers.top_level_fns == ("f",)
    assert tiers.of(2).function == "f"


def test_blank_and_comment_lines_hold_no_code():
    tiers = tiers_of_text("def f():\n\n    # note\n    return 1\n", "t.kiln")
    assert [tiers.of(n).tier for n in (1, 2, 3, 4)] == [Tier.PYTHON, Tier.NONE, Tier.NONE, Tier.PYTHON]
    assert "blank or a comment" in tiers.of(2).reason
