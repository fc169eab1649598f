"""Python constructs the standard library rarely or never uses, each checked
against CPython's own tree (positions included)."""
from __future__ import annotations

import ast
import warnings

import pytest

from kiln.compiler.syntax.parser import parse

SNIPPETS = [
    "x = 1\r\ny = 2\r\n", "x = '''a\r\nb'''\r\n", "if x:\r\n    y = (1,\r\n  2)\r\n",
    "x = 1\ry = 2\r", "x = f'''{a}\r\n{b}'''\r\n",
    'x = 1if y else 2\n',
    'a[1:2, ::3, ...]\n',
    'a[*b]\n',
    'a[*b, c]\n',
    'a[b:=1]\n',
    'a[:]\n',
    'a[1:]\n',
    'a[::]\n',
    'f(x for x in y)\n',
    'f(*a, *b, c=1, **d)\n',
    'f(a, *b, c)\n',
    'with (a, b): pass\n',
    'with (a as b, c as d,): pass\n',
    'with (a) as b: pass\n',
    'with (a, b) as c: pass\n',
    'with (yield): pass\n',
    'async def f():\n    async with a as b, c: pass\n    async for x in y: pass\n    await z\n    [x async for x in y]\n',
    "match x:\n    case [1, 2, *rest]: pass\n    case {'a': 1, **kw}: pass\n    case Point(x=0, y=0) | Point(1, 2): pass\n    case -1 | 1+2j | -3-4j | 'a' 'b' | b'x' | None | True: pass\n    case a.b.c: pass\n    case (a, b) as c if c > 1: pass\n    case _: pass\n",
    'match x, y:\n    case (1,): pass\n    case (): pass\n    case []: pass\n    case {}: pass\n    case C(): pass\n    case (x): pass\n    case [*_]: pass\n    case *a, b: pass\n',
    'match(x)\nmatch[x] = 1\nmatch.x\n',
    'try:\n    pass\nexcept* ValueError as e:\n    pass\nexcept* (A, B):\n    pass\n',
    'try:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n',
    'def f(a, /, b, *, c=1, **k): pass\ndef g(*args: *Ts): pass\nlambda a, /, b=2, *c, d, **e: 0\nlambda: 0\nlambda *, a: a\n',
    'x = 0x_1f + 0o17 + 0b1_0 + 1_000.5e-3 + 1e10 + 1.5j + .5 + 5. + 0_0 + 1J\n',
    "s = rb'\\x00' + Rb'a' + BR'b' + u'\\u00e9' + r'\\n' + '\\N{BULLET}' + b'\\101'\n",
    "x = 'a' 'b' u'c'\ny = u'a' 'b'\n",
    'f\'{x!r:{w}.{p}f}\' f\'{{}}\' f\'{x:>10}\' f"{\'a\'}" f\'\'\'{"b"}\'\'\' rf\'\\n{x}\' f\'{x=!s:>4}\' f\'{ x = }\'\n',
    'f\'{a["b"]}\' f\'{(lambda: 1)()}\' f\'{x:{y}}\' f\'{3.14:.2f}\' f\'{x!a}\'\n',
    'x = (\n  1,\n  2,\n)\n',
    'if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n',
    'while x: break\nelse: continue\n',
    'for x, *y in z: pass\nfor (a, b) in c: pass\nfor x in *a, *b: pass\n',
    'del a, b[0], c.d\ndel (a, b)\ndel [a, b]\n',
    'global a, b\nnonlocal c\n',
    "assert x, 'msg'\nraise\nraise E from None\n",
    'import a.b.c as d, e\nfrom . import x\nfrom .. import y\nfrom ...a import (b as c, d,)\nfrom .a.b import *\n',
    'x: int\nx: int = 1\n(x): int = 1\nx.y: int\nx[0]: int = 1\n',
    'a = b = c = 1\na, b = b, a\n[a, b] = c\n*a, b = c\na += 1\na.b **= 2\na[0] //= 3\n',
    'x = yield\ny = yield from z\nx = (yield)\nx = await y\n',
    "x = {**a, 'b': 1}\ny = {*a, 1}\nz = {a: b for a, b in c}\nw = {a for a in b if a if b}\n",
    'x = [i for i in range(10) if i % 2 for j in range(i)]\n',
    'x = not a and b or c\ny = a if b else c if d else e\nz = a < b <= c != d is not e not in f\n',
    'x = -a ** -b\ny = ~a\nz = +a\nw = a @ b\n',
    "@dec\n@dec2(1)\n@a.b.c\n@x[0]\nclass A(B, C, metaclass=M, **kw):\n    '''doc'''\n    def f(self): ...\n",
    'def f():\n    return\n    return 1, 2\n    return *a, b\n',
    "print(*a, sep='')\nprint(a, end='')\n",
    'x = (a := 1)\nif (n := len(a)) > 10: pass\nwhile chunk := f.read(): pass\n[y := f(x), y**2]\nf(a := 1)\n',
    "é = 'é'\nx = 'é' + f'{é}é'\n",
    'x = \\\n  1\n',
    'if True:\n\tx = 1\n\tif y:\n\t\tz = 2\n',
    'class A: pass\nclass B(): pass\n',
    'x = ...\ny = a[...]\n',
    'x = [\n    1, # comment\n    2,\n]\n',
    "x = f'''\n{a\n+ b}\n'''\n",
    "x = f'{a:{b}}' f'{c:d{e}f}'\n",
    'def f(a, b=1, /, c=2, *d, e, f=3, **g): pass\n',
    'x = a.b.c(d)[e](f).g\n',
    'x = (a)(b)\ny = (a).b\nz = (a)[b]\nw = (a) + (b)\n',
    'x = ((a, b))\ny = ((a))\n',
    'x = 1;\nif x: y = 2;\n',
    'if x:\n    pass\n# comment\n\n    # indented comment\nelse:\n    pass\n',
    'x = 0xFFFFFFFFFFFFFFFFFFFF\ny = 1e400\nz = 0.0000001\n',
    "x = '\\\n'\n",
    "x = b'abc' b'def'\n",
    'lambda x=lambda y: y: x\n',
    'x = [*a, *b]\ny = (*a, *b)\n',
    "f(**{'a': 1})\n",
    'x = a if b else(c)\n',
    'not_ = 1\ncase = 2\n_ = 3\n',
    'x = 1\n',
    "x = 'a' \\\n    'b'\n",
    "x = f'{x}' \\\n    f'{y}'\n",
    'class A:\n    def f(self): return 1;\n',
    'with a, b as c: pass\nwith (a, b) as (c, d): pass\nwith (a for a in b): pass\n',
    'x = ( # c\n    1)\n',
    "match x:\n    case 0 | 1 | 2: pass\n    case {1: _, 'b': [a, b]}: pass\n    case A.B(c=[d]): pass\n",
    "x = u'\\u00e9' f'{x}'\n",
    "x = f'{x}' u'y'\n",
    "x = f'\\N{BULLET}{x}'\n",
    'async def f():\n    return [await x async for x in y]\n    async with (a as b, c): pass\n',
    'x = 1 if 2 else 3, 4\n',
    'for x in range(3):\n    pass\nelse:\n    pass\n',
    '@property\ndef x(self): pass\n',
    'a = (yield)\n',
    'x = not not a\n',
    'f(a)(b)(c)\n',
    'x = a[b][c]\n',
    'x = (1,)\ny = 1,\nz = ()\n',
    'def f(*, a): pass\n',
    'x = [a for b in c for d in e if f]\n',
    'if a:\n  b\nelse:\n        c\n',
    'x = f"{\'a\' if b else \'c\'}"\n',
    "x = '''a\nb''' '''c'''\n",
    'x = 1 # comment',
    'x = 1\n\n\n',
    '',
    '\n\n# only comment\n',
    'if x:\n    y\n\n',
    'x = 5 .real\n',
    'x = 1_0j\n',
    'x = 0e0\n',
    'x = {**a}\n',
    'del x,\n',
    'x = [1,2,3][::-1]\n',
    'a = b\\\n  .c\n',
    'try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\n',
    'x = a.b\\\n.c\n',
    'x = [\ny for y in z]\n',
    'x = f\'{x!r}\' f"{y!s}"\n',
    "x = f'{a}' 'b' f'{c}'\n",
    "def f() -> 'A': pass\n",
    'class A(B, *C, **D): pass\n',
    "x = f'''{\n  a\n}'''\n",
    'x = 2\n',
    '    \n',
]


