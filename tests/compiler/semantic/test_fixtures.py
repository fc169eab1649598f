"""The type checker's fixture suite: every `.kiln` file under `fixtures/` (or
folder with a `main.kiln`, for multi-file programs) states its own expected
diagnostics as trailing comments on the offending line:

    var x: Int = "one"      # error@18: K0201
    y = z                   # error@5: K0102 error@9: K0101
    return 1                # warning@5: K0383

`@N` is the 1-based character column where the primary span starts (the span
rules are in docs/diagnostics.md). A fixture without such comments expects no
diagnostics at all. The comparison is exact: the sorted list of
(file, line, column, severity, code) from `check_program` must equal the
expectations.
"""
from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass

import pytest

from kiln.compiler.diagnostics.codes import CODES
from kiln.compiler.syntax.source import SourceFile

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
DOCS = pathlib.Path(__file__).resolve().parents[3] / "docs" / "diagnostics.md"
# The codes this suite is the spec for: K0100-K0599 except the Python tier's
# K0550-K0569 (reported by the lowering, not by `check_program`).
OWN_RANGE = set(range(100, 550)) | set(range(570, 600))

_TRAILER = re.compile(r"#\s*((?:(?:error|warning)@\d+:\s*K\d{4}\s*)+)$")
_ITEM = re.compile(r"(error|warning)@(\d+):\s*(K\d{4})")


@dataclass(frozen=True, order=True)
class Expect:
    """One diagnostic, as a fixture states it or as the checker reports it."""

    file: str
    line: int
    col: int
    severity: str
    code: str
    message: str = ""

    def key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.severity, self.code)


@dataclass(frozen=True)
class Fixture:
    name: str
    files: dict[str, str]          # absolute path -> text
    entry: str

    def expectations(self) -> list[Expect]:
        found = []
        for path, text in self.files.items():
            for lineno, line in enumerate(text.splitlines(), start=1):
                found.extend(_parse_trailer(path, lineno, line))
        return sorted(found)


def _parse_trailer(path: str, lineno: int, line: str) -> list[Expect]:
    match = _TRAILER.search(line)
    if not match:
        if re.search(r"#\s*(error|warning)[@:]", line):
            raise ValueError(f"{path}:{lineno}: malformed expectation {line.strip()!r}"
                             " (write `# error@COL: K0123`)")
        return []
    return [Expect(path, lineno, int(col), sev, code)
            for sev, col, code in _ITEM.findall(match.group(1))]


def _discover() -> list[Fixture]:
    fixtures = []
    for path in sorted(FIXTURES.glob("*.kiln")):
        fixtures.append(Fixture(path.stem, {str(path): path.read_text("utf-8")}, str(path)))
    for main in sorted(FIXTURES.glob("*/main.kiln")):
        files = {str(p): p.read_text("utf-8") for p in sorted(main.parent.rglob("*.kiln"))}
        fixtures.append(Fixture(main.parent.name, files, str(main)))
    return fixtures


ALL = _discover()


def _actual(fixture: Fixture, diagnostics) -> list[Expect]:
    sources = {p: SourceFile(p, t) for p, t in fixture.files.items()}
    out = []
    for d in diagnostics:
        src = sources.get(d.span.file)
        if src is None:     # a diagnostic in a file the fixture does not own
            out.append(Expect(d.span.file, 0, 0, d.severity.value, d.code, d.message))
            continue
        pos = src.position(d.span.start)
        col = src.byte_to_char(d.span.start) - src.byte_to_char(src.line_start(pos.line)) + 1
        out.append(Expect(d.span.file, pos.line, col, d.severity.value, d.code, d.message))
    return sorted(out)


def _describe(e: Expect, fixture: Fixture) -> str:
    where = f"{pathlib.Path(e.file).name}:{e.line}:{e.col}"
    text = f"{where}: {e.severity}[{e.code}]"
    if e.message:
        text += f" {e.message}"
    source = fixture.files.get(e.file)
    if source is not None and e.line > 0:
        text += f"\n        | {source.splitlines()[e.line - 1].rstrip()}"
        text += f"\n        | {' ' * (e.col - 1)}^"
    return text


_RESULTS: dict[str, list] = {}


def _diagnostics(fixture: Fixture, check_program) -> list:
    """`check_program`'s answer, computed once per fixture per worker process."""
    if fixture.name not in _RESULTS:
        _RESULTS[fixture.name] = check_program(dict(fixture.files), fixture.entry)
    return _RESULTS[fixture.name]


def check(fixture: Fixture, check_program) -> None:
    expected = fixture.expectations()
    actual = _actual(fixture, _diagnostics(fixture, check_program))
    want = sorted(e.key() for e in expected)
    got = sorted(a.key() for a in actual)
    if want == got:
        return
    missing = [e for e in expected if e.key() not in got]
    unexpected = [a for a in actual if a.key() not in want]
    lines = [f"fixture {fixture.name}: diagnostics differ"]
    lines += ["  missing (expected, not reported):"] + [
        "    " + _describe(e, fixture) for e in missing] if missing else []
    lines += ["  unexpected (reported, not expected):"] + [
        "    " + _describe(a, fixture) for a in unexpected] if unexpected else []
    if not missing and not unexpected:
        lines.append(f"  counts differ: expected {want}, got {got}")
    pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture(scope="session")
