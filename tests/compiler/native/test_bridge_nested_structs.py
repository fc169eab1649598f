"""Struct fields of struct, List, SIMD and String type from Python
(language.md section 9, bridge/field_access.py): built, read (a copy), assigned
(the old value destroyed once), passed to and returned from fns; a field the
bridge cannot convert is a TypeError naming the struct, the field and why."""
import contextlib
import gc
import io

import pytest

from .kilnkit import loaded_with_kiln_load, write

KERNELS = """
@value
struct Vec3:
    var x: Float64
    var y: Float64
    var z: Float64

    fn __eq__(self, other: Vec3) -> Bool:
        return self.x == other.x and self.y == other.y and self.z == other.z

    fn norm2(self) -> Float64:
        return self.x * self.x + self.y * self.y + self.z * self.z

@value
struct Particle:
    var pos: Vec3
    var vel: Vec3
    var mass: Float64

@value
struct Handle:
    var id: Int

    fn __del__(owned self):
        print("del Handle", self.id)

@value
struct Owner:
    var h: Handle
    var tag: String

@value
struct Poly:
    var name: String
    var xs: List[Int]
    var pts: List[Vec3]
    var lanes: SIMD[DType.float32, 4]

@value
struct Pair[T: AnyType]:
    var a: T
    var b: T

@value
struct Holder:
    var p: Pair[Int]
    var n: Int

@value
struct Grid:
    var rows: List[List[Int]]
    var k: Int

struct Guarded:
    var v: Vec3

    fn __init__(inout self, v: Vec3, bad: Pair[Int]):
        self.v = v

fn kinetic(p: Particle) -> Float64:
    return 0.5 * p.mass * p.vel.norm2()

fn launch(v: Vec3) -> Particle:
    return Particle(Vec3(0.0, 0.0, 0.0), v, 1.0)

fn bump(inout p: Particle):
    p.vel.x += 1.0

fn owner_id(o: Owner) -> Int:
    return o.h.id

fn make_owner(id: Int) -> Owner:
    return Owner(Handle(id), "made")

fn total(p: Poly) -> Int:
    var s = 0
    for i in range(len(p.xs)):
        s += p.xs[i]
    for i in range(len(p.pts)):
        s += Int(p.pts[i].x)
    return s + Int(p.lanes.reduce_add())

fn make_poly(n: Int) -> Poly:
    var xs = List[Int]()
    var pts = List[Vec3]()
    for i in range(n):
        xs.append(i * 10)
        pts.append(Vec3(Float64(i), 0.0, 0.0))
    return Poly("made", xs, pts, SIMD[DType.float32, 4](1.0, 2.0, 3.0, 4.0))

fn use_holder(h: Holder) -> Int:
    return h.p.a + h.n

fn make_holder() -> Holder:
    return Holder(Pair[Int](1, 2), 3)

fn make_grid() -> Grid:
    return Grid(List[List[Int]](), 4)

fn use_guarded(g: Guarded) -> Float64:
    return g.v.x
"""


@pytest.fixture(scope="module")
def mod(tmp_path_factory, shared_cache_dir):
    with loaded_with_kiln_load(tmp_path_factory.mktemp("nested"), KERNELS, shared_cache_dir) as module:
        yield module


