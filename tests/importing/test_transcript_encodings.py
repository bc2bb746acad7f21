"""A transcript file's bytes: UTF-8 with or without a BOM, UTF-16 with its BOM, Windows-1252 found by
the detector; anything else refused with one line naming the file (and the line of the first bad byte)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csm_desk.importing.transcript import TranscriptFileError, read_transcript_file

DATA = Path(__file__).parent.parent / "data" / "transcripts"


def test_utf8_without_a_bom():
    f = read_transcript_file(str(DATA / "untimed.txt"))
    assert f.encoding == "UTF-8"
    assert f.transcript.lines[1].speaker == "João Araújo"


def test_utf8_with_a_bom_the_mark_is_not_part_of_the_first_line():
    f = read_transcript_file(str(DATA / "bom.srt"))
    assert f.encoding == "UTF-8 with BOM"
    assert [(x.speaker, x.text) for x in f.transcript.lines] == [("João Araújo", "Até logo.")]


def test_utf16_with_its_bom_and_crlf():
    f = read_transcript_file(str(DATA / "utf16.vtt"))
    assert f.encoding == "UTF-16"
    assert [(x.speaker, x.text) for x in f.transcript.lines] == [("João Araújo", "“Ótimo” – obrigado.")]


def test_windows_1252_is_detected_and_its_punctuation_survives():
    f = read_transcript_file(str(DATA / "windows1252.txt"))
    assert f.encoding == "Windows-1252"
    assert f.transcript.lines[1].text == "“Não estamos vendo o valor esperado” – foi o que a diretoria disse."
    assert f.transcript.lines[2].text == "O orçamento caiu 30% e a renovação é em março."


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused_at_the_first_bad_byte():
    path = str(DATA / "bad_cyrillic.txt")
    with pytest.raises(TranscriptFileError) as caught:
        read_transcript_file(path)
    assert str(caught.value) == f"{path}:1: not UTF-8 text (byte 0xc8), nor Windows-1252; save it as UTF-8"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", ":1: empty file"),
        (b"  \r\n\n", ":1: empty file"),
        (b"Sam: hi\x00\x01\x02", ": binary data, not a transcript"),
        (b"Sam: ok\n\x81\x8d\x90 undefined in Windows-1252\n", ":2: not UTF-8 text (byte 0x81)"),
        (b"\xef\xbb\xbfSam: caf\xe9\n", ":1: not UTF-8 text (byte 0xe9)"),  # a BOM promised UTF-8
    ],
)
def test_bytes_that_are_no_transcript_are_refused(tmp_path, data, reason):
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    with pytest.raises(TranscriptFileError) as caught:
        read_transcript_file(str(path))
    assert str(caught.value).startswith(f"{path}{reason}")
    assert "\n" not in str(caught.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(TranscriptFileError) as caught:
        read_transcript_file(str(tmp_path / "nope.vtt"))
    assert str(caught.value).startswith(f"{tmp_path / 'nope.vtt'}: cannot read the file")


def test_a_parse_error_is_named_by_file_and_line():
    path = str(DATA / "bad_time.vtt")
    with pytest.raises(TranscriptFileError) as caught:
        read_transcript_file(path)
    assert str(caught.value).startswith(f"{path}:6: start: '00:00:75.000' is not a time")
