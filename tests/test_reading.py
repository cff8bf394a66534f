"""The one CSV reader on files as they really arrive: encodings, delimiters, line endings, blank lines, trailing
commas, short and long rows — every row keeps its line number as in the file, and unreadable input is one Problem."""

from __future__ import annotations

import pytest

from econ_ties.reading import UnreadableFile, read_text_table, sniff_delimiter


def _read(data: bytes, **kwargs):
    return read_text_table(data, "upload.csv", strict_utf8=False, **kwargs)


def test_utf8_with_bom_crlf_and_no_final_newline():
    table = _read(b"\xef\xbb\xbfa,b\r\n1,2\r\n3,4")
    assert table.columns == ["a", "b"]
    assert table.table.column("b").to_pylist() == ["2", "4"]
    assert table.line_numbers.tolist() == [2, 3]


def test_latin1_is_read_with_a_warning():
    table = _read("country,value\nTürkiye,1\nCôte d'Ivoire,2\n".encode("latin-1"))
    assert table.table.column("country").to_pylist() == ["Türkiye", "Côte d'Ivoire"]
    assert [p.code for p in table.problems] == ["encoding-error"]


def test_latin1_is_an_error_for_curated_files():
    with pytest.raises(UnreadableFile) as failure:
        read_text_table("country\nTürkiye\n".encode("latin-1"), "figures.csv", strict_utf8=True)
    assert failure.value.problem.code == "encoding-error"
    assert failure.value.problem.row == 2


def test_utf16_with_bom():
    table = _read("a\tb\r\nŞəki\t2\r\n".encode("utf-16"))
    assert table.delimiter == "\t"
    assert table.table.column("a").to_pylist() == ["Şəki"]


@pytest.mark.parametrize(("text", "delimiter"), [("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"), ('"x, y",b\n1,2\n', ",")])
def test_delimiter_is_sniffed(text, delimiter):
    assert _read(text.encode()).delimiter == delimiter


def test_semicolon_header_with_quoted_commas_is_not_read_as_comma():
    header = 'Name;Code;"Goods, Value of Exports (TXG_FOB_USD)"'
    assert sniff_delimiter(header, ["Azerbaijan;912;1,5"]) == ";"


def test_blank_lines_are_skipped_and_lines_keep_their_numbers():
    table = _read(b"\n\nclaim_id,value\n\nS1,1\r\n\r\n,\nS2,2\n\n")
    assert table.table.column("claim_id").to_pylist() == ["S1", "S2"]
    assert table.line_numbers.tolist() == [5, 8]


def test_trailing_comma_on_data_rows_only_makes_no_phantom_column():
    table = _read(b'"a","b"\r\n"1","2",\r\n"3","4",\r\n')
    assert table.columns == ["a", "b"]
    assert table.problems == []


def test_short_and_long_rows_are_reported_with_their_line():
    table = _read(b"a,b\n1,2\n3\n4,5,6\n7,8\n")
    assert table.table.column("a").to_pylist() == ["1", "7"]
    assert table.line_numbers.tolist() == [2, 5]
    assert [(p.code, p.row) for p in table.problems] == [("missing-cell", 3), ("extra-cell", 4)]


def test_duplicate_column_names_are_a_problem_not_a_crash():
    table = _read(b"a,b,a\n1,2,3\n")
    assert [(p.code, p.column) for p in table.problems] == [("duplicate-column", "a")]
    assert table.num_rows == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty-file"),
        (b"  \r\n\n", "empty-file"),
        (b"a,b,c\r\n\r\n", "header-only"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "unreadable-file"),
        (b"PK\x03\x04" + b"\x00" * 100, "unreadable-file"),
        (b"\x1f\x8b\x08" + b"\x00" * 100, "unreadable-file"),
        (",".join(f"c{i}" for i in range(10_000)).encode() + b"\n" + b"1," * 9_999 + b"1\n", "unreadable-file"),
    ],
    ids=["empty", "whitespace", "header-only", "binary", "zip", "gzip", "10000-columns"],
)
def test_unreadable_input_is_one_clear_problem(data, code):
    with pytest.raises(UnreadableFile) as failure:
        _read(data)
    assert failure.value.problem.code == code
    assert failure.value.problem.message
