"""`inout` parameters called from Python: a struct instance is changed in
place, a list is written back, and a parameter Python has no mutable
referent for (an Int, a String, a SIMD value) is refused with a TypeError
naming the fn and the parameter, never silently ignored."""
from .kilnkit import write

SOURCE = """
fn bump(inout x: Int, by: Int):
    x += by

fn shout(inout s: String):
    s += "!"

fn grow(inout xs: List[Int]):
    xs.append(len(xs))

def main():
    for call in (lambda: bump(1, 2), lambda: shout("hi")):
        try:
            call()
        except TypeError as e:
            print("TypeError:", e)
    xs = [5]
    grow(xs)
    print(xs)
"""


def test_inout_without_python_referent_is_refused_by_name(run_kiln, tmp_path):
    path = write(tmp_path, "prog.kiln", SOURCE)
    proc = run_kiln("run", path)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == ("TypeError: fn `bump` cannot be used from Python code: parameter `x` is "
                        "`inout Int`, and a Python int cannot be changed in place; return the new "
                        "value instead, or pass a struct or list that holds it")
    assert lines[1].startswith("TypeError: fn `shout` cannot be used from Python code: "
                               "parameter `s` is `inout String`, and a Python str cannot")
    assert lines[2] == "[5, 1]"
