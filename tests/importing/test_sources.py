"""Finding out how a text file is written: its encoding and its delimiter."""

from __future__ import annotations

import pytest

from csm_desk.importing.sources import SourceError, detect_encoding, sniff_delimiter, text_layout

TEXT = "Nome;Cidade\nJoão “Zé” – Açaí €;São Paulo\n"


@pytest.mark.parametrize(
    ("data", "codec", "detected"),
    [
        (TEXT.encode("utf-8"), "utf-8-sig", False),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig", False),
        (TEXT.encode("utf-16"), "utf-16", False),
        (TEXT.encode("utf-16-le"), "utf-16-le", False),
        (TEXT.encode("utf-16-be"), "utf-16-be", False),
        (TEXT.encode("cp1252"), "cp1252", True),
        (b"plain ascii;only\n", "utf-8-sig", False),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 BOM", "utf-16-le", "utf-16-be", "windows-1252", "ascii"],
)
def test_the_encoding_is_found_and_reads_every_character(tmp_path, data, codec, detected):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert detect_encoding(str(path)) == (codec, detected)
    expected = "plain ascii;only\n" if data.startswith(b"plain") else TEXT
    assert path.read_bytes().decode(codec) == expected


def test_a_windows_1252_byte_far_into_the_file_is_still_found(tmp_path):
    path = tmp_path / "late.csv"
    path.write_bytes(b"id;name\n" + b"1;plain\n" * 200_000 + "2;São\n".encode("cp1252"))
    assert detect_encoding(str(path)) == ("cp1252", True)


def test_latin_1_is_never_the_answer_excel_punctuation_survives(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_bytes("“aspas” – travessão … € ‰".encode("cp1252"))
    codec, _ = detect_encoding(str(path))
    assert codec == "cp1252"
    assert path.read_bytes().decode(codec) == "“aspas” – travessão … € ‰"


def test_binary_data_is_refused(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00\x07binary\x00\x01")
    with pytest.raises(SourceError, match="binary data"):
        detect_encoding(str(path))


def test_a_named_encoding_is_taken_as_it_is(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    assert detect_encoding(str(path), "latin-1") == ("latin-1", False)


@pytest.mark.parametrize(
    ("lines", "delimiter"),
    [
        (["a,b,c\n", "1,2,3\n"], ","),
        (["a;b;c\n", "1;2,5;3\n"], ";"),  # a decimal comma inside a ';' file
        (["a\tb\n", "1\t2\n"], "\t"),
        (["a|b\n", "1|2\n"], "|"),
        (["name;note\n", '"Acme, Inc.";"a, b, c"\n'], ";"),  # commas quoted inside cells
        (["only\n", "one\n"], ","),  # one column: the default
        (["a;b\n"], ";"),  # a header alone
    ],
)
def test_the_delimiter_is_sniffed_from_the_header_and_the_lines_after_it(lines, delimiter):
    assert sniff_delimiter(lines) == delimiter


def test_a_layout_names_what_it_found(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    layout = text_layout(str(path))
    assert (layout.encoding, layout.delimiter) == ("cp1252", ";")
    assert layout.describe() == "Windows-1252 (detected), ';'-separated"


@pytest.mark.parametrize(
    "data",
    [b"a\x00b\x00\n", b"\xff\xfea\x00b\x00\n", b"\x00a\x00b\x0a"],
    ids=["utf-16-le cut short", "utf-16 BOM cut short", "utf-16-be cut short"],
)
def test_text_that_looks_like_utf16_but_breaks_is_refused_not_misread(tmp_path, data):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(SourceError):
        detect_encoding(str(path))
