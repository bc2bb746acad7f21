"""A transcript file from disk: its bytes decoded, then read by ``domain.transcript_files``.

Encodings, as meeting tools and editors save them: UTF-8 (with or without a BOM) and UTF-16 with
its BOM; a file that is not UTF-8 is offered to the detector (charset-normalizer), and read as
Windows-1252 only when the detector finds that it reads as such (Notepad's "ANSI" on a Western
Windows). Never latin-1: it would turn Windows' “ ” – € into control characters. Anything else is
refused with one line naming the file and the line of the first byte that could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csm_desk.domain.transcript import Transcript, TranscriptError
from csm_desk.domain.transcript_files import read_transcript
from csm_desk.errors import CsmDeskError

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
MAX_BYTES = 50 * 1024 * 1024
"""A transcript of a very long day is a few megabytes; beyond this the file is something else."""


class TranscriptFileError(CsmDeskError):
    """The file cannot be read as a transcript: one line, ``file:line: reason``."""


@dataclass(frozen=True)
class TranscriptFile:
    path: str
    transcript: Transcript
    encoding: str
    """How its bytes were read: ``UTF-8``, ``UTF-8 with BOM``, ``UTF-16`` or ``Windows-1252``."""


def read_transcript_file(path: str) -> TranscriptFile:
    """The transcript in ``path``; ``TranscriptFileError`` says what stops it from being read."""
    text, encoding = decode(path)
    try:
        transcript = read_transcript(text, Path(path).name)
    except TranscriptError as exc:
        raise TranscriptFileError(where(path, exc)) from None
    return TranscriptFile(path, transcript, encoding)


def where(path: str, error: TranscriptError) -> str:
    """``file:line: reason`` (``file: reason`` for what the file's name says, line 0)."""
    return f"{path}:{error.line}: {error.reason}" if error.line else f"{path}: {error.reason}"


def decode(path: str) -> tuple[str, str]:
    """The file's text and how it was read; ``TranscriptFileError`` when it is not text we can read."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise TranscriptFileError(f"{path}: {size // (1024 * 1024)} MB is too big for a transcript")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TranscriptFileError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not data.strip():
        raise TranscriptFileError(f"{path}:1: empty file: no line of a transcript")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TranscriptFileError(f"{path}: not UTF-16 text after its byte-order mark ({exc.reason})") from None
        if "\x00" in text:
            raise TranscriptFileError(f"{path}: binary data, not a transcript")
        return text, "UTF-16"
    if b"\x00" in data:
        raise TranscriptFileError(f"{path}: binary data, not a transcript (UTF-16 text needs its byte-order mark)")
    bom = data.startswith(_UTF8_BOM)
    body = data[len(_UTF8_BOM) :] if bom else data
    try:
        return body.decode("utf-8"), "UTF-8 with BOM" if bom else "UTF-8"
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        bad = f"byte 0x{body[exc.start]:02x}"
    if not bom and _reads_as_windows_1252(data):
        return data.decode("cp1252"), "Windows-1252"
    raise TranscriptFileError(f"{path}:{line}: not UTF-8 text ({bad}), nor Windows-1252; save it as UTF-8")


def _reads_as_windows_1252(data: bytes) -> bool:
    """The detector's verdict: the bytes decode as Windows-1252 into text that reads as text."""
    from charset_normalizer import from_bytes  # only for a file that is not UTF-8

    try:
        data.decode("cp1252")
    except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d)
        return False
    return from_bytes(data, cp_isolation=["cp1252"]).best() is not None
