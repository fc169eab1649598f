"""Protocol positions <-> byte offsets, in each column unit a client may pick."""
import pytest

from kiln.compiler.syntax.source import SourceFile
from kiln.lsp.positions import ColumnUnit, line_column, offset_at

TEXT = "x = 1\ns = 'é𝄞z'\r\nlast"


def check(unit, line, column, expected_offset):
    source = SourceFile("t.kiln", TEXT)
    offset = offset_at(source, line, column, unit)
    assert offset == expected_offset
    assert line_column(source, offset, unit) == (line, column)


@pytest.mark.parametrize("unit,column,offset", [
    # `s = 'é𝄞z'`: é is 2 bytes / 1 unit; 𝄞 is 4 bytes / 2 UTF-16 units / 1 code point
    (ColumnUnit.UTF16, 5, 11), (ColumnUnit.UTF16, 6, 13), (ColumnUnit.UTF16, 8, 17),
    (ColumnUnit.UTF8, 5, 11), (ColumnUnit.UTF8, 7, 13), (ColumnUnit.UTF8, 11, 17),
    (ColumnUnit.UTF32, 5, 11), (ColumnUnit.UTF32, 6, 13), (ColumnUnit.UTF32, 7, 17),
])
def test_round_trip_on_a_non_ascii_line(unit, column, offset):
    check(unit, 1, column, offset)


@pytest.mark.parametrize("unit", list(ColumnUnit))
def test_out_of_range_positions_clamp(unit):
    source = SourceFile("t.kiln", TEXT)
    assert offset_at(source, 0, 99, unit) == 5            # end of line 0, before \n
    assert offset_at(source, 1, 99, unit) == len("x = 1\ns = 'é𝄞z'".encode())  # before \r\n
    assert offset_at(source, 7, 0, unit) == len(TEXT.encode())
    assert offset_at(source, -1, 3, unit) == 0


def test_unit_from_negotiated_encoding():
    assert ColumnUnit.from_encoding("utf-8") is ColumnUnit.UTF8
    assert ColumnUnit.from_encoding("utf-32") is ColumnUnit.UTF32
    assert ColumnUnit.from_encoding(None) is ColumnUnit.UTF16