def check(src: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # CPython warns about `1if`; we do not
        expected = ast.dump(ast.parse(src), include_attributes=True)
    result = parse(src)
    assert [d.message for d in result.diagnostics] == []
    assert ast.dump(result.module, include_attributes=True) == expected


@pytest.mark.parametrize("src", SNIPPETS)
def test_matches_cpython(src):
    check(src)


# Each is either rejected by both CPython's parser and ours, or accepted by both
# (some are only rejected later, by CPython's compiler or Kiln's semantic model).
VALIDITY = ["f(**a, *b)", "f(a=1, a=2)", "f(a for a in b, c)", "def f(a, a): pass", "x = *a", "*a = 1", "a + 1 = 2", "(a, b) += 1",
"del a + b", "for a + 1 in b: pass", "with a as b + 1: pass", "lambda: (yield)", "[x for x in 1 if x := 2]", "x := 1", "def f(*): pass",
"def f(**k, a): pass", "def f(a=1, /, b): pass", "class A(x for x in y): pass", "f(x=1, y)", "f(**k, y)", "import a.b as c.d", "from x import a.b",
"a[1:2:3:4]", "x = yield = 1", "print(1 if 2)", "x = {**a: 1}", "x = [**a]", "f(*)", "async = 1", "await = 1", "nonlocal x", "True = 1", "None += 1",
"x.True = 1", "def None(): pass", "class True: pass", "f(True=1)", "lambda None: 1", "import None", "a.__debug__ = 1", "__debug__ = 1", "def f(__debug__): pass",
"x = 1 if 2 else", "f'{x!z}'", "f'{x'", "f'}'", "f'{'", "u'' b''", "b'é'", "'\\N{NOPE}'", "0777", "1_", "1__0", "0x", "09", "1e", "1.e5j", "0b2",
"match x:\n    case a | b: pass\n", "match x:\n    case {**a, 'b': 1}: pass\n", "match x:\n    case a, *b, *c: pass\n", "match x:\n    case f(): pass\n" ,
"match x:\n    case 1 + 2: pass\n", "match x:\n    case -a: pass\n", "match x:\n    case {a: 1}: pass\n", "match x:\n    case A(b=1, c): pass\n",
"try:\n    pass\n", "try:\n    pass\nexcept* :\n    pass\n", "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n", "if x:\npass", "else: pass",
"x = (yield from)", "def f():\n    x = yield from", "@\ndef f(): pass", "global", "assert", "raise from x", "del", "del ()", "del []", "del (a, [b])",
"(a) = 1", "[a, b] = 1", "((a)) += 1", "a.b: int", "(a, b): int", "f(): int", "x: int, y: int = 1, 2", "with (a as b): pass", "with (a, b as c) as d: pass",
"async def f():\n    yield from x\n", "def f():\n    await x\n", "async with a: pass", "x = [await y for y in z]", "lambda x=1, y: 0", "lambda *a, *b: 0",
"print(end='' 'x')", "f(a, *b, c, **d, e=1)", "f(a, *b, c, **d, *e)", "x = 1; ; y = 2", ";", "x ==== 1", "x = 'a' 1", "x = not", "not", "x = a b",
]


@pytest.mark.parametrize("src", VALIDITY)
def test_rejects_what_cpython_rejects(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(src)
            cpython_ok = True
        except SyntaxError:
            cpython_ok = False
    result = parse(src)
    assert (not result.diagnostics) == cpython_ok, [d.message for d in result.diagnostics]


# f-strings: CPython 3.11's own quirks for positions inside replacement fields.
FSTRINGS = [
"f'{x:{y}.{z}}'", "x = (f'{a}'\n     f'{b}')", "f'\\N{BULLET} {x}'", "rf'\\d{x}\\n'", "f'{x:%H:%M}'", "f\"{'{'}\"", "f'{ {1:2}[1] }'",
"f'{a if b else c}'", "f'{x!r:^{w}}'", "f'{(lambda: 1)()}'", "f'{(x:=1)}'", "f'{x = !r:>10}'", "  y = f'''\n    {a +\n  b}'''",
"def f():\n    return f'''{x}\n{y!r}\n  {z:>{w}}'''", "f'{x}' 'y' f'{z}' 'w'", "x = 'é' f'{é}' 'ü'", "f'{\"é\"}{x}'", "f'''{\n}'''" ,
"f'{x:{{}}}'", "f'{x:}}}'", "f'{{{x}}}'", "f'{x}}}'", "f'{3!r}'", "f'{x,}'", "f'{*x,}'", "f'{x:=10}'", "f'{x:>{y:{z}}}'",
"f'{f\"{f'{x}'}\"}'", "f'''{f\"\"\"{x}\"\"\"}'''", "F'{x}' Rf'{y}' fR'{z}'", "f'{x!s:{y}}' 'tail'", "f'''a\nb{c}\nd'''", "f'{x}\\\n{y}'",
"f'{\n x\n}'", "x = f'{a}' \\\n    f'{b}'", "f'{a:{b}c{d}e}'", "f'{a!r:{b}c}'", "f'{a=}{b=:>5}'", "f'{a=!a}'", "print(f'{x}', f'{y}')",
"f'{lambda x: 1}'", "f'{yield}'", "f'{x:{1+2}}'", "f'{x#}'", "f'{x\\n}'", "f'{}'", "f'{ }'", "f'{x!}'", "f'{x!z}'", "f'}'", "f'{'", "f'{x'", "f'{x:{y:{z}}}'",
"f'{a[\"b\"]}'" , "f'{x:a\\nb}'", "f'a\\{x}'", "f'\\{{x}}'",
]


@pytest.mark.parametrize("src", FSTRINGS)
def test_fstrings_like_cpython(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(src)
        except SyntaxError:
            assert parse(src).diagnostics
            return
    check(src)
