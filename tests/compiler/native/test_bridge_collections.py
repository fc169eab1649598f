"""Lists of structs, Tuple and Optional across the bridge (language.md
section 9): converted both ways, lists of structs hold independent copies
(a struct with an owning field survives the list being freed on either
side), and a wrong element type names the fn and the parameter."""
import os

import pytest

from kiln.compiler.native.cache import NativeCache
from kiln.compiler.native.codegen.options import CodegenOptions
from kiln.compiler.native.driver import compile_for_python
from kiln.compiler.native.provider import struct_classes

from .kilnkit import write

SOURCE = """
@value
struct Point:
    var x: Float64
    var y: Float64

@value
struct Tag:
    var name: String
    var weight: Int

fn centroid(points: List[Point]) -> Point:
    var sx = 0.0
    var sy = 0.0
    for i in range(len(points)):
        sx += points[i].x
        sy += points[i].y
    return Point(sx / Float64(len(points)), sy / Float64(len(points)))

fn grid(n: Int) -> List[Point]:
    var out = List[Point]()
    for i in range(n):
        out.append(Point(Float64(i), Float64(i * i)))
    return out

fn heaviest(tags: List[Tag]) -> Tag:
    var best = tags[0]
    for i in range(len(tags)):
        if tags[i].weight > best.weight:
            best = tags[i]
    return best

fn labelled(n: Int) -> List[Tag]:
    var out = List[Tag]()
    for i in range(n):
        out.append(Tag("tag" + str(i), i * 10))
    return out

fn divmod_floor(a: Int, b: Int) -> Tuple[Int, Int]:
    return (a // b, a % b)

fn swap(pair: Tuple[Float64, Int]) -> Tuple[Int, Float64]:
    return (pair[1], pair[0])

fn find(xs: List[Int], target: Int) -> Optional[Int]:
    for i in range(len(xs)):
        if xs[i] == target:
            return i
    return None

fn or_default(value: Optional[Int], default: Int) -> Int:
    if value:
        return value.value()
    return default
"""


@pytest.fixture(scope="module")
def mod(tmp_path_factory):
    directory = tmp_path_factory.mktemp("collections")
    path = write(directory, "coll.kiln", SOURCE)
    outcome = compile_for_python(path, None, CodegenOptions(opt_level=2),
                                 cache=NativeCache(os.path.join(str(directory), "cache")))
    assert outcome.module is not None, [d.message for d in outcome.diagnostics]
    struct_classes(outcome.module, outcome.exports, "coll")       # what `kiln run` binds
    return outcome.module


def test_list_of_structs_in_and_out(mod):
    points = mod.grid(4)
    assert [(p.x, p.y) for p in points] == [(0.0, 0.0), (1.0, 1.0), (2.0, 4.0), (3.0, 9.0)]
    c = mod.centroid(points)
    assert (c.x, c.y) == (1.5, 3.5)
    assert type(c) is mod.__kiln_classes__["Point"]


def test_list_of_structs_with_owning_fields_are_copies(mod):
    tags = mod.labelled(3)
    assert [(t.name, t.weight) for t in tags] == [("tag0", 0), ("tag1", 10), ("tag2", 20)]
    best = mod.heaviest(tags)
    del tags                       # the Python objects go; the result is its own copy
    assert (best.name, best.weight) == ("tag2", 20)
    again = mod.heaviest(mod.labelled(5))
    assert again.name == "tag4"


def test_tuples_both_ways(mod):
    assert mod.divmod_floor(-7, 2) == (-4, 1)
    assert mod.swap((2.5, 3)) == (3, 2.5)
    assert mod.swap([1.0, 2]) == (2, 1.0)          # any sequence of the right length


def test_optional_both_ways(mod):
    assert mod.find([5, 6, 7], 7) == 2
    assert mod.find([5, 6, 7], 8) is None
    assert mod.or_default(None, 9) == 9
    assert mod.or_default(4, 9) == 4


def test_wrong_element_types_name_fn_and_parameter(mod):
    with pytest.raises(TypeError, match=r"centroid\(\).*points"):
        mod.centroid([1.0, 2.0])
    with pytest.raises(TypeError, match=r"or_default\(\).*value"):
        mod.or_default("x", 1)
    with pytest.raises(TypeError, match=r"swap\(\)"):
        mod.swap((1.0,))


TEXT_AND_FLOAT = """
fn shout(s: String) -> Int:
    return len(s)

fn half(x: Float32) -> Float32:
    return x / 2
"""


def test_conversion_failures_name_fn_and_parameter(tmp_path):
    path = write(tmp_path, "conv.kiln", TEXT_AND_FLOAT)
    outcome = compile_for_python(path, None, CodegenOptions(opt_level=1),
                                 cache=NativeCache(os.path.join(str(tmp_path), "cache")))
    mod = outcome.module
    assert mod.shout("héllo") == 6
    with pytest.raises(ValueError, match=r"shout\(\) argument 's' cannot be a Kiln String: it is not valid UTF-8"):
        mod.shout("a\ud800")
    with pytest.raises(OverflowError, match=r"half\(\) argument 'x' is too large for Float32"):
        mod.half(10 ** 400)
    assert mod.half(3) == 1.5


OWNERSHIP = """
@value
struct Pt:
    var n: Int
    var tag: String

@value
struct Plain:
    var x: Float64
    var n: Int8

fn use(p: Pt, q: Plain) -> Int:
    return p.n + Int(q.n)
"""


def test_copying_and_field_assignment_never_corrupt_a_struct(tmp_path):
    import copy
    import pickle
    path = write(tmp_path, "own.kiln", OWNERSHIP)
    outcome = compile_for_python(path, None, CodegenOptions(opt_level=1),
                                 cache=NativeCache(os.path.join(str(tmp_path), "cache")))
    classes = struct_classes(outcome.module, outcome.exports, "own")
    p = classes["Pt"](1, "hello")
    for clone in (copy.copy, copy.deepcopy, pickle.dumps):
        with pytest.raises(TypeError, match="owns native resources"):
            clone(p)
    assert (p.n, p.tag) == (1, "hello")
    q = classes["Plain"](1.5, 2)
    r = copy.deepcopy(q)
    r.x = 4.0
    assert (q.x, q.n, r.x, r.n) == (1.5, 2, 4.0, 2)
    with pytest.raises(TypeError, match=r"field 'x' of Plain must be float \(Kiln type Float64\), not str"):
        q.x = "oops"
    with pytest.raises(OverflowError, match=r"field 'n' of Plain = 300 does not fit in Int8"):
        q.n = 300
    assert (q.x, q.n) == (1.5, 2)              # a rejected value leaves the field as it was
    assert outcome.module.use(p, q) == 3