def check(run, expected: str):
    """What `run()` prints, both tiers (native __del__ included)."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        run()
        gc.collect()
    assert buf.getvalue() == expected


def error(call) -> str:
    with pytest.raises((TypeError, OverflowError)) as info:
        call()
    return f"{info.type.__name__}: {info.value}"


def test_nested_structs_built_read_and_passed(mod):
    p = mod.Particle(mod.Vec3(0.0, 0.0, 0.0), mod.Vec3(1.0, 2.0, 2.0), 2.0)
    assert (mod.kinetic(p), p.vel.y, type(p.vel) is mod.Vec3) == (9.0, 2.0, True)
    assert repr(p) == "Particle(pos=Vec3(x=0.0, y=0.0, z=0.0), vel=Vec3(x=1.0, y=2.0, z=2.0), mass=2.0)"
    assert p.vel.norm2() == 9.0
    q = mod.launch(mod.Vec3(3.0, 0.0, 4.0))
    mod.bump(q)                                  # inout: the Python object itself changes
    assert repr(q.vel) == "Vec3(x=4.0, y=0.0, z=4.0)"


def test_reading_a_nested_field_gives_an_independent_copy(mod):
    p = mod.Particle(mod.Vec3(0.0, 0.0, 0.0), mod.Vec3(1.0, 2.0, 2.0), 2.0)
    v = p.vel
    v.y = 5.0
    p.vel.y = 7.0                                # changes a temporary copy, not p
    assert (p.vel.y, v.y) == (2.0, 5.0)
    p.vel = v                                    # assignment stores a copy of v
    v.x = 100.0
    assert (repr(p.vel), mod.kinetic(p)) == ("Vec3(x=1.0, y=5.0, z=2.0)", 30.0)
    del p
    gc.collect()
    assert v.x == 100.0                          # outlives its source


def test_equality_from_the_structs_eq(mod):
    v = mod.Vec3(1.0, 2.0, 3.0)
    p = mod.Particle(v, v, 1.0)
    assert p.pos == p.vel == mod.Vec3(1.0, 2.0, 3.0)
    assert p.vel != mod.Vec3(0.0, 0.0, 0.0)
    assert (p.vel == 3, p.vel == "x", p.vel != None) == (False, False, True)  # noqa: E711


def test_a_nested_destructor_runs_exactly_once_per_value(mod):
    def run():
        o = mod.Owner(mod.Handle(1), "first")    # the temporary Handle(1) dies after the call
        print("built", mod.owner_id(o))
        h = o.h                                  # a copy: destroyed on its own
        print("read", h.id)
        del h
        o.h = mod.Handle(2)                      # the old Handle(1) in o dies, then the temporary
        print("replaced")
        o.tag = "second"
        del o
        print("deleted")
        made = mod.make_owner(3)
        print(made)
        del made
    check(run, "del Handle 1\nbuilt 1\nread 1\ndel Handle 1\ndel Handle 1\ndel Handle 2\nreplaced\n"
               "del Handle 2\ndeleted\ndel Handle 3\nOwner(h=Handle(id=3), tag='made')\ndel Handle 3\n")


def test_list_simd_and_string_fields_are_copied_both_ways(mod):
    poly = mod.Poly("p", [1, 2, 3], [mod.Vec3(1.0, 0.0, 0.0)], (1.5, 2.5, 3.5, 4.5))
    assert repr(poly) == ("Poly(name='p', xs=[1, 2, 3], pts=[Vec3(x=1.0, y=0.0, z=0.0)], "
                          "lanes=(1.5, 2.5, 3.5, 4.5))")
    assert mod.total(poly) == 6 + 1 + 12
    xs = poly.xs
    xs.append(4)                                 # a copy: poly keeps [1, 2, 3]
    assert poly.xs == [1, 2, 3]
    poly.xs = range(5)                           # any iterable, like a List parameter
    poly.lanes = [0.0, 1.0, 2.0, 3.0]            # a list or a tuple of the right length
    poly.name = "renamed"
    poly.pts = []
    assert (mod.total(poly), poly.lanes, poly.name, poly.pts) == (16, (0.0, 1.0, 2.0, 3.0), "renamed", [])
    made = mod.make_poly(3)
    assert repr(made) == ("Poly(name='made', xs=[0, 10, 20], pts=[Vec3(x=0.0, y=0.0, z=0.0), "
                          "Vec3(x=1.0, y=0.0, z=0.0), Vec3(x=2.0, y=0.0, z=0.0)], lanes=(1.0, 2.0, 3.0, 4.0))")


def test_a_wrong_value_for_a_field_names_the_struct_and_the_field(mod):
    p = mod.Particle(mod.Vec3(0.0, 0.0, 0.0), mod.Vec3(1.0, 2.0, 2.0), 2.0)
    poly = mod.make_poly(1)
    assert error(lambda: setattr(p, "vel", 3)) == "TypeError: field 'vel' of Particle must be a Vec3 instance, not int"
    assert error(lambda: setattr(poly, "lanes", (1.0,))) == (
        "TypeError: field 'lanes' of Poly must have 4 elements (Kiln type SIMD[DType.float32, 4]), not 1")
    assert error(lambda: setattr(poly, "xs", ["a"])) == (
        "TypeError: an element of field 'xs' of Poly must be int (Kiln type Int), not str")
    assert error(lambda: setattr(poly, "name", 5)) == (
        "TypeError: field 'name' of Poly must be str (Kiln type String), not int")
    assert error(lambda: mod.Particle(1, 2, 3)) == (
        "TypeError: Particle.__init__() argument 'pos' must be a Vec3 instance, not int")
    assert (repr(p.vel), poly.lanes, poly.xs) == ("Vec3(x=1.0, y=2.0, z=2.0)", (1.0, 2.0, 3.0, 4.0), [0])


GENERIC = ("has type Pair[Int], which has no Python class (instances of generic structs and "
           "structs of other modules cannot cross the bridge yet)")


def test_fields_the_bridge_cannot_convert_are_refused_with_the_reason(mod):
    h = mod.make_holder()
    assert (h.n, repr(h), mod.use_holder(h)) == (3, "Holder(p=<Pair[Int]>, n=3)", 4)
    assert error(lambda: h.p) == f"TypeError: field 'p' of Holder {GENERIC}"
    assert error(lambda: setattr(h, "p", 1)) == f"TypeError: field 'p' of Holder {GENERIC}"
    assert error(lambda: mod.Holder(1, 2)) == f"TypeError: cannot construct Holder from Python: field `p` {GENERIC}"
    assert error(lambda: mod.make_grid().rows) == (
        "TypeError: field 'rows' of Grid has type List[List[Int]], which (a list of collections) "
        "the bridge cannot convert yet")
    assert error(lambda: mod.Grid([], 1)).startswith("TypeError: cannot construct Grid from Python: field `rows`")
    # a user __init__ the bridge cannot call is not bypassed by a field-wise one
    assert error(lambda: mod.Guarded(mod.Vec3(1.0, 2.0, 3.0), 1)) == (
        f"TypeError: cannot construct Guarded from Python: parameter `bad` {GENERIC}")


def test_an_uninitialised_instance_is_a_type_error(mod):
    blank = mod.Vec3.__new__(mod.Vec3)
    assert repr(blank) == "<uninitialised Vec3>"
    assert error(lambda: mod.launch(blank)) == (
        "TypeError: launch() argument 'v' is an uninitialised Vec3 (made with Vec3.__new__ without __init__)")
    p = mod.Particle.__new__(mod.Particle)
    assert error(lambda: p.vel) == (
        "TypeError: Particle.vel() argument 'self' is an uninitialised Particle "
        "(made with Particle.__new__ without __init__)")


PROGRAM = """
@value
struct Vec3:
    var x: Float64
    var y: Float64
    var z: Float64

@value
struct Particle:
    var pos: Vec3
    var vel: Vec3
    var mass: Float64

fn kinetic(p: Particle) -> Float64:
    return 0.5 * p.mass * (p.vel.x * p.vel.x + p.vel.y * p.vel.y + p.vel.z * p.vel.z)

def main():
    p = Particle(Vec3(0.0, 0.0, 0.0), Vec3(1.0, 2.0, 2.0), 2.0)
    print(kinetic(p), p.vel.y)
    p.vel.y = 5.0
    print(p.vel.y)
    p.vel = Vec3(0.0, 0.0, 1.0)
    print(kinetic(p), p)
"""


def test_the_example_through_kiln_run(run_kiln, tmp_path):
    write(tmp_path, "particle.kiln", PROGRAM)
    proc = run_kiln("run", "particle.kiln")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == ("9.0 2.0\n2.0\n1.0 Particle(pos=Vec3(x=0.0, y=0.0, z=0.0), "
                           "vel=Vec3(x=0.0, y=0.0, z=1.0), mass=2.0)\n")
