"""The one CSV reader on files as they really arrive: encodings, delimiters, line endings, blank lines, trailing
commas, short and long rows — every row keeps its line number as in the file, and unreadable input is one Problem."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from econ_ties.io.reading import TextTable, UnreadableFile, read_text_table, sniff_delimiter
from econ_ties.model.problems import Problem


def _read(data: bytes, **kwargs):
    """Read from bytes in memory and from a file on disk (two routes, see `read_text_table`): both must agree."""
    from_bytes = _read_or_problem(data, **kwargs)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.csv"
        path.write_bytes(data)
        from_disk = _read_or_problem(path, **kwargs)
    if isinstance(from_bytes, Problem):
        assert from_disk == from_bytes
        raise UnreadableFile(from_bytes)
    assert isinstance(from_disk, TextTable)
    assert (from_disk.columns, from_disk.encoding, from_disk.delimiter, from_disk.problems) == (
        from_bytes.columns, from_bytes.encoding, from_bytes.delimiter, from_bytes.problems
    )  # fmt: skip
    assert from_disk.line_numbers.tolist() == from_bytes.line_numbers.tolist()
    assert from_disk.table.equals(from_bytes.table)
    return from_bytes


def _read_or_problem(source: bytes | Path, **kwargs) -> TextTable | Problem:
    try:
        return read_text_table(source, "upload.csv", strict_utf8=False, **kwargs)
    except UnreadableFile as failure:
        return failure.problem


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


def _big_utf8_head(rows: int = 40_000) -> bytes:
    """A plain UTF-8 start longer than the part of a file looked at before parsing it from disk."""
    return b"country,value\n" + b"".join(b"AZE,%d\n" % i for i in range(rows))


def test_a_file_on_disk_that_starts_plainly_is_parsed_from_disk_without_reading_it_whole(tmp_path, monkeypatch):
    import econ_ties.io.reading as reading

    data = _big_utf8_head() + "Türkiye,1\n".encode()
    assert len(data) > reading.HEAD_BYTES
    path = tmp_path / "plain.csv"
    path.write_bytes(data)

    def no_whole_read(*args, **kwargs):
        raise AssertionError("the file was read into memory whole")

    monkeypatch.setattr(reading, "read_bytes", no_whole_read)
    table = read_text_table(path, "plain.csv", strict_utf8=False)
    assert table.num_rows == 40_001
    assert table.table.column("country").to_pylist()[-1] == "Türkiye"
    assert table.line_numbers[-1] == 40_002


def test_latin1_after_a_plain_utf8_start_is_read_again_with_the_warning():
    table = _read(_big_utf8_head() + "Türkiye,1\n".encode("latin-1"))
    assert table.table.column("country").to_pylist()[-1] == "Türkiye"
    assert [p.code for p in table.problems] == ["encoding-error"]


def test_latin1_after_a_plain_utf8_start_is_an_error_for_curated_files_with_its_line(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_bytes(_big_utf8_head() + "Türkiye,1\n".encode("latin-1"))
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(path, "figures.csv", strict_utf8=True)
    assert failure.value.problem.code == "encoding-error"
    assert failure.value.problem.row == 40_002


def test_a_file_on_disk_over_the_limit_or_missing_is_one_clear_problem(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(_big_utf8_head())
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(path, "big.csv", max_bytes=1000)
    assert "limit" in failure.value.problem.message
    with pytest.raises(UnreadableFile) as failure:
        read_text_table(tmp_path / "missing.csv", "missing.csv")
    assert "does not exist" in failure.value.problem.message


def test_a_lone_carriage_return_ends_the_header_as_it_ends_rows():
    # pyarrow ends a row at a lone CR (old Mac files); the header must end there too, not fail to split.
    table = _read(b"a,b\rc,d\n1,2\n")
    assert table.columns == ["a", "b"]
    assert table.table.column("a").to_pylist() == ["c", "1"]


def test_a_short_file_without_a_final_newline_is_sniffed_the_same_from_disk_and_from_memory():
    # The last line has no line break: the route from disk must look at it too (it once cut it off, saw only the
    # first row and sniffed ';' where the route from memory saw the short last row and sniffed ',').
    table = _read(b'a;"b, c";"d, e"\n1;2;3\n4,5,6')
    assert table.delimiter == ","