def check_program():
    import kiln.compiler.semantic as semantic   # any failure here is a real failure
    fn = getattr(semantic, "check_program", None)
    if fn is None:
        pytest.skip("kiln.compiler.semantic.check_program does not exist yet")
    return fn


@pytest.mark.parametrize("fixture", ALL, ids=[f.name for f in ALL])
def test_fixture(fixture: Fixture, check_program) -> None:
    check(fixture, check_program)


@pytest.mark.parametrize("fixture", [f for f in ALL if f.expectations()],
                         ids=[f.name for f in ALL if f.expectations()])
def test_fixture_diagnostics_are_explained(fixture: Fixture, check_program) -> None:
    """Every diagnostic says what is wrong and what to do: a message and a hint
    (project standard), and its span lies inside its file."""
    problems = []
    for d in _diagnostics(fixture, check_program):
        text = fixture.files.get(d.span.file)
        where = _describe(_actual(fixture, [d])[0], fixture)
        if not d.message.strip():
            problems.append(f"no message: {where}")
        if not (d.hint or "").strip():
            problems.append(f"no hint: {where}")
        if text is not None and not 0 <= d.span.start <= d.span.end <= len(text.encode()):
            problems.append(f"span outside the file: {where}")
    assert not problems, "\n".join(problems)


def _apply(files: dict[str, str], edits) -> dict[str, str]:
    out = dict(files)
    for path in {e.span.file for e in edits}:
        data = out[path].encode()
        for e in sorted((e for e in edits if e.span.file == path),
                        key=lambda e: e.span.start, reverse=True):
            data = data[:e.span.start] + e.new_text.encode() + data[e.span.end:]
        out[path] = data.decode()
    return out


def test_fixits_fix_what_they_claim(check_program) -> None:
    """Applying a diagnostic's fix-it removes that diagnostic and brings no new
    kind of diagnostic: an editor's quick fix must not make things worse."""
    applied, problems = 0, []
    for fixture in ALL:
        before = _diagnostics(fixture, check_program)
        for d in before:
            for fix in d.fixes:
                applied += 1
                after = check_program(_apply(fixture.files, fix.edits), fixture.entry)
                left = [a.code for a in after]
                remaining = [b.code for b in before if b is not d]
                if left.count(d.code) > remaining.count(d.code):
                    problems.append(f"{fixture.name}: {fix.title!r} leaves {d.code}")
                new = sorted(set(left) - set(remaining))
                if new:
                    problems.append(f"{fixture.name}: {fix.title!r} brings {new}")
    assert applied > 0, "no fixture produced a fix-it"
    assert not problems, "\n".join(problems)


# -- the suite's own consistency: runs without the checker ----------------------

@pytest.fixture(scope="session")
def parse():
    try:
        from kiln.compiler.syntax.parser import parse
    except ModuleNotFoundError as e:
        if e.name != "kiln.compiler.syntax.parser":
            raise
        pytest.skip("kiln.compiler.syntax.parser does not exist yet")
    return parse


@pytest.mark.parametrize("fixture", ALL, ids=[f.name for f in ALL])
def test_fixture_syntax(fixture: Fixture, parse) -> None:
    """The parser alone must report exactly the fixture's syntax-range (K00xx)
    expectations, which for almost every fixture means none. A failure here is
    a fixture that is not valid Kiln or a parser bug, not the checker's."""
    diagnostics = []
    for path, text in fixture.files.items():
        diagnostics.extend(parse(text, path).diagnostics)
    found = _actual(fixture, diagnostics)
    wanted = [e for e in fixture.expectations() if int(e.code[1:]) < 100]
    got_keys = sorted(a.key() for a in found)
    want_keys = sorted(e.key() for e in wanted)
    assert got_keys == want_keys, "syntax diagnostics differ:\n" + "\n".join(
        ["  expected:"] + [_describe(e, fixture) for e in wanted]
        + ["  parser reported:"] + [_describe(d, fixture) for d in found])


def test_suite_size() -> None:
    assert len(ALL) >= 150, f"only {len(ALL)} fixtures"


@pytest.mark.parametrize("fixture", ALL, ids=[f.name for f in ALL])
def test_expectations_use_registered_codes(fixture: Fixture) -> None:
    for e in fixture.expectations():
        assert e.code in CODES, f"{fixture.name}:{e.line}: unregistered code {e.code}"
        line = fixture.files[e.file].splitlines()[e.line - 1]
        assert 1 <= e.col <= len(line), f"{fixture.name}:{e.line}: column {e.col} past the line"
        assert not line[e.col - 1].isspace(), \
            f"{fixture.name}:{e.line}:{e.col}: a span cannot start on whitespace"


def test_every_code_has_a_failing_fixture() -> None:
    used = {e.code for f in ALL for e in f.expectations()}
    ours = {c for c in CODES if int(c[1:]) in OWN_RANGE}
    assert sorted(ours - used) == []


def test_catalog_documents_every_code() -> None:
    documented = set(re.findall(r"^### (K\d{4}) ", DOCS.read_text("utf-8"), re.M))
    ours = {c for c in CODES if int(c[1:]) in OWN_RANGE}
    assert sorted(ours - documented) == [], "codes missing from docs/diagnostics.md"
    assert sorted(documented - set(CODES)) == [], "documented codes not in codes.py"
